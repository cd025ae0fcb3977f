// The SGD kernel on AVX, bit-identical to the portable Swift kernel (see the header).
#include "CSGDKernel.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int csgd_avx_available(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  const int avx = (ecx >> 28) & 1, osxsave = (ecx >> 27) & 1;
  if (!avx || !osxsave) return 0;
  unsigned int xcr0_low, xcr0_high;
  __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  return (xcr0_low & 6) == 6;  // the OS saves XMM and YMM state
}

__attribute__((target("avx")))
static inline float dot(const float *a, const float *b, int chunks) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  int c = 0;
  for (; c + 1 < chunks; c += 2) {
    acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(_mm256_loadu_ps(a + 8 * c), _mm256_loadu_ps(b + 8 * c)));
    acc1 = _mm256_add_ps(acc1, _mm256_mul_ps(_mm256_loadu_ps(a + 8 * c + 8), _mm256_loadu_ps(b + 8 * c + 8)));
  }
  if (c < chunks) {
    acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(_mm256_loadu_ps(a + 8 * c), _mm256_loadu_ps(b + 8 * c)));
  }
  // FloatKernel.reduce (RecsysCore): lanes 0-3 + 4-7, then (0,1) + (2,3), then lane 0 + lane 1.
  const __m256 v = _mm256_add_ps(acc0, acc1);
  const __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
  return _mm_cvtss_f32(_mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1)));
}

__attribute__((target("avx")))
float csgd_dot_avx(const float *a, const float *b, int chunks) { return dot(a, b, chunks); }

__attribute__((target("avx")))
double csgd_run_avx(float *user_rows, float *item_rows, float *user_bias, float *item_bias,
                    const csgd_entry *entries, size_t count, int chunks, float mean, int biased,
                    float lr_bias, float reg_bias, float lr_factors, float shrink) {
  const __m256 shrink8 = _mm256_set1_ps(shrink);
  double sse = 0;
  for (size_t n = 0; n < count; n++) {
    const int32_t u = entries[n].user, i = entries[n].item;
    float *p = user_rows + (size_t)u * (size_t)chunks * 8;
    float *q = item_rows + (size_t)i * (size_t)chunks * 8;
    const float d = dot(p, q, chunks);
    float err;
    if (biased) {
      const float bu = user_bias[u], bi = item_bias[i];
      err = entries[n].rating - (((mean + bu) + bi) + d);
      user_bias[u] = bu + lr_bias * (err - reg_bias * bu);
      item_bias[i] = bi + lr_bias * (err - reg_bias * bi);
    } else {
      err = entries[n].rating - d;
    }
    sse += (double)err * (double)err;
    const __m256 step = _mm256_set1_ps(lr_factors * err);
    for (int c = 0; c < chunks; c++) {
      const __m256 pc = _mm256_loadu_ps(p + 8 * c), qc = _mm256_loadu_ps(q + 8 * c);
      _mm256_storeu_ps(p + 8 * c, _mm256_add_ps(pc, _mm256_sub_ps(_mm256_mul_ps(step, qc), _mm256_mul_ps(shrink8, pc))));
      _mm256_storeu_ps(q + 8 * c, _mm256_add_ps(qc, _mm256_sub_ps(_mm256_mul_ps(step, pc), _mm256_mul_ps(shrink8, qc))));
    }
  }
  return sse;
}

#else
int csgd_avx_available(void) { return 0; }

float csgd_dot_avx(const float *a, const float *b, int chunks) {
  (void)a; (void)b; (void)chunks;
  __builtin_trap();  // unreachable: availability is 0 here
}

double csgd_run_avx(float *user_rows, float *item_rows, float *user_bias, float *item_bias,
                    const csgd_entry *entries, size_t count, int chunks, float mean, int biased,
                    float lr_bias, float reg_bias, float lr_factors, float shrink) {
  (void)user_rows; (void)item_rows; (void)user_bias; (void)item_bias; (void)entries; (void)count;
  (void)chunks; (void)mean; (void)biased; (void)lr_bias; (void)reg_bias; (void)lr_factors; (void)shrink;
  __builtin_trap();  // unreachable: availability is 0 here
}
#endif
