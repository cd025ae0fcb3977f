import CRankingKernel
import RecsysCore
/// Scores from latent factors: `mean + b_u + b_i + p_u . q_i` for biased matrix
/// factorization (the SVD), `p_u . q_i` for implicit ALS (no biases, `mean` 0).
///
/// A user outside training is folded in by one ridge least-squares solve against the
/// fixed item factors (`FoldIn`), so new ratings need no retraining.
public struct FactorScorer: Sendable {
  /// How a new user's vector is fitted from their ratings.
  public enum FoldIn: Sendable, Equatable {
    /// Explicit ratings: `b_u` is the damped mean residual `sum(r - mean - b_i) / (n + reg)`,
    /// then `p` minimises `sum (r - mean - b_u - b_i - p.q_i)^2 + reg |p|^2`.
    case explicit(reg: Double)
    /// Implicit feedback (Hu, Koren, Volinsky 2008): every rated item has preference 1 and
    /// confidence `1 + alpha`; `p` minimises
    /// `sum over all items c_i (pref_i - p.q_i)^2 + reg |p|^2`, solved with the Gram
    /// matrix `Q^T Q` held by the scorer.
    case implicit(reg: Double, alpha: Double)
  }

  public let itemCount: Int
  public let userCount: Int
  public let factorCount: Int
  public let globalMean: Float
  public let userBiases: SharedBuffer<Float>?
  public let itemBiases: SharedBuffer<Float>?
  /// `userCount * factorCount`, row-major.
  public let userFactors: SharedBuffer<Float>
  /// `itemCount * factorCount`, row-major.
  public let itemFactors: SharedBuffer<Float>
  public let foldIn: FoldIn
  /// `Q^T Q` (k x k, row-major, Double), for implicit fold-in; empty otherwise.
  let gram: [Double]

  /// Wraps the arrays after checking their shapes.
  ///
  /// - Parameters:
  ///   - userBiases, itemBiases: nil for an unbiased model (ALS), which then ignores `globalMean`.
  /// - Throws: `ScoringError.shape` when an array's length does not match.
  public init(
    userCount: Int, itemCount: Int, factorCount: Int, globalMean: Double,
    userBiases: SharedBuffer<Float>?, itemBiases: SharedBuffer<Float>?,
    userFactors: SharedBuffer<Float>, itemFactors: SharedBuffer<Float>, foldIn: FoldIn
  ) throws(ScoringError) {
    func expect(_ what: String, _ actual: Int, _ expected: Int) throws(ScoringError) {
      if actual != expected { throw .shape(what: what, expected: expected, actual: actual) }
    }
    guard factorCount >= 0, userCount >= 0, itemCount >= 0 else {
      throw .invalidParameter(
        name: "shape", value: "\(userCount)x\(itemCount)x\(factorCount)", expected: "counts >= 0")
    }
    if let userBiases { try expect("user_biases", userBiases.count, userCount) }
    if let itemBiases { try expect("item_biases", itemBiases.count, itemCount) }
    try expect("user_factors", userFactors.count, userCount * factorCount)
    try expect("item_factors", itemFactors.count, itemCount * factorCount)
    self.userCount = userCount
    self.itemCount = itemCount
    self.factorCount = factorCount
    self.globalMean = userBiases == nil && itemBiases == nil ? 0 : Float(globalMean)
    self.userBiases = userBiases
    self.itemBiases = itemBiases
    self.userFactors = userFactors
    self.itemFactors = itemFactors
    self.foldIn = foldIn
    var gram: [Double] = []
    if case .implicit = foldIn {
      let k = factorCount
      gram = [Double](repeating: 0, count: k * k)
      let q = itemFactors.pointer
      for i in 0..<itemCount {
        for a in 0..<k {
          let qa = Double(q[i * k + a])
          for b in 0..<k { gram[a * k + b] += qa * Double(q[i * k + b]) }
        }
      }
    }
    self.gram = gram
  }

  /// The user's vector and bias: the trained ones, or folded in from the profile.
  func userTerms(_ profile: UserProfile) -> (vector: [Float], bias: Float) {
    let k = factorCount
    if let u = profile.user, u >= 0, u < userCount {
      let row = Array(userFactors.pointer[(u * k)..<((u + 1) * k)])
      return (row, userBiases?[u] ?? 0)
    }
    return fold(profile)
  }

