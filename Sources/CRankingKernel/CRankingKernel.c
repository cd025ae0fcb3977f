// The ranking models' hot loops on AVX-512 and on AVX2, bit-identical to the portable Swift
// code in Sources/Ranking (see the header): the same IEEE operations per lane in the same
// order. Neither path uses FMA: the Swift code rounds the product before the sum.
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

/// The lane tree of FloatKernel.reduce over acc0 (`lo`) + acc1 (`hi`).
__attribute__((target("avx512f")))
static inline float reduce(__m256 lo, __m256 hi) {
  const __m256 v = _mm256_add_ps(lo, hi);
  const __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
  return _mm_cvtss_f32(_mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1)));
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
  return reduce(lo, hi);
}

enum { MAX_PAIRS = 64 };  // 1024 factors

/// out = G v for the padded factors x factors Gramian (ALSModel.multiply), the sum over
/// d ascending held in registers.
__attribute__((target("avx512f"), always_inline))
static inline void multiply(const int pairs, const int odd, const float *g, const float *v, float *out,
                            int factors, int chunks) {
  __m512 acc[MAX_PAIRS];
  __m256 tail = _mm256_setzero_ps();
  for (int q = 0; q < pairs; q++) acc[q] = _mm512_setzero_ps();
  for (int d = 0; d < factors; d++) {
    const float *row = g + d * chunks * 8;
    const __m512 s = _mm512_set1_ps(v[d]);
    for (int q = 0; q < pairs; q++) acc[q] = _mm512_add_ps(acc[q], _mm512_mul_ps(s, _mm512_loadu_ps(row + 16 * q)));
    if (odd) tail = _mm256_add_ps(tail, _mm256_mul_ps(_mm512_castps512_ps256(s), _mm256_loadu_ps(row + 16 * pairs)));
  }
  for (int q = 0; q < pairs; q++) _mm512_storeu_ps(out + 16 * q, acc[q]);
  if (odd) _mm256_storeu_ps(out + 16 * pairs, tail);
}

/// For each entry e of the row: `sum += coef * y_e` with `d = y_e · v` and
/// `coef = conf - (conf - 1) d` (`residual`, the right-hand side) or `(conf - 1) d`
/// (the product with the Hessian), `sum` held in registers across the entries.
__attribute__((target("avx512f"), always_inline))
static inline void entries(const int pairs, const int odd, const int residual, const float *v, float *sum,
                           const float *fixed, long row, const int32_t *columns, const float *values,
                           long start, long end, float alpha, int use_values) {
  __m512 acc[MAX_PAIRS], vv[MAX_PAIRS], yq[MAX_PAIRS];
  __m256 acc_tail = _mm256_setzero_ps(), v_tail = _mm256_setzero_ps();
  for (int q = 0; q < pairs; q++) {
    acc[q] = _mm512_loadu_ps(sum + 16 * q);
    vv[q] = _mm512_loadu_ps(v + 16 * q);
  }
  if (odd) {
    acc_tail = _mm256_loadu_ps(sum + 16 * pairs);
    v_tail = _mm256_loadu_ps(v + 16 * pairs);
  }
  for (long e = start; e < end; e++) {
    const float conf = 1 + alpha * (use_values ? values[e] : 1);
    const float *y = fixed + (long)columns[e] * row;
    __m512 d = _mm512_setzero_ps();
    for (int q = 0; q < pairs; q++) {
      yq[q] = _mm512_loadu_ps(y + 16 * q);
      d = _mm512_add_ps(d, _mm512_mul_ps(yq[q], vv[q]));
    }
    __m256 lo = _mm512_castps512_ps256(d);
    const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(d), 1));
    __m256 y_tail = _mm256_setzero_ps();
    if (odd) {
      y_tail = _mm256_loadu_ps(y + 16 * pairs);
      lo = _mm256_add_ps(lo, _mm256_mul_ps(y_tail, v_tail));
    }
    const float dd = reduce(lo, hi);
    const float coef = residual ? conf - (conf - 1) * dd : (conf - 1) * dd;
    const __m512 s = _mm512_set1_ps(coef);
    for (int q = 0; q < pairs; q++) acc[q] = _mm512_add_ps(acc[q], _mm512_mul_ps(s, yq[q]));
    if (odd) acc_tail = _mm256_add_ps(acc_tail, _mm256_mul_ps(_mm512_castps512_ps256(s), y_tail));
  }
  for (int q = 0; q < pairs; q++) _mm512_storeu_ps(sum + 16 * q, acc[q]);
  if (odd) _mm256_storeu_ps(sum + 16 * pairs, acc_tail);
}

