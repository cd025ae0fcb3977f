#ifndef CSHA256_H
#define CSHA256_H
#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has SHA-256 instructions the package can use (x86-64 SHA-NI with
/// SSSE3 and SSE4.1, found by cpuid; ARMv8 SHA2, found by getauxval on Linux and
/// present on every Apple arm64 CPU), else 0. Cheap, but callers cache it.
int csha256_accelerated_available(void);

/// Runs the SHA-256 compression function over `count` consecutive 64-byte blocks at
/// `blocks`, updating `state` (h0...h7 in host order). Only call it when
/// `csha256_accelerated_available()` returned 1: on another CPU it faults.
void csha256_compress_accelerated(uint32_t state[8], const uint8_t *blocks, size_t count);

#endif
