import CRankingKernel
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
    _ scores: UnsafeBufferPointer<Score>, n: Int, excluded: ExclusionMask, heap: inout BoundedTopK<Score>,
    kernel: ScoringKernel = .best
  ) -> [(item: Int32, score: Score)] {
    let n = Swift.max(0, Swift.min(n, scores.count))
    if heap.capacity != n { heap = BoundedTopK(capacity: n) }
    heap.removeAll()
    guard n > 0 else { return [] }
    var threshold = -Score.infinity
    let count = scores.count
    var item = 0
    while item < count && !heap.isFull {
      consider(scores[item], item, excluded, &heap, &threshold)
      item += 1
    }
    // Once the heap is full, only an item above its worst and not excluded can enter. The
    // AVX2 scan finds the next such item eight at a time, the exclusion in the same test:
    // a user's own items score high, so testing the scores alone sent their blocks down
    // the slow path.
    if kernel != .portable, Score.self == Float.self, excluded.itemCount >= count, let p = scores.baseAddress {
      let floats = UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
      excluded.withMarks { marks, generation in
        while true {
          item = crank_score_next_candidate_avx2(
            floats, marks.baseAddress, generation, Float(threshold), item, count)
          if item >= count { break }
          consider(scores[item], item, excluded, &heap, &threshold)
          item += 1
        }
      }
      return heap.sorted()
    }
    // Otherwise most items are below the heap's worst: eight at a time, a block
    // with no score above the threshold is skipped (NaN compares false, as it ranks last).
    // (Branch-free flags: Swift's SIMD comparisons went through the stack, lane by lane.)
    if let p = scores.baseAddress {
      while item + 8 <= count {
        let t = threshold
        @inline(__always) func above(_ i: Int) -> UInt8 { p[item + i] > t ? 1 : 0 }
        let any = above(0) | above(1) | above(2) | above(3) | above(4) | above(5) | above(6) | above(7)
        if any != 0 {
          for i in item..<(item + 8) { consider(scores[i], i, excluded, &heap, &threshold) }
        }
        item += 8
      }
    }
    while item < count {
      consider(scores[item], item, excluded, &heap, &threshold)
      item += 1
    }
    return heap.sorted()
  }

  /// Offers one item: NaN as -infinity, nothing below a full heap's worst, nothing excluded.
  @inline(__always)
  static func consider<Score: BinaryFloatingPoint & Sendable>(
    _ score: Score, _ item: Int, _ excluded: ExclusionMask, _ heap: inout BoundedTopK<Score>, _ threshold: inout Score
  ) {
    let x = score.isNaN ? -Score.infinity : score
    if heap.isFull && !(x > threshold) { return }
    if excluded.contains(item) { return }
    heap.offer(Int32(item), x)
    if heap.isFull { threshold = heap.worstScore }
  }
}
