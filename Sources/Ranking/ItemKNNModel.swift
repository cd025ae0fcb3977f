import RecsysCore

/// Item-kNN: each item keeps its `k` most cosine-similar items (co-occurrence over the
/// square root of the two popularities); a user's score of item `j` is the sum of the
/// similarities of their items that keep `j` as a neighbour.
///
/// Memory is `items x k`, so unlike EASE it scales to any catalog.
public struct ItemKNNModel: ItemRanker, Equatable {
  public let itemCount: Int
  /// `itemCount + 1` offsets into `neighbours` and `weights`.
  public let offsets: [Int32]
  /// Each item's neighbours, best first (ties: lower index first).
  public let neighbours: [Int32]
  /// Cosine similarity of each neighbour.
  public let weights: [Float]

  /// Rebuilds a model from its arrays (for example, read back from a bundle).
  ///
  /// - Throws: `RankingError.modelShape` when the arrays do not fit together or an index
  ///   is outside the catalog.
  public init(itemCount: Int, offsets: [Int32], neighbours: [Int32], weights: [Float])
    throws(RankingError)
  {
    guard offsets.count == itemCount + 1 else {
      throw .modelShape(field: "offsets", expected: itemCount + 1, actual: offsets.count)
    }
    guard offsets.first == 0, Int(offsets.last!) == neighbours.count else {
      throw .modelShape(field: "neighbours", expected: Int(offsets.last!), actual: neighbours.count)
    }
    guard weights.count == neighbours.count else {
      throw .modelShape(field: "weights", expected: neighbours.count, actual: weights.count)
    }
    for i in 0..<itemCount where offsets[i] > offsets[i + 1] {
      throw .modelShape(field: "offsets", expected: Int(offsets[i]), actual: Int(offsets[i + 1]))
    }
    for j in neighbours where j < 0 || Int(j) >= itemCount {
      throw .modelShape(field: "neighbours", expected: itemCount, actual: Int(j))
    }
    self.itemCount = itemCount
    self.offsets = offsets
    self.neighbours = neighbours
    self.weights = weights
  }

  init(unchecked itemCount: Int, offsets: [Int32], neighbours: [Int32], weights: [Float]) {
    self.itemCount = itemCount
    self.offsets = offsets
    self.neighbours = neighbours
    self.weights = weights
  }

  /// Trains on the pattern of `matrix` (users x items; values are ignored).
  ///
  /// - Throws: `RankingError.invalidConfig`.
  /// - Complexity: O(Σ_u n_u² + items² ) time, O(items x k) memory besides the matrix.
  public static func train(_ matrix: InteractionMatrix, config: ItemKNNConfig = ItemKNNConfig())
    throws(RankingError) -> ItemKNNModel
  {
    try config.validate()
    let n = matrix.columnCount
    let byItem = matrix.transposed()
    let popularity = (0..<n).map { Float(byItem.count(ofRow: $0)) }
    let k = config.neighbours
    let parts = ChunkedWork.run(count: n, chunkSize: 64, parallel: config.parallel) { range in
      var counts = [Float](repeating: 0, count: n)
      var heap = TopKHeap(capacity: min(k, max(1, n - 1)))
      var ids: [Int32] = []
      var sims: [Float] = []
      var ends: [Int32] = []
      counts.withUnsafeMutableBufferPointer { cb in
        for i in range {
          for j in 0..<n { cb[j] = 0 }
          ItemCooccurrence.addRow(
            i, limit: n - 1, byUser: matrix, byItem: byItem, into: cb.baseAddress!)
          heap.removeAll()
          let pi = popularity[i]
          for j in 0..<n where j != i && cb[j] > 0 {
            heap.offer(Int32(j), cb[j] / (pi * popularity[j]).squareRoot())
          }
          for (item, score) in heap.sorted() {
            ids.append(item)
            sims.append(score)
          }
          ends.append(Int32(ids.count))
        }
      }
      return (ids, sims, ends)
    }
    var offsets: [Int32] = [0]
    var neighbours: [Int32] = []
    var weights: [Float] = []
    for (ids, sims, ends) in parts {
      let base = Int32(neighbours.count)
      neighbours += ids
      weights += sims
      for e in ends { offsets.append(base + e) }
    }
    return ItemKNNModel(unchecked: n, offsets: offsets, neighbours: neighbours, weights: weights)
  }

  public func scores(forItems items: [Int32], into scores: inout [Float]) {
    let n = itemCount
    if scores.count != n { scores = [Float](repeating: 0, count: n) }
    scores.withUnsafeMutableBufferPointer { out in
      for j in 0..<n { out[j] = 0 }
      for item in items {
        precondition(item >= 0 && Int(item) < n, "item index \(item) is outside 0..<\(n)")
        for q in Int(offsets[Int(item)])..<Int(offsets[Int(item) + 1]) {
          out[Int(neighbours[q])] += weights[q]
        }
      }
    }
  }
}