__attribute__((target("avx512f"), always_inline))
static inline void als_rows(const int pairs, float *target, const float *fixed, const float *gram,
                            const long *offsets, const int32_t *columns, const float *values,
                            long row_begin, long row_end, int factors, int chunks, float alpha,
                            int use_values, int steps) {
  float r[1024] __attribute__((aligned(64)));
  float p[1024] __attribute__((aligned(64)));
  float ap[1024] __attribute__((aligned(64)));
  float x[1024] __attribute__((aligned(64)));
  const int odd = chunks & 1;
  const int width = chunks * 8;
  const long row = width;
  for (long u = row_begin; u < row_end; u++) {
    float *out = target + u * row;
    for (int q = 0; q < width; q++) x[q] = out[q];
    const long start = offsets[u], end = offsets[u + 1];
    // r = b - A x
    multiply(pairs, odd, gram, x, ap, factors, chunks);
    for (int q = 0; q < width; q++) r[q] = -ap[q];
    entries(pairs, odd, 1, x, r, fixed, row, columns, values, start, end, alpha, use_values);
    for (int q = 0; q < width; q++) p[q] = r[q];
    float rs = dot(r, r, chunks);
    for (int s = 0; s < steps; s++) {
      if (rs < 1e-20f) break;
      multiply(pairs, odd, gram, p, ap, factors, chunks);
      entries(pairs, odd, 0, p, ap, fixed, row, columns, values, start, end, alpha, use_values);
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

__attribute__((target("avx512f")))
void crank_als_rows_avx512(float *target, const float *fixed, const float *gram,
                           const long *offsets, const int32_t *columns, const float *values,
                           long row_begin, long row_end, int factors, int chunks, float alpha,
                           int use_values, int steps) {
  // A constant pair count lets the compiler keep the row sums in registers.
#define ROWS(P) als_rows(P, target, fixed, gram, offsets, columns, values, row_begin, row_end, factors, chunks, alpha, use_values, steps)
  switch (chunks / 2) {
    case 0: ROWS(0); break;
    case 1: ROWS(1); break;
    case 2: ROWS(2); break;
    case 3: ROWS(3); break;
    case 4: ROWS(4); break;
    case 5: ROWS(5); break;
    case 6: ROWS(6); break;
    case 7: ROWS(7); break;
    case 8: ROWS(8); break;
    default: ROWS(chunks / 2); break;
  }
#undef ROWS
}

// ---------------------------------------------------------------------------------------
// AVX2: the same operations per lane on 256-bit registers. A ZMM register of the AVX-512
// code is two YMM registers here (one SIMD8 chunk each); sums keep the Swift code's order.

int crank_avx2_available(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  if (!((ecx >> 27) & 1) || !((ecx >> 28) & 1)) return 0;  // OSXSAVE, AVX
  if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
  if (!((ebx >> 5) & 1)) return 0;  // AVX2
  unsigned int xcr0_low, xcr0_high;
  __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  return (xcr0_low & 6) == 6;  // the OS saves XMM and YMM state
}

// 6 x 16 register tile: 12 accumulators, two B vectors, one broadcast, one product.
enum { MR2 = 6, NR2 = 16 };

/// Lane masks for the columns `j0 + 0..<count` of an 8-wide vector (all, some or none).
__attribute__((target("avx2")))
static inline __m256i lanes8(long count) {
  const __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const int c = count >= 8 ? 8 : count <= 0 ? 0 : (int)count;
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(c), index);
}

/// One MR2 x NR2 tile of C over the k slab `t0..<end` (the columns past n masked off).
__attribute__((target("avx2"), always_inline))
static inline void gemm_tile2(const int full, const float *const *ap, long rows, long t0, long end,
                              long t_step, const float *bpack, float *c, long ldc,
                              __m256i m0, __m256i m1, __m256 scale) {
  __m256 acc0[MR2], acc1[MR2];
#pragma clang loop unroll(full)
  for (int r = 0; r < MR2; r++) acc0[r] = acc1[r] = _mm256_setzero_ps();
  for (long t = t0; t < end; t++) {
    const float *brow = bpack + (t - t0) * NR2;
    const __m256 b0 = _mm256_load_ps(brow);
    const __m256 b1 = _mm256_load_ps(brow + 8);
    const long at = t * t_step;
#pragma clang loop unroll(full)
    for (int r = 0; r < MR2; r++) {
      const __m256 av = _mm256_broadcast_ss(ap[r] + at);
      acc0[r] = _mm256_add_ps(acc0[r], _mm256_mul_ps(av, b0));
      acc1[r] = _mm256_add_ps(acc1[r], _mm256_mul_ps(av, b1));
    }
  }
  for (int r = 0; r < rows; r++) {
    float *crow = c + r * ldc;
    if (full) {
      _mm256_storeu_ps(crow, _mm256_add_ps(_mm256_loadu_ps(crow), _mm256_mul_ps(scale, acc0[r])));
      _mm256_storeu_ps(crow + 8, _mm256_add_ps(_mm256_loadu_ps(crow + 8), _mm256_mul_ps(scale, acc1[r])));
    } else {
      const __m256 old0 = _mm256_maskload_ps(crow, m0);
      _mm256_maskstore_ps(crow, m0, _mm256_add_ps(old0, _mm256_mul_ps(scale, acc0[r])));
      const __m256 old1 = _mm256_maskload_ps(crow + 8, m1);
      _mm256_maskstore_ps(crow + 8, m1, _mm256_add_ps(old1, _mm256_mul_ps(scale, acc1[r])));
    }
  }
}

__attribute__((target("avx2")))
void crank_gemm_avx2(long m, long n, long k, float alpha, const float *a, long lda, int trans_a,
                     const float *b, long ldb, float *c, long ldc) {
  if (m <= 0 || n <= 0 || k <= 0) return;
  const long row_step = trans_a ? 1 : lda;
  const long t_step = trans_a ? lda : 1;
  const __m256 scale = _mm256_set1_ps(alpha);
  // Slabs outermost (each element still takes them in ascending order): one slab of a B
  // panel, KC x 16 floats, is copied into `bpack` (zeros past n) and stays in L1 while
  // every row tile reads it; B's rows can be pages apart. Copies change no bits.
  float bpack[KC * NR2] __attribute__((aligned(32)));
  for (long t0 = 0; t0 < k; t0 += KC) {
    const long end = k - t0 < KC ? k : t0 + KC;
    for (long j0 = 0; j0 < n; j0 += NR2) {
      const __m256i m0 = lanes8(n - j0), m1 = lanes8(n - j0 - 8);
      const int full = n - j0 >= NR2;
      for (long t = t0; t < end; t++) {
        const float *brow = b + t * ldb + j0;
        float *dst = bpack + (t - t0) * NR2;
        _mm256_store_ps(dst, full ? _mm256_loadu_ps(brow) : _mm256_maskload_ps(brow, m0));
        _mm256_store_ps(dst + 8, full ? _mm256_loadu_ps(brow + 8) : _mm256_maskload_ps(brow + 8, m1));
      }
      for (long i0 = 0; i0 < m; i0 += MR2) {
        const long rows = m - i0 < MR2 ? m - i0 : MR2;
        const float *ap[MR2];
        // Rows past m repeat row i0: computed, never stored.
        for (int r = 0; r < MR2; r++) ap[r] = a + (i0 + (r < rows ? r : 0)) * row_step;
        if (full) {
          gemm_tile2(1, ap, rows, t0, end, t_step, bpack, c + i0 * ldc + j0, ldc, m0, m1, scale);
        } else {
          gemm_tile2(0, ap, rows, t0, end, t_step, bpack, c + i0 * ldc + j0, ldc, m0, m1, scale);
        }
      }
    }
  }
}

/// FloatKernel.reduce over acc0 + acc1.
__attribute__((target("avx2")))
static inline float reduce2(__m256 acc0, __m256 acc1) {
  const __m256 v = _mm256_add_ps(acc0, acc1);
  const __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
  return _mm_cvtss_f32(_mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1)));
}

