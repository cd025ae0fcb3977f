/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// Every random choice in the recommender goes through this type: the standard
/// library's generators cannot be seeded and its `shuffle` is not promised stable,
/// so results would change between toolchains or runs.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// Creates a generator whose whole stream is decided by `seed`.
  public init(seed: UInt64) {
    var sm = seed
    func splitMix() -> UInt64 {
      sm &+= 0x9E37_79B9_7F4A_7C15
      var z = sm
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  @inlinable
  public mutating func next() -> UInt64 { nextUInt64() }

  public mutating func nextUInt64() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << 45) | (s3 >> 19)
    return result
  }

  /// A double uniformly distributed in [0, 1), with 53 random bits.
  public mutating func nextDouble() -> Double {
    Double(nextUInt64() >> 11) * 0x1.0p-53
  }

  /// An integer uniformly distributed in `0..<bound` (Lemire's method, unbiased).
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    let b = UInt64(bound)
    var m = nextUInt64().multipliedFullWidth(by: b)
    if m.low < b {
      let threshold = (0 &- b) % b
      while m.low < threshold { m = nextUInt64().multipliedFullWidth(by: b) }
    }
    return Int(m.high)
  }

  /// A standard normal sample (Box-Muller; one draw of two uniforms per sample,
  /// so the stream position never depends on a cached spare).
  public mutating func nextGaussian(mean: Double = 0, std: Double = 1) -> Double {
    let u1 = 1.0 - nextDouble()  // (0, 1]: log is finite
    let u2 = nextDouble()
    return mean + std * (-2.0 * _log(u1)).squareRoot() * _cos(2.0 * Double.pi * u2)
  }

  /// Fisher-Yates shuffle with this generator: the same seed gives the same order.
  @inlinable
  public mutating func shuffle<T>(_ array: inout [T]) {
    var i = array.count - 1
    while i > 0 {
      let j = nextInt(below: i + 1)
      array.swapAt(i, j)
      i -= 1
    }
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
  @inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
  import Darwin
  @inline(__always) private func _log(_ x: Double) -> Double { Darwin.log(x) }
  @inline(__always) private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
