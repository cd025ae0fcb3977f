import RecsysCore

/// A planted low-rank rating matrix with MovieLens-1M-like shape, for benchmarks.
///
/// `rating = round(3.55 + b_u + b_i + p_u·q_i + noise)` clipped to 1...5, users with at
/// least 20 ratings and a long-tailed activity, items drawn by a Zipf-like popularity.
struct SyntheticRatings {
  var users: [Int32] = []
  var items: [Int32] = []
  var ratings: [Float] = []
  var timestamps: [Int64] = []

  static func generate(userCount: Int, itemCount: Int, target: Int, rank: Int, seed: UInt64)
    -> SyntheticRatings
  {
    var rng = SeededGenerator(seed: seed)
    // Popularity: Zipf-like weights on a random permutation of the items.
    var order = Array(0..<itemCount)
    rng.shuffle(&order)
    var weight = [Double](repeating: 0, count: itemCount)
    for (r, item) in order.enumerated() { weight[item] = 1 / pow(Double(r) + 15, 0.95) }
    var cumulative = [Double](repeating: 0, count: itemCount)
    var acc = 0.0
    for j in 0..<itemCount {
      acc += weight[j]
      cumulative[j] = acc
    }
    let scale = (0.6 / Double(rank)).squareRoot().squareRoot()
    let p = (0..<userCount * rank).map { _ in rng.nextGaussian(mean: 0, std: scale) }
    let q = (0..<itemCount * rank).map { _ in rng.nextGaussian(mean: 0, std: scale) }
    let bu = (0..<userCount).map { _ in rng.nextGaussian(mean: 0, std: 0.35) }
    // Popular items are rated a little higher, as in MovieLens.
    let bi = (0..<itemCount).map { j in
      rng.nextGaussian(mean: 0, std: 0.45) + 0.02 * log(weight[j] * Double(itemCount))
    }
    let activity = (0..<userCount).map { _ in exp(rng.nextGaussian(mean: 0, std: 1.0)) }
    let activitySum = activity.reduce(0, +)
    let spare = Double(max(target - 20 * userCount, 0))
    var out = SyntheticRatings()
    out.users.reserveCapacity(target)
    var seen = [Int32](repeating: -1, count: itemCount)
    var clock: Int64 = 956_703_932
    for u in 0..<userCount {
      let n = min(20 + Int((activity[u] / activitySum * spare).rounded()), itemCount / 3)
      var drawn = 0
      while drawn < n {
        let x = rng.nextDouble() * acc
        var lo = 0
        var hi = itemCount - 1
        while lo < hi {
          let mid = (lo + hi) / 2
          if cumulative[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        if seen[lo] == Int32(u) { continue }
        seen[lo] = Int32(u)
        drawn += 1
        var dot = 0.0
        for f in 0..<rank { dot += p[u * rank + f] * q[lo * rank + f] }
        let value = 3.55 + bu[u] + bi[lo] + dot + rng.nextGaussian(mean: 0, std: 0.75)
        out.users.append(Int32(u + 1))
        out.items.append(Int32(lo + 1))
        out.ratings.append(Float(min(max(value.rounded(), 1), 5)))
        clock += Int64(1 + rng.nextInt(below: 300))
        out.timestamps.append(clock)
      }
    }
    return out
  }
}

#if canImport(Glibc)
  import Glibc
#endif
