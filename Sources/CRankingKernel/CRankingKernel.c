// The ranking models' hot loops on AVX-512, bit-identical to the portable Swift code in
// Sources/Ranking (see the header): the same IEEE operations per lane in the same order.
#include "CRankingKernel.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int crank_avx512_available(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  if (!((ecx >> 27) & 1)) return 0;  // OSXSAVE
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  if (!((ebx >> 16) & 1)) return 0;  // AVX512F
  unsigned int xcr0_low, xcr0_high;
  __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  return (xcr0_low & 0xE6) == 0xE6;  // XMM, YMM, opmask, ZMM_Hi256, Hi16_ZMM saved
}

enum { KC = 256, MR = 8, NR = 32 };

static inline __mmask16 lanes(long count) {
  return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

__attribute__((target("avx512f")))
void crank_gemm_avx512(long m, long n, long k, float alpha, const float *a, long lda, int trans_a,
                       const float *b, long ldb, float *c, long ldc) {
  if (m <= 0 || n <= 0 || k <= 0) return;
  const long row_step = trans_a ? 1 : lda;  // from op(A)'s row i to row i + 1
  const long t_step = trans_a ? lda : 1;    // from op(A)(i, t) to (i, t + 1)
  const __m512 scale = _mm512_set1_ps(alpha);
  for (long j0 = 0; j0 < n; j0 += NR) {
    const __mmask16 m0 = lanes(n - j0), m1 = lanes(n - j0 - 16);
    for (long i0 = 0; i0 < m; i0 += MR) {
      const long rows = m - i0 < MR ? m - i0 : MR;
      const float *ap[MR];
      // Rows past m repeat row i0: computed, never stored.
      for (int r = 0; r < MR; r++) ap[r] = a + (i0 + (r < rows ? r : 0)) * row_step;
      for (long t0 = 0; t0 < k; t0 += KC) {
        const long end = k - t0 < KC ? k : t0 + KC;
        __m512 acc0[MR], acc1[MR];
#pragma clang loop unroll(full)
        for (int r = 0; r < MR; r++) acc0[r] = acc1[r] = _mm512_setzero_ps();
        for (long t = t0; t < end; t++) {
          const float *brow = b + t * ldb + j0;
          const __m512 b0 = _mm512_maskz_loadu_ps(m0, brow);
          const __m512 b1 = _mm512_maskz_loadu_ps(m1, brow + 16);
          const long at = t * t_step;
#pragma clang loop unroll(full)
          for (int r = 0; r < MR; r++) {
            const __m512 av = _mm512_set1_ps(ap[r][at]);
            acc0[r] = _mm512_add_ps(acc0[r], _mm512_mul_ps(av, b0));
            acc1[r] = _mm512_add_ps(acc1[r], _mm512_mul_ps(av, b1));
          }
        }
        for (int r = 0; r < rows; r++) {
          float *crow = c + (i0 + r) * ldc + j0;
          const __m512 old0 = _mm512_maskz_loadu_ps(m0, crow);
          _mm512_mask_storeu_ps(crow, m0, _mm512_add_ps(old0, _mm512_mul_ps(scale, acc0[r])));
          const __m512 old1 = _mm512_maskz_loadu_ps(m1, crow + 16);
          _mm512_mask_storeu_ps(crow + 16, m1, _mm512_add_ps(old1, _mm512_mul_ps(scale, acc1[r])));
        }
      }
    }
  }
}

// Rows of `chunks` SIMD8 values: a ZMM register holds chunks 2q (low half) and 2q + 1
// (high half); an odd last chunk takes a YMM register.

/// y += s * x, lane by lane (VectorKernel.axpy).
__attribute__((target("avx512f")))
static inline void axpy(float s, const float *x, float *y, int chunks) {
  const int pairs = chunks / 2;
  const __m512 v = _mm512_set1_ps(s);
  for (int q = 0; q < pairs; q++) {
    _mm512_storeu_ps(y + 16 * q, _mm512_add_ps(_mm512_loadu_ps(y + 16 * q), _mm512_mul_ps(v, _mm512_loadu_ps(x + 16 * q))));
  }
  if (chunks & 1) {
    const int o = 16 * pairs;
    _mm256_storeu_ps(y + o, _mm256_add_ps(_mm256_loadu_ps(y + o), _mm256_mul_ps(_mm512_castps512_ps256(v), _mm256_loadu_ps(x + o))));
  }
}

/// RecsysCore's FloatKernel.dot(padded:): even chunks into accumulator 0 (the low half),
/// odd ones into accumulator 1 (the high half), an odd last chunk into accumulator 0,
/// then acc0 + acc1 and the fixed lane tree.
__attribute__((target("avx512f")))
static inline float dot(const float *a, const float *b, int chunks) {
  const int pairs = chunks / 2;
  __m512 acc = _mm512_setzero_ps();
  for (int q = 0; q < pairs; q++) {
    acc = _mm512_add_ps(acc, _mm512_mul_ps(_mm512_loadu_ps(a + 16 * q), _mm512_loadu_ps(b + 16 * q)));
  }
  __m256 lo = _mm512_castps512_ps256(acc);
  const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(acc), 1));
  if (chunks & 1) {
    const int o = 16 * pairs;
    lo = _mm256_add_ps(lo, _mm256_mul_ps(_mm256_loadu_ps(a + o), _mm256_loadu_ps(b + o)));
  }
  const __m256 v = _mm256_add_ps(lo, hi);
  const __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
  return _mm_cvtss_f32(_mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1)));
}

