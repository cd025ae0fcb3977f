/// The content half of the hybrid: each movie's top-K content neighbours (CSR), and the
/// score `content(m) = (1 / |L|) * sum over j in L of sim_j(m)`, L the user's liked movies
/// and `sim_j(m)` the similarity of `m` in `j`'s row (0 when absent).
public struct ContentIndex: Sendable {
  public let itemCount: Int
  public let offsets: SharedBuffer<Int32>
  public let indices: SharedBuffer<Int32>
  public let similarities: SharedBuffer<Float>

  /// Checks the CSR shape: `itemCount + 1` non-decreasing offsets from 0 to the entry
  /// count, every column in range.
  public init(
    itemCount: Int, offsets: SharedBuffer<Int32>, indices: SharedBuffer<Int32>,
    similarities: SharedBuffer<Float>
  ) throws(ScoringError) {
    guard offsets.count == itemCount + 1 else {
      throw .shape(what: "neighbours.offsets", expected: itemCount + 1, actual: offsets.count)
    }
    guard indices.count == similarities.count else {
      throw .shape(
        what: "neighbours.similarities", expected: indices.count, actual: similarities.count)
    }
    guard offsets[0] == 0, Int(offsets[itemCount]) == indices.count else {
      throw .malformed(what: "neighbours.offsets", detail: "must run from 0 to the entry count")
    }
    for i in 0..<itemCount where offsets[i] > offsets[i + 1] {
      throw .malformed(what: "neighbours.offsets", detail: "decrease at row \(i)")
    }
    for p in 0..<indices.count where indices[p] < 0 || Int(indices[p]) >= itemCount {
      throw .malformed(what: "neighbours.indices", detail: "entry \(p) is outside 0..<\(itemCount)")
    }
    self.itemCount = itemCount
    self.offsets = offsets
    self.indices = indices
    self.similarities = similarities
  }

  /// Writes every movie's content score into `out`. Rows are scattered in the order of
  /// `liked`; the sums are divided (not multiplied by a rounded `1/|L|`) by `|L|`.
  public func fill(liked: [Int32], into out: UnsafeMutableBufferPointer<Float>) {
    out.update(repeating: 0)
    guard !liked.isEmpty else { return }
    let o = offsets.pointer
    let x = indices.pointer
    let s = similarities.pointer
    for j in liked where j >= 0 && Int(j) < itemCount {
      for p in Int(o[Int(j)])..<Int(o[Int(j) + 1]) { out[Int(x[p])] += s[p] }
    }
    // Every entry divided, zeros too (0 / |L| is 0, bit for bit), so the loop has no
    // branch and vectorizes.
    let count = Float(liked.count)
    for m in 0..<Swift.min(itemCount, out.count) { out[m] /= count }
  }

  /// `explain(item:liked:)` for several items in one pass over the liked rows (instead
  /// of one pass per item): entry `r` of the result is `explain(item: items[r], liked:)`.
  ///
  /// Each item sees its candidates in the same order as the one-item form (liked order,
  /// then row order) under the same rule, so the answers are the same, NaN included.
  ///
  /// - Complexity: O(entries in the liked rows + items), with `slots` (`itemCount` long,
  ///   reused between calls) mapping items to their place in `items`.
  public func explain(
    items: [Int], liked: [Int32], slots: inout ExplainSlots
  ) -> [(source: Int, similarity: Float)?] {
    var best = [(source: Int, similarity: Float)?](repeating: nil, count: items.count)
    guard !items.isEmpty, !liked.isEmpty else { return best }
    if slots.marks.count != itemCount { slots = ExplainSlots(itemCount: itemCount) }
    slots.generation &+= 1
    if slots.generation == 0 {
      slots.marks = [UInt64](repeating: 0, count: itemCount)
      slots.generation = 1
    }
    let generation = UInt64(slots.generation)
    let g = generation << 32
    let o = offsets.pointer
    let x = indices.pointer
    let s = similarities.pointer
    slots.marks.withUnsafeMutableBufferPointer { marks in
      // An item listed twice keeps its first slot; the later ones copy it at the end.
      for (r, item) in items.enumerated() where item >= 0 && item < itemCount {
        if marks[item] >> 32 != generation { marks[item] = g | UInt64(r) }
      }
      for j in liked where j >= 0 && Int(j) < itemCount {
        let source = Int(j)
        for p in Int(o[source])..<Int(o[source + 1]) {
          let mark = marks[Int(x[p])]
          guard mark >> 32 == generation else { continue }
          let r = Int(mark & 0xFFFF_FFFF)
          let similarity = s[p]
          if let current = best[r],
            !(similarity > current.similarity
              || (similarity == current.similarity && source < current.source))
          {
            continue
          }
          best[r] = (source, similarity)
        }
      }
      for (r, item) in items.enumerated() where item >= 0 && item < itemCount {
        let first = Int(marks[item] & 0xFFFF_FFFF)
        if first != r { best[r] = best[first] }
      }
    }
    return best
  }

  /// The liked movie whose row gives `item` the highest similarity (ties: the lower
  /// movie index), for "because you liked ..." explanations.
  public func explain(item: Int, liked: [Int32]) -> (source: Int, similarity: Float)? {
    var best: (source: Int, similarity: Float)? = nil
    let o = offsets.pointer
    for j in liked where j >= 0 && Int(j) < itemCount {
      for p in Int(o[Int(j)])..<Int(o[Int(j) + 1]) where Int(indices[p]) == item {
        let s = similarities[p]
        if let current = best,
          !(s > current.similarity || (s == current.similarity && Int(j) < current.source))
        {
          continue
        }
        best = (Int(j), s)
      }
    }
    return best
  }
}

/// Scratch for `ContentIndex.explain(items:liked:slots:)`: a generation-stamped slot per
/// movie, so a call costs its items, not the catalog.
public struct ExplainSlots: Sendable {
  var marks: [UInt64]
  var generation: UInt32 = 0

  public init(itemCount: Int) {
    marks = [UInt64](repeating: 0, count: itemCount)
  }
}
