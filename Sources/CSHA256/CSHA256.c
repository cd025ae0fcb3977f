// SHA-256 compression with the CPU's own instructions, written with compiler intrinsics
// behind target attributes: the rest of the package is built for the baseline ISA, and
// only these functions may use the extensions, after run-time detection said they exist.
#include "CSHA256.h"

static const uint32_t round_constants[64] __attribute__((aligned(16))) = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

int csha256_accelerated_available(void) {
  unsigned int eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
  const int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
  if (__get_cpuid_max(0, 0) < 7) return 0;
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  const int sha = (ebx >> 29) & 1;
  return ssse3 && sse41 && sha;
}

// The state lives in two registers as ABEF and CDGH, the layout sha256rnds2 wants. Each
// quad-round step does four rounds and, for the first twelve, extends the schedule four
// words ahead (msg1 adds sigma0, alignr brings W[t-7], msg2 adds sigma1).
__attribute__((target("sha,sse4.1,ssse3")))
void csha256_compress_accelerated(uint32_t state[8], const uint8_t *blocks, size_t count) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
  __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

  for (; count > 0; count--, blocks += 64) {
    const __m128i abef_saved = abef, cdgh_saved = cdgh;
    __m128i w[4];
    for (int i = 0; i < 4; i++) {
      w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16 * i)), byte_swap);
    }
#pragma clang loop unroll(full)
    for (int q = 0; q < 16; q++) {
      __m128i message = _mm_add_epi32(w[q & 3], _mm_load_si128((const __m128i *)&round_constants[4 * q]));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(message, 0x0E));
      if (q < 12) {
        __m128i next = _mm_sha256msg1_epu32(w[q & 3], w[(q + 1) & 3]);
        next = _mm_add_epi32(next, _mm_alignr_epi8(w[(q + 3) & 3], w[(q + 2) & 3], 4));
        w[q & 3] = _mm_sha256msg2_epu32(next, w[(q + 3) & 3]);
      }
    }
    abef = _mm_add_epi32(abef, abef_saved);
    cdgh = _mm_add_epi32(cdgh, cdgh_saved);
  }

  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

#elif defined(__aarch64__)
#include <arm_neon.h>
#if defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_SHA2
#define HWCAP_SHA2 (1 << 6)
#endif
#endif

int csha256_accelerated_available(void) {
#if defined(__APPLE__)
  return 1;  // every Apple arm64 CPU has the ARMv8 crypto extensions
#elif defined(__linux__)
  return (getauxval(AT_HWCAP) & HWCAP_SHA2) != 0;
#else
  return 0;
#endif
}

// The state lives in two registers as ABCD and EFGH; sha256h/sha256h2 do four rounds,
// su0/su1 extend the schedule four words ahead.
__attribute__((target("sha2")))
void csha256_compress_accelerated(uint32_t state[8], const uint8_t *blocks, size_t count) {
  uint32x4_t abcd = vld1q_u32(&state[0]);
  uint32x4_t efgh = vld1q_u32(&state[4]);
  for (; count > 0; count--, blocks += 64) {
    const uint32x4_t abcd_saved = abcd, efgh_saved = efgh;
    uint32x4_t w[4];
    for (int i = 0; i < 4; i++) {
      w[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(blocks + 16 * i)));
    }
#pragma clang loop unroll(full)
    for (int q = 0; q < 16; q++) {
      const uint32x4_t message = vaddq_u32(w[q & 3], vld1q_u32(&round_constants[4 * q]));
      if (q < 12) {
        w[q & 3] = vsha256su1q_u32(vsha256su0q_u32(w[q & 3], w[(q + 1) & 3]), w[(q + 2) & 3], w[(q + 3) & 3]);
      }
      const uint32x4_t abcd_before = abcd;
      abcd = vsha256hq_u32(abcd, efgh, message);
      efgh = vsha256h2q_u32(efgh, abcd_before, message);
    }
    abcd = vaddq_u32(abcd, abcd_saved);
    efgh = vaddq_u32(efgh, efgh_saved);
  }
  vst1q_u32(&state[0], abcd);
  vst1q_u32(&state[4], efgh);
}

#else
int csha256_accelerated_available(void) { return 0; }

void csha256_compress_accelerated(uint32_t state[8], const uint8_t *blocks, size_t count) {
  (void)state;
  (void)blocks;
  (void)count;
  __builtin_trap();  // unreachable: availability is 0 on this architecture
}
#endif