/// FloatKernel.dot(padded:): even chunks into acc0, odd ones into acc1, an odd last chunk
/// into acc0.
__attribute__((target("avx2")))
static inline float dot2(const float *a, const float *b, int chunks) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  int q = 0;
  for (; q + 1 < chunks; q += 2) {
    acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(_mm256_loadu_ps(a + 8 * q), _mm256_loadu_ps(b + 8 * q)));
    acc1 = _mm256_add_ps(acc1, _mm256_mul_ps(_mm256_loadu_ps(a + 8 * q + 8), _mm256_loadu_ps(b + 8 * q + 8)));
  }
  if (q < chunks) acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(_mm256_loadu_ps(a + 8 * q), _mm256_loadu_ps(b + 8 * q)));
  return reduce2(acc0, acc1);
}

/// y += s * x, chunk by chunk (VectorKernel.axpy).
__attribute__((target("avx2")))
static inline void axpy2(float s, const float *x, float *y, int chunks) {
  const __m256 v = _mm256_set1_ps(s);
  for (int q = 0; q < chunks; q++) {
    _mm256_storeu_ps(y + 8 * q, _mm256_add_ps(_mm256_loadu_ps(y + 8 * q), _mm256_mul_ps(v, _mm256_loadu_ps(x + 8 * q))));
  }
}

