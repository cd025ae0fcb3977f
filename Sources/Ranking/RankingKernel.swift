import CRankingKernel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which code runs the dense products under EASE and the ALS solves; every kernel gives
/// the same bits (the C kernels do the same IEEE operations per element as the Swift code,
/// on 256- or 512-bit registers).
enum RankingKernel: String, CaseIterable, Sendable, Equatable, CustomStringConvertible {
  /// `SIMD8<Float>` in Swift, built for the baseline ISA (two SSE registers per chunk).
  case portable
  /// `Sources/CRankingKernel` on AVX2 (one chunk per YMM register), chosen when cpuid and
  /// the OS say it can run and AVX-512F cannot.
  case avx2
  /// `Sources/CRankingKernel` on AVX-512F, chosen when cpuid and the OS say it can run.
  case avx512

  var description: String { rawValue }

  /// The environment variable that forces a kernel: `portable`, `avx2` or `avx512`, or
  /// `auto` (the same as unset or empty) for the fastest this CPU runs. A kernel the CPU
  /// lacks falls back to the fastest one below it, so a forced run never traps.
  static let variable = "RECSYS_RANKING_KERNEL"

  /// Whether this CPU and OS run the kernel (cpuid and `xgetbv`, read once).
  var isAvailable: Bool {
    switch self {
    case .portable: return true
    case .avx2: return Self.cpuHasAVX2
    case .avx512: return Self.cpuHasAVX512
    }
  }

  private static let cpuHasAVX2 = crank_avx2_available() != 0
  private static let cpuHasAVX512 = crank_avx512_available() != 0

  /// Every kernel this CPU runs, slowest first (the tests compare each with `.portable`).
  static let available: [RankingKernel] = allCases.filter(\.isAvailable)

  /// The kernel the models use in this process: the fastest this CPU runs, unless
  /// `RECSYS_RANKING_KERNEL` asks for another. An unknown value counts as unset here;
  /// `checkVariable()` turns it into the error training reports.
  static let best: RankingKernel =
    (try? select(requested: getenv(variable).map { String(cString: $0) }, available: available))
    ?? available.last!

  /// Decides the kernel from the variable's value and what the CPU runs.
  ///
  /// - Parameters:
  ///   - requested: the value of `RECSYS_RANKING_KERNEL`, nil when unset.
  ///   - available: the kernels this CPU runs, slowest first (always `.portable`).
  /// - Returns: the requested kernel, or the fastest available one below it; the fastest
  ///   available for nil, `""` or `auto`.
  /// - Throws: `RankingError.invalidConfig` naming the variable for any other value.
  static func select(requested: String?, available: [RankingKernel]) throws(RankingError)
    -> RankingKernel
  {
    let fastest = available.last ?? .portable
    switch requested {
    case nil, "", "auto":
      return fastest
    case let name?:
      guard let kernel = RankingKernel(rawValue: name) else {
        throw .invalidConfig(
          name: variable, value: "'\(name)'", expected: "portable, avx2, avx512 or auto (or unset)")
      }
      return available.last { $0.rank <= kernel.rank } ?? .portable
    }
  }

  /// Validates `RECSYS_RANKING_KERNEL` in this process's environment.
  ///
  /// - Throws: `RankingError.invalidConfig` when it holds an unknown value.
  static func checkVariable() throws(RankingError) {
    _ = try select(requested: getenv(variable).map { String(cString: $0) }, available: available)
  }

  /// Position in `allCases`: slower kernels first.
  private var rank: Int { Self.allCases.firstIndex(of: self)! }
}
