import Dispatch

/// EASE (Steck 2019): a linear item-item model with a closed form.
///
/// `B = I - P / diag(P)` with `P = (XᵀX + λI)⁻¹` and a zero diagonal, so a user's score
/// of item `j` is the sum of `B[i][j]` over their items `i`. Nothing about a user is
/// stored: a new user with a few items is scored exactly like a trained one.
public struct EASEModel: ItemRanker, Equatable {
  public let itemCount: Int
  /// `itemCount x itemCount`, row-major: row `i` is what item `i` adds to every score.
  public let weights: [Float]

  /// Rebuilds a model from its weights (for example, read back from a bundle).
  ///
  /// - Throws: `RankingError.modelShape` when `weights` is not `itemCount²` values.
  public init(itemCount: Int, weights: [Float]) throws(RankingError) {
    let (size, overflow) = itemCount.multipliedReportingOverflow(by: itemCount)
    guard itemCount >= 0, !overflow, weights.count == size else {
      throw .modelShape(field: "weights", expected: overflow ? -1 : size, actual: weights.count)
    }
    self.itemCount = itemCount
    self.weights = weights
  }

  /// Trains EASE on the pattern of `matrix` (users x items; values are ignored).
  ///
  /// - Throws: `RankingError.tooManyItems` past `config.maxItems`, `.invalidConfig` (also for
  ///   an unknown `RECSYS_RANKING_KERNEL`), `.notPositiveDefinite` (only when lambda is tiny
  ///   against rounding).
  /// - Complexity: O(Σ_u n_u² + items³) time; one `items x items` Float matrix (the Gram
  ///   matrix becomes the weights in place) plus O(items) panels per thread.
  public static func train(_ matrix: InteractionMatrix, config: EASEConfig = EASEConfig())
    throws(RankingError) -> EASEModel
  {
    try config.validate()
    try RankingKernel.checkVariable()
    let n = matrix.columnCount
    guard n <= config.maxItems else { throw .tooManyItems(count: n, limit: config.maxItems) }
    var g = gram(matrix, parallel: config.parallel)
    let lambda = Float(config.lambda)
    for i in 0..<n { g[i * n + i] += lambda }
    try DenseCholesky.invertInPlace(&g, n: n, parallel: config.parallel, kernel: config.kernel)
    // B[i][j] = -P[i][j] / P[j][j]: scale column j, in fixed row chunks.
    var inverseDiagonal = [Float](repeating: 0, count: n)
    for j in 0..<n { inverseDiagonal[j] = -1 / g[j * n + j] }
    g.withUnsafeMutableBufferPointer { gb in
      let p = SharedBuffer(gb.baseAddress!)
      inverseDiagonal.withUnsafeBufferPointer { db in
        let d = SharedConstBuffer(db.baseAddress!)
        DenseCholesky.forEach((n + 63) / 64, parallel: config.parallel) { c in
          for i in (c * 64)..<min(n, c * 64 + 64) {
            let row = p.base + i * n
            for j in 0..<n { row[j] *= d.base[j] }
            row[i] = 0
          }
        }
      }
    }
    return EASEModel(unchecked: n, weights: g)
  }

  init(unchecked itemCount: Int, weights: [Float]) {
    self.itemCount = itemCount
    self.weights = weights
  }

  /// The lower triangle of `XᵀX` (counts), `items x items` row-major.
  static func gram(_ matrix: InteractionMatrix, parallel: Bool) -> [Float] {
    let n = matrix.columnCount
    var g = [Float](repeating: 0, count: n * n)
    let byItem = matrix.transposed()
    g.withUnsafeMutableBufferPointer { gb in
      let p = SharedBuffer(gb.baseAddress!)
      DenseCholesky.forEach((n + 31) / 32, parallel: parallel) { c in
        for i in (c * 32)..<min(n, c * 32 + 32) {
          ItemCooccurrence.addRow(i, limit: i, byUser: matrix, byItem: byItem, into: p.base + i * n)
        }
      }
    }
    return g
  }

  public func scores(forItems items: [Int32], into scores: inout [Float]) {
    let n = itemCount
    if scores.count != n { scores = [Float](repeating: 0, count: n) }
    scores.withUnsafeMutableBufferPointer { out in
      weights.withUnsafeBufferPointer { w in
        for j in 0..<n { out[j] = 0 }
        for item in items {
          precondition(item >= 0 && Int(item) < n, "item index \(item) is outside 0..<\(n)")
          VectorKernel.add(w.baseAddress! + Int(item) * n, into: out.baseAddress!, count: n)
        }
      }
    }
  }
}