  /// One ridge solve for a user not in training.
  func fold(_ profile: UserProfile) -> (vector: [Float], bias: Float) {
    let k = factorCount
    let q = itemFactors.pointer
    let rated = zip(profile.items, profile.ratings).filter { $0.0 >= 0 && Int($0.0) < itemCount }
    var a = [Double](repeating: 0, count: k * k)
    var rhs = [Double](repeating: 0, count: k)
    var bias: Double = 0
    switch foldIn {
    case .explicit(let reg):
      let base = Double(globalMean)
      var residual = 0.0
      for (item, rating) in rated {
        residual += Double(rating) - base - Double(itemBiases?[Int(item)] ?? 0)
      }
      if userBiases != nil { bias = residual / (Double(rated.count) + max(reg, 1e-9)) }
      for (item, rating) in rated {
        let i = Int(item)
        let target = Double(rating) - base - bias - Double(itemBiases?[i] ?? 0)
        for x in 0..<k {
          let qx = Double(q[i * k + x])
          rhs[x] += qx * target
          for y in 0..<k { a[x * k + y] += qx * Double(q[i * k + y]) }
        }
      }
      for x in 0..<k { a[x * k + x] += reg * Double(max(rated.count, 1)) }
    case .implicit(let reg, let alpha):
      a = gram
      for (item, _) in rated {
        let i = Int(item)
        for x in 0..<k {
          let qx = Double(q[i * k + x])
          rhs[x] += (1 + alpha) * qx
          for y in 0..<k { a[x * k + y] += alpha * qx * Double(q[i * k + y]) }
        }
      }
      for x in 0..<k { a[x * k + x] += reg }
    }
    let solution = DenseSolve.symmetricPositive(a, rhs, size: k) ?? [Double](repeating: 0, count: k)
    return (solution.map { Float($0) }, Float(bias))
  }

  /// Writes the raw score of every item into `out` (`itemCount` long).
  public func fill(_ profile: UserProfile, into out: UnsafeMutableBufferPointer<Float>) {
    fill([profile], into: out)
  }

  /// Items per tile of the batched fill: their factors (100 x 4 bytes a row at k = 100)
  /// stay in L2 while every user of the batch is scored against them, instead of the
  /// whole factor matrix (25 MB at ML-25M) streaming from memory once per user.
  static let itemTile = 512

  /// `fill` for several users at once: row `r` of `out` (`profiles.count x itemCount`,
  /// row-major) gets `profiles[r]`'s scores, with the same bits as a fill of that
  /// profile alone (each score is the same expression; only the loop order changes).
  public func fill(_ profiles: [UserProfile], into out: UnsafeMutableBufferPointer<Float>) {
    fill(profiles, into: out, kernel: .best)
  }

  /// `fill(_:into:)` on a chosen kernel (the tests compare them bit for bit).
  func fill(_ profiles: [UserProfile], into out: UnsafeMutableBufferPointer<Float>, kernel: ScoringKernel) {
    let terms = profiles.map(userTerms)
    let k = factorCount
    let n = itemCount
    let q = itemFactors.pointer.baseAddress
    let biases = itemBiases?.pointer
    var tile = 0
    while tile < n {
      let end = Swift.min(n, tile + Self.itemTile)
      for (r, (vector, bias)) in terms.enumerated() {
        let base = globalMean + bias
        let row = out.baseAddress! + r * n
        vector.withUnsafeBufferPointer { p in
          if kernel != .portable, k > 0, let q, let p = p.baseAddress {
            let rows = kernel == .avx512 ? crank_score_factors_avx512 : crank_score_factors_avx2
            rows(p, q, k, biases?.baseAddress, base, tile, end, row)
            return
          }
          for i in tile..<end {
            var s = base
            if let biases { s += biases[i] }
            if k > 0, let q, let p = p.baseAddress { s += FloatKernel.dot(p, q + i * k, count: k) }
            row[i] = s
          }
        }
      }
      tile = end
    }
  }
}

/// Small dense linear algebra for fold-in solves (k x k, k in the tens or hundreds).
enum DenseSolve {
  /// Solves `A x = b` for a symmetric positive definite `A` (row-major) by Cholesky, in
  /// a fixed order; nil when `A` is not positive definite.
  static func symmetricPositive(_ a: [Double], _ b: [Double], size n: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0...i {
        var sum = a[i * n + j]
        for p in 0..<j { sum -= l[i * n + p] * l[j * n + p] }
        if i == j {
          guard sum > 0 else { return nil }
          l[i * n + i] = sum.squareRoot()
        } else {
          l[i * n + j] = sum / l[j * n + j]
        }
      }
    }
    var y = b
    for i in 0..<n {
      var sum = y[i]
      for p in 0..<i { sum -= l[i * n + p] * y[p] }
      y[i] = sum / l[i * n + i]
    }
    var x = y
    for i in stride(from: n - 1, through: 0, by: -1) {
      var sum = x[i]
      for p in (i + 1)..<n { sum -= l[p * n + i] * x[p] }
      x[i] = sum / l[i * n + i]
    }
    return x
  }
}
