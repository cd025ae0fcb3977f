#ifndef CRANKINGKERNEL_H
#define CRANKINGKERNEL_H
#include <stddef.h>
#include <stdint.h>

/// 1 when the CPU has AVX-512F and the OS saves the ZMM and opmask state (cpuid and
/// xgetbv), else 0. Cheap, but callers cache it.
int crank_avx512_available(void);

/// `C += alpha * op(A) * B` on row-major Float matrices (`m x k` times `k x n`), the
/// same bits as Ranking's portable `PackedGemm.run` with `transB == false`.
///
/// Every element of C sums its products over `k` in slabs of 256 (ascending), each slab's
/// sum starting at zero and going up in `t`, then `c = c + alpha * sum`: the same IEEE
/// operations per element as the Swift code (no FMA, no reassociation), so the bits
/// depend on the shapes alone, never on the tile sizes, the vector width or the threads.
/// `op(A)(i, t)` is `a[t * lda + i]` when `trans_a` is 1, `a[i * lda + t]` when 0.
/// Only call it when `crank_avx512_available()` returned 1.
void crank_gemm_avx512(long m, long n, long k, float alpha, const float *a, long lda, int trans_a,
                       const float *b, long ldb, float *c, long ldc);

/// The conjugate-gradient pass of Ranking's `ALSModel.solve` over rows
/// `row_begin..<row_end`, the same IEEE operations per lane as the Swift code.
///
/// Rows of `target`, `fixed` and `gram` are `chunks` groups of 8 floats, zero-padded
/// (`gram` is `factors` such rows). Row `u`'s entries are `offsets[u]..<offsets[u + 1]`
/// of `columns` (rows of `fixed`) and `values`. `chunks` is at most 128.
/// Only call it when `crank_avx512_available()` returned 1.
void crank_als_rows_avx512(float *target, const float *fixed, const float *gram,
                           const long *offsets, const int32_t *columns, const float *values,
                           long row_begin, long row_end, int factors, int chunks, float alpha,
                           int use_values, int steps);

/// 1 when the CPU has AVX2 and the OS saves the YMM state (cpuid and xgetbv), else 0.
int crank_avx2_available(void);

/// `crank_gemm_avx512` on 256-bit registers (a 6 x 16 tile): the same bits.
/// Only call it when `crank_avx2_available()` returned 1.
void crank_gemm_avx2(long m, long n, long k, float alpha, const float *a, long lda, int trans_a,
                     const float *b, long ldb, float *c, long ldc);

/// `crank_als_rows_avx512` on 256-bit registers (one SIMD8 chunk per register): the same
/// bits. Only call it when `crank_avx2_available()` returned 1.
void crank_als_rows_avx2(float *target, const float *fixed, const float *gram,
                         const long *offsets, const int32_t *columns, const float *values,
                         long row_begin, long row_end, int factors, int chunks, float alpha,
                         int use_values, int steps);

// Scoring (Sources/Scoring): the same bits as its portable Swift loops, on AVX2. Only call
// them when `crank_avx2_available()` returned 1.

/// `out[i] = (base + biases[i]) + dot(p, q[i])` for items `begin..<end` (`biases` may be
/// NULL: `base + dot`), `q` row-major with `k` floats a row, `k > 0`. The dot product is
/// RecsysCore's `FloatKernel.dot(_:_:count:)`: two accumulators over 8-float chunks, a
/// zero-filled last chunk, the fixed lane tree, here for eight items at a time.
void crank_score_factors_avx2(const float *p, const float *q, long k, const float *biases, float base,
                              long begin, long end, float *out);

/// `crank_score_factors_avx2` on 512-bit registers (two chunks a register): the same
/// bits. Only call it when `crank_avx512_available()` returned 1.
void crank_score_factors_avx512(const float *p, const float *q, long k, const float *biases, float base,
                                long begin, long end, float *out);

/// `out[c] = ((out[c] + rows[0][offset + c]) + rows[1][offset + c]) + ...` for
/// `c` in `0..<width`: every column adds the `count` rows in the order given.
void crank_score_sum_rows_avx2(const float *const *rows, long count, long offset, float *out, long width);

/// The first `i` in `start..<count` with `scores[i] > threshold` (never for NaN) and
/// `marks[i] != generation`, or `count` when there is none.
long crank_score_next_candidate_avx2(const float *scores, const uint32_t *marks, uint32_t generation,
                                     float threshold, long start, long count);

#endif
