import RecsysCore

/// The one top-N selection evaluation and serving share.
///
/// Order: higher score first; equal scores go to the lower item index (movies.csv
/// order); NaN ranks below every number. Excluded items are never selected.
public enum TopN {
  /// The best `n` items of `scores` not in `excluded`, best first.
  ///
  /// - Complexity: O(items * log n).
  public static func select(
    _ scores: UnsafeBufferPointer<Float>, n: Int, excluded: ExclusionMask, heap: inout TopKHeap
  ) -> [(item: Int32, score: Float)] {
    best(scores, n: n, excluded: excluded, heap: &heap)
  }

  /// Allocating form for one-off queries.
  public static func select(_ scores: [Float], n: Int, excluded: ExclusionMask) -> [(
    item: Int32, score: Float
  )] {
    best(scores, n: n, excluded: excluded)
  }

  /// The same selection over `Double` scores (the popular list's damped means), so a
  /// score is never rounded to `Float` before it is ranked.
  public static func select(_ scores: [Double], n: Int, excluded: ExclusionMask) -> [(
    item: Int32, score: Double
  )] {
    best(scores, n: n, excluded: excluded)
  }

  static func best<Score: BinaryFloatingPoint & Sendable>(_ scores: [Score], n: Int, excluded: ExclusionMask) -> [(item: Int32, score: Score)] {
    var heap = BoundedTopK<Score>(capacity: Swift.max(0, Swift.min(n, scores.count)))
    return scores.withUnsafeBufferPointer { best($0, n: n, excluded: excluded, heap: &heap) }
  }

  static func best<Score: BinaryFloatingPoint & Sendable>(
    _ scores: UnsafeBufferPointer<Score>, n: Int, excluded: ExclusionMask, heap: inout BoundedTopK<Score>
  ) -> [(item: Int32, score: Score)] {
    let n = Swift.max(0, Swift.min(n, scores.count))
    if heap.capacity != n { heap = BoundedTopK(capacity: n) }
    heap.removeAll()
    guard n > 0 else { return [] }
    var threshold = -Score.infinity
    for item in 0..<scores.count {
      var x = scores[item]
      if x.isNaN { x = -.infinity }
      if heap.isFull && !(x > threshold) { continue }
      if excluded.contains(item) { continue }
      heap.offer(Int32(item), x)
      if heap.isFull { threshold = heap.worstScore }
    }
    return heap.sorted()
  }
}