enum { MAX_CHUNKS = 128 };  // 1024 factors

/// out = G v (ALSModel.multiply), the sum over d ascending held in registers.
__attribute__((target("avx2"), always_inline))
static inline void multiply2(const int chunks, const float *g, const float *v, float *out, int factors) {
  __m256 acc[MAX_CHUNKS];
  for (int q = 0; q < chunks; q++) acc[q] = _mm256_setzero_ps();
  for (int d = 0; d < factors; d++) {
    const float *row = g + d * chunks * 8;
    const __m256 s = _mm256_broadcast_ss(v + d);
    for (int q = 0; q < chunks; q++) acc[q] = _mm256_add_ps(acc[q], _mm256_mul_ps(s, _mm256_loadu_ps(row + 8 * q)));
  }
  for (int q = 0; q < chunks; q++) _mm256_storeu_ps(out + 8 * q, acc[q]);
}

/// The entries loop of the AVX-512 `entries`: `sum += coef * y_e` with `d = y_e · v`
/// summed in FloatKernel's order, `sum` held in registers across the entries; `v` and
/// `y_e` are read from memory (L1) rather than held, there are only 16 YMM registers.
__attribute__((target("avx2"), always_inline))
static inline void entries2(const int chunks, const int residual, const float *v, float *sum,
                            const float *fixed, long row, const int32_t *columns, const float *values,
                            long start, long end, float alpha, int use_values) {
  __m256 acc[MAX_CHUNKS];
  for (int q = 0; q < chunks; q++) acc[q] = _mm256_loadu_ps(sum + 8 * q);
  for (long e = start; e < end; e++) {
    const float conf = 1 + alpha * (use_values ? values[e] : 1);
    const float *y = fixed + (long)columns[e] * row;
    const float dd = dot2(y, v, chunks);
    const float coef = residual ? conf - (conf - 1) * dd : (conf - 1) * dd;
    const __m256 s = _mm256_set1_ps(coef);
    for (int q = 0; q < chunks; q++) acc[q] = _mm256_add_ps(acc[q], _mm256_mul_ps(s, _mm256_loadu_ps(y + 8 * q)));
  }
  for (int q = 0; q < chunks; q++) _mm256_storeu_ps(sum + 8 * q, acc[q]);
}

