/// Scores from an item-item weight matrix `B` (EASE, Steck 2019): a user's score of item
/// `i` is `sum over rated j of B[j, i]`, with binary (implicit) feedback.
///
/// Needs only the user's rated items, so a new user is scored exactly like a known one:
/// cold start costs nothing extra.
public struct ItemWeightScorer: Sendable {
  public let itemCount: Int
  /// `itemCount * itemCount`, row-major: row `j` is what rating `j` adds to every item.
  public let weights: SharedBuffer<Float>

  /// - Throws: `ScoringError.shape` when `weights` is not `itemCount` squared.
  public init(itemCount: Int, weights: SharedBuffer<Float>) throws(ScoringError) {
    guard itemCount >= 0, weights.count == itemCount * itemCount else {
      throw .shape(what: "item_weights", expected: itemCount * itemCount, actual: weights.count)
    }
    self.itemCount = itemCount
    self.weights = weights
  }

  /// Writes the score of every item into `out`: rows added in ascending item order, so
  /// the bits do not depend on the order the ratings were listed in.
  ///
  /// Four rows go through the output in one pass (`((out + r0) + r1) + r2) + r3`, the
  /// same additions in the same order as one row at a time), so the output is loaded
  /// and stored a quarter as often; the rows themselves are read once either way.
  public func fill(_ profile: UserProfile, into out: UnsafeMutableBufferPointer<Float>) {
    out.update(repeating: 0)
    let n = itemCount
    guard let base = weights.pointer.baseAddress, let target = out.baseAddress else { return }
    var rows: [UnsafePointer<Float>] = []
    rows.reserveCapacity(profile.items.count)
    var previous: Int32 = -1
    for j in profile.items.filter({ $0 >= 0 && Int($0) < n }).sorted() where j != previous {
      rows.append(base + Int(j) * n)
      previous = j
    }
    var k = 0
    while k + 4 <= rows.count {
      ScoreKernel.addRows(rows[k], rows[k + 1], rows[k + 2], rows[k + 3], into: target, count: n)
      k += 4
    }
    while k < rows.count {
      ScoreKernel.addScaled(rows[k], 1, into: target, count: n)
      k += 1
    }
  }
}
