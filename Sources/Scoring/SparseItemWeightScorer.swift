/// Scores from sparse item-item weights (item-kNN): a user's score of item `i` is the sum,
/// over their rated items `j`, of `j`'s weight for `i` (0 when `i` is not a neighbour).
public struct SparseItemWeightScorer: Sendable {
  public let itemCount: Int
  /// `itemCount + 1` CSR offsets.
  public let offsets: SharedBuffer<Int32>
  public let neighbours: SharedBuffer<Int32>
  public let weights: SharedBuffer<Float>

  /// - Throws: `ScoringError` when the CSR shape or a column is wrong.
  public init(
    itemCount: Int, offsets: SharedBuffer<Int32>, neighbours: SharedBuffer<Int32>,
    weights: SharedBuffer<Float>
  ) throws(ScoringError) {
    guard offsets.count == itemCount + 1 else {
      throw .shape(what: "knn.offsets", expected: itemCount + 1, actual: offsets.count)
    }
    guard neighbours.count == weights.count else {
      throw .shape(what: "knn.weights", expected: neighbours.count, actual: weights.count)
    }
    guard offsets[0] == 0, Int(offsets[itemCount]) == neighbours.count else {
      throw .malformed(what: "knn.offsets", detail: "must run from 0 to the entry count")
    }
    for i in 0..<itemCount where offsets[i] > offsets[i + 1] {
      throw .malformed(what: "knn.offsets", detail: "decrease at row \(i)")
    }
    for p in 0..<neighbours.count where neighbours[p] < 0 || Int(neighbours[p]) >= itemCount {
      throw .malformed(what: "knn.neighbours", detail: "entry \(p) is outside 0..<\(itemCount)")
    }
    self.itemCount = itemCount
    self.offsets = offsets
    self.neighbours = neighbours
    self.weights = weights
  }

  /// `fill` for several users: row `r` of `out` (`profiles.count x itemCount`) gets
  /// `profiles[r]`'s scores.
  public func fill(_ profiles: [UserProfile], into out: UnsafeMutableBufferPointer<Float>) {
    for (r, profile) in profiles.enumerated() {
      fill(profile, into: UnsafeMutableBufferPointer(rebasing: out[(r * itemCount)..<((r + 1) * itemCount)]))
    }
  }

  /// Rows added in ascending rated-item order.
  public func fill(_ profile: UserProfile, into out: UnsafeMutableBufferPointer<Float>) {
    out.update(repeating: 0)
    let o = offsets.pointer
    let x = neighbours.pointer
    let w = weights.pointer
    let rated = profile.items.filter { $0 >= 0 && Int($0) < itemCount }.sorted()
    var previous: Int32 = -1
    for j in rated where j != previous {
      for q in Int(o[Int(j)])..<Int(o[Int(j) + 1]) { out[Int(x[q])] += w[q] }
      previous = j
    }
  }
}
