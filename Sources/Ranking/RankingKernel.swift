import CRankingKernel

/// Which code runs the dense products under EASE and the ALS solves; both give the same
/// bits (the C kernels do the same IEEE operations per element, on 512-bit registers).
enum RankingKernel: Sendable, Equatable {
  /// `SIMD8<Float>` in Swift, built for the baseline ISA (two SSE registers per chunk).
  case portable
  /// `Sources/CRankingKernel` on AVX-512F, chosen when cpuid and the OS say it can run.
  case avx512

  /// The fastest kernel this CPU runs.
  static let best: RankingKernel = crank_avx512_available() != 0 ? .avx512 : .portable
}
