import CRankingKernel

/// Which code runs the scoring loops (`FactorScorer.fill`, `ItemWeightScorer.fill` and the
/// scan of `TopN`); every kernel gives the same bits (the C kernels do the same IEEE
/// operations per element as the Swift code, on 256- or 512-bit registers).
enum ScoringKernel: String, CaseIterable, Sendable {
  /// Swift, built for the baseline ISA (`SIMD8<Float>` is two SSE registers).
  case portable
  /// `Sources/CRankingKernel/ScoringKernels.c` on AVX2, when cpuid and the OS say it runs.
  case avx2
  /// The AVX2 kernels, with the factor fill on AVX-512F (two chunks a register), when
  /// cpuid and the OS say it runs.
  case avx512

  /// Whether this CPU and OS run the kernel (cpuid and `xgetbv`, read once).
  var isAvailable: Bool {
    switch self {
    case .portable: return true
    case .avx2: return Self.cpuHasAVX2
    case .avx512: return Self.cpuHasAVX2 && Self.cpuHasAVX512
    }
  }

  private static let cpuHasAVX2 = crank_avx2_available() != 0
  private static let cpuHasAVX512 = crank_avx512_available() != 0

  /// Every kernel this CPU runs, slowest first (the tests compare each with `.portable`).
  static let available: [ScoringKernel] = allCases.filter(\.isAvailable)

  /// The kernel scoring uses in this process: the fastest this CPU runs.
  static let best: ScoringKernel = available.last!
}
