/// A fine fixed-bin histogram of latent scores, merged across blocks by integer
/// addition (so the result does not depend on threading), read back as quantiles.
struct StarHistogram: Sendable {
  static let bins = 1 << 18
  static let low = -12.0
  static let high = 12.0
  var counts = [Int64](repeating: 0, count: bins)

  @inline(__always)
  mutating func add(_ score: Double) {
    let position = (score - Self.low) / (Self.high - Self.low) * Double(Self.bins)
    let bin = position.isNaN ? 0 : min(Self.bins - 1, max(0, Int(position)))
    counts[bin] += 1
  }

  mutating func merge(_ other: StarHistogram) {
    for i in 0..<Self.bins { counts[i] += other.counts[i] }
  }

  /// The scores below which the given cumulative shares lie (linear within a bin).
  func quantiles(_ shares: [Double]) -> [Double] {
    let total = Double(counts.reduce(0, +))
    let width = (Self.high - Self.low) / Double(Self.bins)
    return shares.map { share in
      let target = share * total
      var acc = 0.0
      for i in 0..<Self.bins {
        let next = acc + Double(counts[i])
        if next >= target && counts[i] > 0 {
          return Self.low + width * (Double(i) + (target - acc) / Double(counts[i]))
        }
        acc = next
      }
      return Self.high
    }
  }
}
