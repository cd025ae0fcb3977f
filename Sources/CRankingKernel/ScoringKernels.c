// The scoring module's hot loops (Sources/Scoring) on AVX2, bit-identical to its portable
// Swift code: the same IEEE operations per element in the same order (see the header).
// No FMA: the Swift code rounds every product before the sum.
#include "CRankingKernel.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

/// Lanes `0..<count` of an 8-wide vector set (count in 0...8).
__attribute__((target("avx2")))
static inline __m256i first_lanes(long count) {
  const __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)count), index);
}

/// `acc0 + acc1` of RecsysCore's `FloatKernel.dot(_:_:count:)` for rows `p` and `q`: full
/// chunks alternate between the accumulators (even ones into acc0), a partial last chunk
/// is zero-filled and goes where the next full one would have.
__attribute__((target("avx2")))
static inline __m256 dot_lanes(const float *p, const float *q, long k) {
  const long full = k / 8;
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  long c = 0;
  for (; c + 1 < full; c += 2) {
    acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(_mm256_loadu_ps(p + 8 * c), _mm256_loadu_ps(q + 8 * c)));
    acc1 = _mm256_add_ps(acc1, _mm256_mul_ps(_mm256_loadu_ps(p + 8 * c + 8), _mm256_loadu_ps(q + 8 * c + 8)));
  }
  if (c < full) {
    acc0 = _mm256_add_ps(acc0, _mm256_mul_ps(_mm256_loadu_ps(p + 8 * c), _mm256_loadu_ps(q + 8 * c)));
    c += 1;
  }
  const long rest = k - 8 * full;
  if (rest > 0) {
    const __m256i mask = first_lanes(rest);
    const __m256 product =
        _mm256_mul_ps(_mm256_maskload_ps(p + 8 * full, mask), _mm256_maskload_ps(q + 8 * full, mask));
    if (c % 2 == 0) acc0 = _mm256_add_ps(acc0, product); else acc1 = _mm256_add_ps(acc1, product);
  }
  return _mm256_add_ps(acc0, acc1);
}

/// `FloatKernel.reduce` of eight vectors at once: lane `j` of the result is
/// `((v[j][0] + v[j][4]) + (v[j][2] + v[j][6])) + ((v[j][1] + v[j][5]) + (v[j][3] + v[j][7]))`,
/// the same tree (halves, then quarters, then the last two lanes), by a transpose.
__attribute__((target("avx2")))
static inline __m256 reduce8(const __m256 v[8]) {
  __m256 s[4];
  for (int j = 0; j < 4; j++) {
    // Low halves of v[j] and v[j + 4] plus their high halves: lanes 0-3 are v[j]'s
    // `lowHalf + highHalf`, lanes 4-7 are v[j + 4]'s.
    s[j] = _mm256_add_ps(_mm256_permute2f128_ps(v[j], v[j + 4], 0x20), _mm256_permute2f128_ps(v[j], v[j + 4], 0x31));
  }
  // A 4 x 4 transpose in each 128-bit half: t[l] holds lane l of s[0..3].
  const __m256 a = _mm256_unpacklo_ps(s[0], s[1]), b = _mm256_unpackhi_ps(s[0], s[1]);
  const __m256 c = _mm256_unpacklo_ps(s[2], s[3]), d = _mm256_unpackhi_ps(s[2], s[3]);
  const __m256 t0 = _mm256_shuffle_ps(a, c, 0x44), t1 = _mm256_shuffle_ps(a, c, 0xEE);
  const __m256 t2 = _mm256_shuffle_ps(b, d, 0x44), t3 = _mm256_shuffle_ps(b, d, 0xEE);
  return _mm256_add_ps(_mm256_add_ps(t0, t2), _mm256_add_ps(t1, t3));
}

/// `dot_lanes` on 512-bit registers: a ZMM register holds chunk 2q in its low half (acc0)
/// and chunk 2q + 1 in its high half (acc1). The zero-filled lanes past `k` add +0 to a
/// lane that is never -0 (it starts at +0 and sums in round-to-nearest), which keeps it.
__attribute__((target("avx512f")))
static inline __m256 dot_lanes512(const float *p, const float *q, long k) {
  const long pairs = k / 16;
  __m512 acc = _mm512_setzero_ps();
  for (long c = 0; c < pairs; c++) {
    acc = _mm512_add_ps(acc, _mm512_mul_ps(_mm512_loadu_ps(p + 16 * c), _mm512_loadu_ps(q + 16 * c)));
  }
  const long rest = k - 16 * pairs;
  if (rest > 0) {
    const __mmask16 mask = (__mmask16)((1u << rest) - 1);
    acc = _mm512_add_ps(
        acc, _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, p + 16 * pairs), _mm512_maskz_loadu_ps(mask, q + 16 * pairs)));
  }
  const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(acc), 1));
  return _mm256_add_ps(_mm512_castps512_ps256(acc), hi);
}

