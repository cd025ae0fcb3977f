#ifndef CSGDKERNEL_H
#define CSGDKERNEL_H
#include <stddef.h>
#include <stdint.h>

/// One training rating, laid out exactly like Swift's `SGDEntry` (12 bytes).
typedef struct {
  int32_t user;
  int32_t item;
  float rating;
} csgd_entry;

/// 1 when the CPU and the OS support AVX (cpuid and the XSAVE-enabled YMM state), else 0.
int csgd_avx_available(void);

/// RecsysCore's `FloatKernel.dot(padded:)` on AVX, the same bits: the dot product of two
/// rows of `chunks` groups of 8 floats. Only call it when `csgd_avx_available()` returned 1.
float csgd_dot_avx(const float *a, const float *b, int chunks);

/// The SGD pass of `SGDState.runEpoch` over `count` entries, on 256-bit AVX registers.
///
/// Every lane does the same IEEE operations in the same order as the Swift `SIMD8<Float>`
/// code (no FMA, no reassociation), so the two give identical bits; this one only issues
/// half the instructions. Rows are `chunks` groups of 8 floats. Only call it when
/// `csgd_avx_available()` returned 1.
///
/// Returns the sum, in entry order and in double, of the squared pre-update errors.
double csgd_run_avx(float *user_rows, float *item_rows, float *user_bias, float *item_bias,
                    const csgd_entry *entries, size_t count, int chunks, float mean, int biased,
                    float lr_bias, float reg_bias, float lr_factors, float shrink);

#endif
