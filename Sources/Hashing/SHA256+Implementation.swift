import CSHA256

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

extension SHA256 {
  /// Which compression function a hasher runs; every one gives the same digests.
  public enum Implementation: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The plain Swift rounds in `SHA256+Compression.swift`: any CPU.
    case portable
    /// The CPU's SHA-256 instructions (x86-64 SHA-NI, ARMv8 SHA2) from `Sources/CSHA256`,
    /// 4-6x faster than `portable` on the same core.
    case accelerated

    public var description: String { rawValue }
  }

  /// The environment variable that forces an implementation: `portable` always takes the
  /// Swift code (for tests and comparisons), `auto` or unset the fastest this CPU has.
  public static let implementationVariable = "PIPELINE_SHA256"

  /// Whether this CPU has SHA-256 instructions the accelerated path can use (cpuid on
  /// x86-64, `getauxval(AT_HWCAP)` on Linux arm64).
  public static let acceleratedIsAvailable: Bool = csha256_accelerated_available() != 0

  /// The implementation `SHA256()` uses in this process: read once from the CPU and
  /// `PIPELINE_SHA256`. An unknown value of the variable counts as unset here;
  /// `checkImplementationVariable` turns it into an error for tools to report.
  public static let defaultImplementation: Implementation =
    (try? selectImplementation(
      requested: getenv(implementationVariable).map { String(cString: $0) },
      acceleratedIsAvailable: acceleratedIsAvailable)) ?? (acceleratedIsAvailable ? .accelerated : .portable)

  /// Decides the implementation from the variable's value and what the CPU offers.
  ///
  /// - Parameters:
  ///   - requested: the value of `PIPELINE_SHA256`, nil when unset.
  ///   - acceleratedIsAvailable: whether the CPU has the instructions.
  /// - Returns: `.portable` when asked for or when the CPU lacks the instructions,
  ///   else `.accelerated`.
  /// - Throws: `HashingError.unknownImplementation` for a value other than `portable`,
  ///   `accelerated`, `auto` or empty.
  public static func selectImplementation(
    requested: String?, acceleratedIsAvailable: Bool
  ) throws(HashingError) -> Implementation {
    switch requested {
    case nil, "", "auto", "accelerated":
      // Asking for `accelerated` on a CPU without it still hashes correctly, just slower.
      return acceleratedIsAvailable ? .accelerated : .portable
    case "portable":
      return .portable
    case let other?:
      throw .unknownImplementation(variable: implementationVariable, value: other)
    }
  }

  /// Validates `PIPELINE_SHA256` in this process's environment.
  ///
  /// - Throws: `HashingError.unknownImplementation` when it holds an unknown value.
  public static func checkImplementationVariable() throws(HashingError) {
    _ = try selectImplementation(
      requested: getenv(implementationVariable).map { String(cString: $0) },
      acceleratedIsAvailable: acceleratedIsAvailable)
  }

  /// Runs `implementation`'s compression over `count` blocks.
  @inline(__always)
  static func compress(
    _ state: inout State, _ blocks: UnsafeRawPointer, _ count: Int, using implementation: Implementation
  ) {
    switch implementation {
    case .portable:
      compress(&state, blocks, count)
    case .accelerated:
      withUnsafeMutableBytes(of: &state) { words in
        csha256_compress_accelerated(
          words.baseAddress!.assumingMemoryBound(to: UInt32.self), blocks.assumingMemoryBound(to: UInt8.self),
          count)
      }
    }
  }
}
