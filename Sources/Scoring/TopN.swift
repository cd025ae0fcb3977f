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
    let n = Swift.max(0, Swift.min(n, scores.count))
    if heap.capacity != n { heap = TopKHeap(capacity: n) }
    heap.removeAll()
    guard n > 0 else { return [] }
    var threshold = -Float.infinity
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

  /// Allocating form for one-off queries.
  public static func select(_ scores: [Float], n: Int, excluded: ExclusionMask) -> [(
    item: Int32, score: Float
  )] {
    var heap = TopKHeap(capacity: Swift.max(0, Swift.min(n, scores.count)))
    return scores.withUnsafeBufferPointer { select($0, n: n, excluded: excluded, heap: &heap) }
  }
}
