/// How `recommend` scores users, as the evaluate stage chose it on validation: the
/// collaborative model, the normalization of the two halves, the weight, and the
/// constants of cold-start fold-in.
public struct ScoringConfig: Sendable, Equatable {
  /// The collaborative model's name (`svd` reads the `mf.*` sections, others `ranker.*`).
  public var model: String
  /// The collaborative share in [0, 1].
  public var alpha: Double
  /// `minmax`, `zscore` or `none`.
  public var normalize: String
  /// A rating at least this makes a movie liked (the content half).
  public var likedThreshold: Double
  /// Ridge regularization of the fold-in solve.
  public var foldInReg: Double
  /// Confidence weight of implicit fold-in (0 for explicit models).
  public var foldInAlpha: Double

  public static let normalizations = ["minmax", "none", "zscore"]

  public init(
    model: String, alpha: Double, normalize: String, likedThreshold: Double, foldInReg: Double,
    foldInAlpha: Double
  ) {
    self.model = model
    self.alpha = alpha
    self.normalize = normalize
    self.likedThreshold = likedThreshold
    self.foldInReg = foldInReg
    self.foldInAlpha = foldInAlpha
  }

  /// The first value outside its range, as a one-line problem, or nil.
  func problem() -> String? {
    if model.isEmpty || model.utf8.count > 64 || !model.utf8.allSatisfy({ $0 >= 0x21 && $0 < 0x7f })
    {
      return "scoring model name '\(model)' is not a short ASCII word"
    }
    if !(alpha.isFinite && (0...1).contains(alpha)) {
      return "scoring alpha \(alpha) is outside [0, 1]"
    }
    if !ScoringConfig.normalizations.contains(normalize) {
      return
        "scoring normalization '\(normalize)' is not one of \(ScoringConfig.normalizations.joined(separator: ", "))"
    }
    if !(likedThreshold.isFinite && (-1e6...1e6).contains(likedThreshold)) {
      return "scoring liked threshold \(likedThreshold) is not a rating"
    }
    if !(foldInReg.isFinite && foldInReg >= 0 && foldInReg <= 1e6) {
      return "scoring fold-in regularization \(foldInReg) is outside [0, 1e6]"
    }
    if !(foldInAlpha.isFinite && foldInAlpha >= 0 && foldInAlpha <= 1e6) {
      return "scoring fold-in confidence \(foldInAlpha) is outside [0, 1e6]"
    }
    return nil
  }
}

/// The top-N ranker's parameters when it is not the SVD.
public enum RankerModel: Sendable, Equatable {
  /// The SVD's `mf.*` sections serve (no extra arrays).
  case none
  /// An item-item weight matrix, `movies x movies`, row-major (EASE).
  case itemWeights([Float])
  /// Latent factors without biases (implicit ALS): `users x k` and `movies x k`.
  case factors(count: Int, users: [Float], items: [Float])
  /// Sparse item-item weights (item-kNN): CSR rows of neighbours and weights per movie.
  case sparseWeights(offsets: [Int32], neighbours: [Int32], weights: [Float])
}