__attribute__((target("avx2"), always_inline))
static inline void als_rows2(const int chunks, float *target, const float *fixed, const float *gram,
                             const long *offsets, const int32_t *columns, const float *values,
                             long row_begin, long row_end, int factors, float alpha,
                             int use_values, int steps) {
  float r[1024] __attribute__((aligned(32)));
  float p[1024] __attribute__((aligned(32)));
  float ap[1024] __attribute__((aligned(32)));
  float x[1024] __attribute__((aligned(32)));
  const int width = chunks * 8;
  const long row = width;
  for (long u = row_begin; u < row_end; u++) {
    float *out = target + u * row;
    for (int q = 0; q < width; q++) x[q] = out[q];
    const long start = offsets[u], end = offsets[u + 1];
    // r = b - A x
    multiply2(chunks, gram, x, ap, factors);
    for (int q = 0; q < width; q++) r[q] = -ap[q];
    entries2(chunks, 1, x, r, fixed, row, columns, values, start, end, alpha, use_values);
    for (int q = 0; q < width; q++) p[q] = r[q];
    float rs = dot2(r, r, chunks);
    for (int s = 0; s < steps; s++) {
      if (rs < 1e-20f) break;
      multiply2(chunks, gram, p, ap, factors);
      entries2(chunks, 0, p, ap, fixed, row, columns, values, start, end, alpha, use_values);
      const float pap = dot2(p, ap, chunks);
      if (!(pap > 0)) break;
      const float step = rs / pap;
      axpy2(step, p, x, chunks);
      axpy2(-step, ap, r, chunks);
      const float rs_new = dot2(r, r, chunks);
      const float beta = rs_new / rs;
      for (int q = 0; q < width; q++) p[q] = r[q] + beta * p[q];
      rs = rs_new;
    }
    for (int q = 0; q < width; q++) out[q] = x[q];
  }
}

__attribute__((target("avx2")))
void crank_als_rows_avx2(float *target, const float *fixed, const float *gram,
                         const long *offsets, const int32_t *columns, const float *values,
                         long row_begin, long row_end, int factors, int chunks, float alpha,
                         int use_values, int steps) {
  // A constant chunk count lets the compiler keep the row sums in registers.
#define ROWS2(C) als_rows2(C, target, fixed, gram, offsets, columns, values, row_begin, row_end, factors, alpha, use_values, steps)
  switch (chunks) {
    case 1: ROWS2(1); break;
    case 2: ROWS2(2); break;
    case 3: ROWS2(3); break;
    case 4: ROWS2(4); break;
    case 5: ROWS2(5); break;
    case 6: ROWS2(6); break;
    case 7: ROWS2(7); break;
    case 8: ROWS2(8); break;
    default: ROWS2(chunks); break;
  }
#undef ROWS2
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

int crank_avx2_available(void) { return 0; }

void crank_gemm_avx2(long m, long n, long k, float alpha, const float *a, long lda, int trans_a,
                     const float *b, long ldb, float *c, long ldc) {
  (void)m; (void)n; (void)k; (void)alpha; (void)a; (void)lda; (void)trans_a; (void)b; (void)ldb;
  (void)c; (void)ldc;
  __builtin_trap();  // unreachable: availability is 0 here
}

void crank_als_rows_avx2(float *target, const float *fixed, const float *gram,
                         const long *offsets, const int32_t *columns, const float *values,
                         long row_begin, long row_end, int factors, int chunks, float alpha,
                         int use_values, int steps) {
  (void)target; (void)fixed; (void)gram; (void)offsets; (void)columns; (void)values;
  (void)row_begin; (void)row_end; (void)factors; (void)chunks; (void)alpha; (void)use_values;
  (void)steps;
  __builtin_trap();
}
#endif