/// The loop of `crank_score_factors_avx2` over one dot product per item (`dot_lanes` or
/// `dot_lanes512`, inlined into each caller).
#define FACTOR_ROWS(DOT)                                                                              \
  if (k <= 0) return;                                                                               \
  for (long i0 = begin; i0 < end; i0 += 8) {                                                        \
    const long items = end - i0 < 8 ? end - i0 : 8;                                                 \
    __m256 v[8];                                                                                    \
    /* Items past `end` repeat the last one: computed, never stored. */                            \
    for (int j = 0; j < 8; j++) v[j] = DOT(p, q + (i0 + (j < items ? j : items - 1)) * k, k);       \
    const __m256 dots = reduce8(v);                                                                 \
    if (items == 8) {                                                                               \
      __m256 s = _mm256_set1_ps(base);                                                              \
      if (biases) s = _mm256_add_ps(s, _mm256_loadu_ps(biases + i0));                               \
      _mm256_storeu_ps(out + i0, _mm256_add_ps(s, dots));                                           \
    } else {                                                                                        \
      float lanes[8];                                                                               \
      _mm256_storeu_ps(lanes, dots);                                                                \
      for (long j = 0; j < items; j++) {                                                            \
        float s = base;                                                                             \
        if (biases) s += biases[i0 + j];                                                            \
        out[i0 + j] = s + lanes[j];                                                                 \
      }                                                                                             \
    }                                                                                               \
  }

__attribute__((target("avx2")))
void crank_score_factors_avx2(const float *p, const float *q, long k, const float *biases, float base,
                              long begin, long end, float *out) {
  FACTOR_ROWS(dot_lanes)
}

__attribute__((target("avx512f")))
void crank_score_factors_avx512(const float *p, const float *q, long k, const float *biases, float base,
                                long begin, long end, float *out) {
  FACTOR_ROWS(dot_lanes512)
}

#undef FACTOR_ROWS

__attribute__((target("avx2")))
void crank_score_sum_rows_avx2(const float *const *rows, long count, long offset, float *out, long width) {
  long c = 0;
  // 64 columns at a time, held in eight registers across all the rows.
  for (; c + 64 <= width; c += 64) {
    __m256 acc[8];
    for (int v = 0; v < 8; v++) acc[v] = _mm256_loadu_ps(out + c + 8 * v);
    for (long r = 0; r < count; r++) {
      const float *row = rows[r] + offset + c;
      for (int v = 0; v < 8; v++) acc[v] = _mm256_add_ps(acc[v], _mm256_loadu_ps(row + 8 * v));
    }
    for (int v = 0; v < 8; v++) _mm256_storeu_ps(out + c + 8 * v, acc[v]);
  }
  for (; c + 8 <= width; c += 8) {
    __m256 acc = _mm256_loadu_ps(out + c);
    for (long r = 0; r < count; r++) {
      acc = _mm256_add_ps(acc, _mm256_loadu_ps(rows[r] + offset + c));
    }
    _mm256_storeu_ps(out + c, acc);
  }
  for (; c < width; c++) {
    float acc = out[c];
    for (long r = 0; r < count; r++) acc = acc + rows[r][offset + c];
    out[c] = acc;
  }
}

__attribute__((target("avx2")))
long crank_score_next_candidate_avx2(const float *scores, const uint32_t *marks, uint32_t generation,
                                     float threshold, long start, long count) {
  const __m256 t = _mm256_set1_ps(threshold);
  const __m256i g = _mm256_set1_epi32((int)generation);
  long i = start;
  for (; i + 8 <= count; i += 8) {
    // Ordered compare: NaN is never above (it ranks last).
    const __m256 above = _mm256_cmp_ps(_mm256_loadu_ps(scores + i), t, _CMP_GT_OQ);
    const __m256i excluded = _mm256_cmpeq_epi32(_mm256_loadu_si256((const __m256i *)(marks + i)), g);
    const int bits = _mm256_movemask_ps(_mm256_andnot_ps(_mm256_castsi256_ps(excluded), above));
    if (bits) return i + __builtin_ctz((unsigned)bits);
  }
  for (; i < count; i++) {
    if (scores[i] > threshold && marks[i] != generation) return i;
  }
  return count;
}

#else

void crank_score_factors_avx2(const float *p, const float *q, long k, const float *biases, float base,
                              long begin, long end, float *out) {
  (void)p; (void)q; (void)k; (void)biases; (void)base; (void)begin; (void)end; (void)out;
  __builtin_trap();  // unreachable: crank_avx2_available() is 0 here
}

void crank_score_factors_avx512(const float *p, const float *q, long k, const float *biases, float base,
                                long begin, long end, float *out) {
  (void)p; (void)q; (void)k; (void)biases; (void)base; (void)begin; (void)end; (void)out;
  __builtin_trap();
}

void crank_score_sum_rows_avx2(const float *const *rows, long count, long offset, float *out, long width) {
  (void)rows; (void)count; (void)offset; (void)out; (void)width;
  __builtin_trap();
}

long crank_score_next_candidate_avx2(const float *scores, const uint32_t *marks, uint32_t generation,
                                     float threshold, long start, long count) {
  (void)scores; (void)marks; (void)generation; (void)threshold; (void)start; (void)count;
  __builtin_trap();
}

#endif
