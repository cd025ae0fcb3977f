import RecsysCore
/// A trained implicit ALS model: a user's score of item `i` is `x_u · y_i`.
///
/// Factor matrices are row-major with exactly `factors` columns. The item Gramian
/// `YᵀY + λI` is derived on creation, so folding in a new user costs one `factors²`
/// system plus a pass over their items.
public struct ALSModel: ItemRanker, Equatable {
  public let factors: Int
  /// `userCount x factors`, row-major.
  public let userFactors: [Float]
  /// `itemCount x factors`, row-major.
  public let itemFactors: [Float]
  /// The `λ` fold-in uses (the training value).
  public let regularization: Double
  /// The `alpha` of the confidence `1 + alpha * r` fold-in uses (the training value).
  public let alpha: Double

  /// Item vectors padded to whole SIMD8 chunks, for scoring.
  let paddedItems: [SIMD8<Float>]
  /// `YᵀY + λI` in Double, `factors x factors`.
  let gramian: [Double]

  public var userCount: Int { factors == 0 ? 0 : userFactors.count / factors }
  public var itemCount: Int { factors == 0 ? 0 : itemFactors.count / factors }

  /// Rebuilds a model from its parts (for example, read back from a bundle).
  ///
  /// - Throws: `RankingError.modelShape` when a factor array is not a whole number of
  ///   `factors`-long rows, or `factors` is not positive.
  public init(
    factors: Int, userFactors: [Float], itemFactors: [Float], regularization: Double, alpha: Double
  ) throws(RankingError) {
    guard factors >= 1 else { throw .modelShape(field: "factors", expected: 1, actual: factors) }
    guard userFactors.count % factors == 0 else {
      throw .modelShape(
        field: "user_factors", expected: userFactors.count / factors * factors,
        actual: userFactors.count)
    }
    guard itemFactors.count % factors == 0 else {
      throw .modelShape(
        field: "item_factors", expected: itemFactors.count / factors * factors,
        actual: itemFactors.count)
    }
    self.factors = factors
    self.userFactors = userFactors
    self.itemFactors = itemFactors
    self.regularization = regularization
    self.alpha = alpha
    let chunks = (factors + 7) / 8
    let items = itemFactors.count / factors
    var padded = [SIMD8<Float>](repeating: SIMD8(), count: items * chunks)
    for i in 0..<items {
      for d in 0..<factors { padded[i * chunks + d / 8][d % 8] = itemFactors[i * factors + d] }
    }
    paddedItems = padded
    var g = [Double](repeating: 0, count: factors * factors)
    // Rows in ascending order, one fixed sum per entry.
    itemFactors.withUnsafeBufferPointer { y in
      g.withUnsafeMutableBufferPointer { gb in
        for i in 0..<items {
          let row = y.baseAddress! + i * factors
          for a in 0..<factors {
            let ya = Double(row[a])
            for b in 0...a { gb[a * factors + b] += ya * Double(row[b]) }
          }
        }
      }
    }
    for a in 0..<factors {
      for b in 0..<a { g[b * factors + a] = g[a * factors + b] }
      g[a * factors + a] += regularization
    }
    gramian = g
  }

  public static func == (a: ALSModel, b: ALSModel) -> Bool {
    a.factors == b.factors && a.userFactors == b.userFactors && a.itemFactors == b.itemFactors
      && a.regularization == b.regularization && a.alpha == b.alpha
  }

  /// Scores every item for a user seen in training, from their trained vector.
  ///
  /// - Precondition: `user` is in `0..<userCount`.
  public func scores(forUser user: Int, into scores: inout [Float]) {
    precondition(user >= 0 && user < userCount, "user index \(user) is outside 0..<\(userCount)")
    var vector = [Float](repeating: 0, count: factors)
    for d in 0..<factors { vector[d] = userFactors[user * factors + d] }
    self.scores(forVector: vector, into: &scores)
  }

  /// Scores every item for a user described by their items: one exact least-squares
  /// solve (`foldIn`), then dot products.
  public func scores(forItems items: [Int32], into scores: inout [Float]) {
    self.scores(forVector: foldIn(items: items), into: &scores)
  }

  /// Scores every item for a user vector of `factors` values.
  public func scores(forVector vector: [Float], into scores: inout [Float]) {
    precondition(vector.count == factors, "vector has \(vector.count) values, expected \(factors)")
    let n = itemCount
    if scores.count != n { scores = [Float](repeating: 0, count: n) }
    let chunks = (factors + 7) / 8
    var x = [SIMD8<Float>](repeating: SIMD8(), count: chunks)
    for d in 0..<factors { x[d / 8][d % 8] = vector[d] }
    scores.withUnsafeMutableBufferPointer { out in
      paddedItems.withUnsafeBufferPointer { y in
        x.withUnsafeBufferPointer { xb in
          for i in 0..<n {
            out[i] = FloatKernel.dot(padded: xb.baseAddress!, y.baseAddress! + i * chunks, chunks: chunks)
          }
        }
      }
    }
  }

  /// The user vector that minimizes the ALS loss for these items with the item factors
  /// fixed: `(YᵀY + λI + Σ (c_i - 1) y_i y_iᵀ) x = Σ c_i y_i`, solved exactly (Cholesky in
  /// Double). This is how a user unknown to training gets personal scores.
  ///
  /// - Parameters:
  ///   - items: dense item indices (ascending, distinct).
  ///   - values: `r` per item for confidence `1 + alpha * r`; nil means `r = 1` each.
  /// - Precondition: every index is in `0..<itemCount`; `values` matches `items`.
  public func foldIn(items: [Int32], values: [Float]? = nil) -> [Float] {
    precondition(values == nil || values!.count == items.count, "values do not match items")
    let f = factors
    var a = gramian
    var b = [Double](repeating: 0, count: f)
    for (p, item) in items.enumerated() {
      precondition(
        item >= 0 && Int(item) < itemCount, "item index \(item) is outside 0..<\(itemCount)")
      let c = 1 + alpha * Double(values?[p] ?? 1)
      let row = Int(item) * f
      for d in 0..<f {
        let yd = Double(itemFactors[row + d])
        b[d] += c * yd
        let w = (c - 1) * yd
        for e in 0...d { a[d * f + e] += w * Double(itemFactors[row + e]) }
      }
    }
    // Cholesky of the lower triangle, then two triangular solves.
    for j in 0..<f {
      var s = a[j * f + j]
      for t in 0..<j { s -= a[j * f + t] * a[j * f + t] }
      let pivot = max(s, 1e-300).squareRoot()
      a[j * f + j] = pivot
      for i in (j + 1)..<max(j + 1, f) {
        var v = a[i * f + j]
        for t in 0..<j { v -= a[i * f + t] * a[j * f + t] }
        a[i * f + j] = v / pivot
      }
    }
    for i in 0..<f {
      var s = b[i]
      for t in 0..<i { s -= a[i * f + t] * b[t] }
      b[i] = s / a[i * f + i]
    }
    for i in stride(from: f - 1, through: 0, by: -1) {
      var s = b[i]
      for t in (i + 1)..<max(i + 1, f) { s -= a[t * f + i] * b[t] }
      b[i] = s / a[i * f + i]
    }
    return b.map { Float($0) }
  }
}
