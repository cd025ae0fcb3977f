import RecsysCore
extension SimilarityIndex {
  /// Read-only views of the index and the matrix, valid inside `withViews`.
  struct Views {
    var rowOffsets: UnsafeBufferPointer<Int32>
    var columns: UnsafeBufferPointer<Int32>
    var values: UnsafeBufferPointer<Float>
    var isHeavy: UnsafeBufferPointer<Bool>
    var postingOffsets: UnsafeBufferPointer<Int>
    var postingRows: UnsafeBufferPointer<Int32>
    var postingValues: UnsafeBufferPointer<Float>
    var rowGroups: UnsafeBufferPointer<RowGroup>
    var memberOffsets: UnsafeBufferPointer<Int>
    var members: UnsafeBufferPointer<Int32>
    var memberInverseNorms: UnsafeBufferPointer<Float>
    var termGroupOffsets: UnsafeBufferPointer<Int>
    var termGroupIds: UnsafeBufferPointer<Int32>
    var termGroupWeights: UnsafeBufferPointer<Float>
    var groupMaxInverseNorm: UnsafeBufferPointer<Float>
  }

  func withViews<R>(_ matrix: TfidfMatrix, _ body: (Views) -> R) -> R {
    matrix.rowOffsets.withUnsafeBufferPointer { rowOffsets in
      matrix.columns.withUnsafeBufferPointer { columns in
        matrix.values.withUnsafeBufferPointer { values in
          isHeavy.withUnsafeBufferPointer { isHeavy in
            postingOffsets.withUnsafeBufferPointer { postingOffsets in
              postingRows.withUnsafeBufferPointer { postingRows in
                postingValues.withUnsafeBufferPointer { postingValues in
                  rowGroups.withUnsafeBufferPointer { rowGroups in
                    memberOffsets.withUnsafeBufferPointer { memberOffsets in
                      members.withUnsafeBufferPointer { members in
                        termGroupOffsets.withUnsafeBufferPointer { termGroupOffsets in
                          termGroupIds.withUnsafeBufferPointer { termGroupIds in
                            termGroupWeights.withUnsafeBufferPointer { termGroupWeights in
                              memberInverseNorms.withUnsafeBufferPointer { memberInverseNorms in
                                groupMaxInverseNorm.withUnsafeBufferPointer { groupMaxInverseNorm in
                                  body(
                                    Views(
                                      rowOffsets: rowOffsets, columns: columns, values: values,
                                      isHeavy: isHeavy, postingOffsets: postingOffsets,
                                      postingRows: postingRows, postingValues: postingValues,
                                      rowGroups: rowGroups, memberOffsets: memberOffsets,
                                      members: members, memberInverseNorms: memberInverseNorms,
                                      termGroupOffsets: termGroupOffsets,
                                      termGroupIds: termGroupIds,
                                      termGroupWeights: termGroupWeights,
                                      groupMaxInverseNorm: groupMaxInverseNorm))
                                }
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  struct Accumulator {
    var light: Float
    /// `i + 1` when this row was reached through postings while answering row `i`.
    var mark: Int32
  }

  /// Per-worker scratch, allocated once per chunk and reused across its rows.
  struct Scratch {
    /// Light-term partial sums (zero between rows) and marks, side by side so that a
    /// posting touches one cache line.
    var accumulators: UnsafeMutableBufferPointer<Accumulator>
    var touched: UnsafeMutableBufferPointer<Int32>
    var groupScore: UnsafeMutableBufferPointer<Float>
    /// `i + 1` when the group's score is current for row `i`.
    var groupSeen: UnsafeMutableBufferPointer<Int32>
    var relevantGroups: UnsafeMutableBufferPointer<Int32>

    init(rows: Int, groups: Int) {
      func zeros<T: Numeric>(_ count: Int, _: T.Type) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, count))
        buffer.initialize(repeating: 0)
        return buffer
      }
      accumulators = .allocate(capacity: max(1, rows))
      accumulators.initialize(repeating: Accumulator(light: 0, mark: 0))
      touched = zeros(rows, Int32.self)
      groupScore = zeros(groups, Float.self)
      groupSeen = zeros(groups, Int32.self)
      relevantGroups = zeros(groups, Int32.self)
    }

    func deallocate() {
      accumulators.deallocate()
      touched.deallocate()
      groupScore.deallocate()
      groupSeen.deallocate()
      relevantGroups.deallocate()
    }
  }

  /// The top-`k` neighbours of each row in `rows`.
  func topK(rows: Range<Int>, of matrix: TfidfMatrix, k: Int) -> Neighbours.RowBlock {
    let scratch = Scratch(rows: rowCount, groups: groupCount)
    defer { scratch.deallocate() }
    return withViews(matrix) { views in
      Self.topK(rows: rows, views: views, scratch: scratch, k: k)
    }
  }

  /// A row's similarity to `j` is always computed as
  /// `light(j) + score(group of j) * inverseNorm(j)`, with `light` summed over the query's
  /// light terms in column order and the group score over its heavy terms in column
  /// order, so it has the same bits whether `j` was reached through postings or groups.
  /// (A plain function over buffers: captured variables in closures are boxed and
  /// reloaded on every access, which made this loop five times slower.)
  private static func topK(rows: Range<Int>, views v: Views, scratch: Scratch, k: Int)
    -> Neighbours.RowBlock
  {
    var block = Neighbours.RowBlock()
    block.lengths.reserveCapacity(rows.count)
    block.indices.reserveCapacity(rows.count * k)
    block.similarities.reserveCapacity(rows.count * k)
    var heap = TopKHeap(capacity: k)
    let acc = scratch.accumulators
    let touched = scratch.touched
    let groupScore = scratch.groupScore
    let groupSeen = scratch.groupSeen
    let relevantGroups = scratch.relevantGroups
    for i in rows {
      let mark = Int32(i + 1)
      let start = Int(v.rowOffsets[i])
      let end = Int(v.rowOffsets[i + 1])
      var touchedCount = 0
      var relevantCount = 0
      for p in start..<end {
        let t = Int(v.columns[p])
        let w = v.values[p]
        if v.isHeavy[t] {
          for q in v.termGroupOffsets[t]..<v.termGroupOffsets[t + 1] {
            let g = Int(v.termGroupIds[q])
            if groupSeen[g] != mark {
              groupSeen[g] = mark
              groupScore[g] = 0
              relevantGroups[relevantCount] = Int32(g)
              relevantCount += 1
            }
            groupScore[g] += w * v.termGroupWeights[q]
          }
        } else {
          for q in v.postingOffsets[t]..<v.postingOffsets[t + 1] {
            let j = Int(v.postingRows[q])
            acc[j].light += w * v.postingValues[q]
            if acc[j].mark != mark {
              acc[j].mark = mark
              touched[touchedCount] = Int32(j)
              touchedCount += 1
            }
          }
        }
      }
      heap.removeAll()
      // Scores below the worst kept one cannot enter; equal ones go to the heap, which
      // compares indices. Kept in a local so the common case is one compare.
      var threshold = -Float.infinity
      for p in 0..<touchedCount {
        let j32 = touched[p]
        let j = Int(j32)
        var s = acc[j].light
        acc[j].light = 0
        let rowGroup = v.rowGroups[j]
        let g = Int(rowGroup.group)
        if g >= 0 && groupSeen[g] == mark { s += groupScore[g] * rowGroup.inverseNorm }
        if s >= threshold && s > 0 && j != i {
          heap.offer(j32, s)
          if heap.isFull { threshold = heap.worstScore }
        }
      }
      for p in 0..<relevantCount {
        let g = Int(relevantGroups[p])
        let c = groupScore[g]
        if !(c > 0) { continue }
        // The first member's score bounds the group (same expression, same bits): skip
        // the group without touching its members.
        if c * v.groupMaxInverseNorm[g] < threshold { continue }
        for q in v.memberOffsets[g]..<v.memberOffsets[g + 1] {
          let j32 = v.members[q]
          let j = Int(j32)
          if j == i || acc[j].mark == mark { continue }
          let s: Float = 0 + c * v.memberInverseNorms[q]
          // Members come best first: once one cannot enter, none after it can.
          if s < threshold || (s == threshold && heap.isFull && j32 > heap.worstItem) { break }
          heap.offer(j32, s)
          if heap.isFull { threshold = heap.worstScore }
        }
      }
      let best = heap.sorted()
      block.lengths.append(Int32(best.count))
      for pair in best {
        block.indices.append(pair.item)
        block.similarities.append(min(pair.score, 1))
      }
    }
    return block
  }
}
