import RecsysCore

/// Walker/Vose alias table: O(1) draws from a fixed discrete distribution.
///
/// Used to draw movies by popularity millions of times; a binary search over a
/// cumulative array would cost a dozen cache misses per draw at 60k movies.
struct AliasTable: Sendable {
  private let threshold: [Double]
  private let alias: [Int32]
  /// The outcome of each slot (for example movie indices).
  private let values: [Int32]

  /// A table drawing `values[i]` with probability proportional to `weights[i]`.
  ///
  /// - Precondition: weights are finite, non-negative, not all zero, same count as values.
  init(weights: [Double], values: [Int32]) {
    precondition(weights.count == values.count && !weights.isEmpty)
    let n = weights.count
    let total = weights.reduce(0, +)
    precondition(total > 0 && total.isFinite)
    var scaled = weights.map { $0 * Double(n) / total }
    var threshold = [Double](repeating: 1, count: n)
    var alias = [Int32](repeating: 0, count: n)
    var small: [Int] = []
    var large: [Int] = []
    for i in 0..<n {
      alias[i] = Int32(i)
      if scaled[i] < 1 { small.append(i) } else { large.append(i) }
    }
    while let s = small.popLast() {
      guard let l = large.last else {
        threshold[s] = 1
        continue
      }
      threshold[s] = scaled[s]
      alias[s] = Int32(l)
      scaled[l] -= 1 - scaled[s]
      if scaled[l] < 1 {
        large.removeLast()
        small.append(l)
      }
    }
    for l in large { threshold[l] = 1 }
    self.threshold = threshold
    self.alias = alias
    self.values = values
  }

  /// One draw; uses exactly one `nextDouble()` of `generator`.
  @inline(__always)
  func sample(_ generator: inout SeededGenerator) -> Int32 {
    let u = generator.nextDouble() * Double(threshold.count)
    let slot = min(Int(u), threshold.count - 1)
    let pick = (u - Double(slot)) < threshold[slot] ? slot : Int(alias[slot])
    return values[pick]
  }
}