/// out = G v for the padded factors x factors Gramian (ALSModel.multiply).
__attribute__((target("avx512f")))
static inline void multiply(const float *g, const float *v, float *out, int factors, int chunks) {
  for (int q = 0; q < chunks * 8; q++) out[q] = 0;
  for (int d = 0; d < factors; d++) axpy(v[d], g + d * chunks * 8, out, chunks);
}

__attribute__((target("avx512f")))
void crank_als_rows_avx512(float *target, const float *fixed, const float *gram,
                           const long *offsets, const int32_t *columns, const float *values,
                           long row_begin, long row_end, int factors, int chunks, float alpha,
                           int use_values, int steps) {
  float r[1024] __attribute__((aligned(64)));
  float p[1024] __attribute__((aligned(64)));
  float ap[1024] __attribute__((aligned(64)));
  float x[1024] __attribute__((aligned(64)));
  const int width = chunks * 8;
  const long row = width;
  for (long u = row_begin; u < row_end; u++) {
    float *out = target + u * row;
    for (int q = 0; q < width; q++) x[q] = out[q];
    const long start = offsets[u], end = offsets[u + 1];
    // r = b - A x
    multiply(gram, x, ap, factors, chunks);
    for (int q = 0; q < width; q++) r[q] = -ap[q];
    for (long e = start; e < end; e++) {
      const float conf = 1 + alpha * (use_values ? values[e] : 1);
      const float *y = fixed + (long)columns[e] * row;
      const float yx = dot(y, x, chunks);
      axpy(conf - (conf - 1) * yx, y, r, chunks);
    }
    for (int q = 0; q < width; q++) p[q] = r[q];
    float rs = dot(r, r, chunks);
    for (int s = 0; s < steps; s++) {
      if (rs < 1e-20f) break;
      multiply(gram, p, ap, factors, chunks);
      for (long e = start; e < end; e++) {
        const float conf = 1 + alpha * (use_values ? values[e] : 1);
        const float *y = fixed + (long)columns[e] * row;
        const float yp = dot(y, p, chunks);
        axpy((conf - 1) * yp, y, ap, chunks);
      }
      const float pap = dot(p, ap, chunks);
      if (!(pap > 0)) break;
      const float step = rs / pap;
      axpy(step, p, x, chunks);
      axpy(-step, ap, r, chunks);
      const float rs_new = dot(r, r, chunks);
      const float beta = rs_new / rs;
      for (int q = 0; q < width; q++) p[q] = r[q] + beta * p[q];
      rs = rs_new;
    }
    for (int q = 0; q < width; q++) out[q] = x[q];
  }
}

#else
int crank_avx512_available(void) { return 0; }

void crank_gemm_avx512(long m, long n, long k, float alpha, const float *a, long lda, int trans_a,
                       const float *b, long ldb, float *c, long ldc) {
  (void)m; (void)n; (void)k; (void)alpha; (void)a; (void)lda; (void)trans_a; (void)b; (void)ldb;
  (void)c; (void)ldc;
  __builtin_trap();  // unreachable: availability is 0 here
}

void crank_als_rows_avx512(float *target, const float *fixed, const float *gram,
                           const long *offsets, const int32_t *columns, const float *values,
                           long row_begin, long row_end, int factors, int chunks, float alpha,
                           int use_values, int steps) {
  (void)target; (void)fixed; (void)gram; (void)offsets; (void)columns; (void)values;
  (void)row_begin; (void)row_end; (void)factors; (void)chunks; (void)alpha; (void)use_values;
  (void)steps;
  __builtin_trap();
}
#endif
