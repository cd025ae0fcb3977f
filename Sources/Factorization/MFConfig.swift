/// Hyperparameters of biased matrix factorization trained by SGD.
///
/// The model is `r̂(u,i) = μ + b_u + b_i + p_u·q_i` (Funk / Koren, Surprise's `SVD`). The
/// names follow Surprise: `lr`/`reg` play `lr_all`/`reg_all`, and the optional
/// `lrBias`/`lrFactors`/`regBias`/`regFactors` override them for biases or factors.
public struct MFConfig: Sendable, Equatable {
  /// Number of latent factors (0 trains a biases-only model).
  public var factors: Int
  /// Number of passes over the training ratings.
  public var epochs: Int
  /// Learning rate for every parameter unless overridden.
  public var lr: Double
  /// L2 regularization for every parameter unless overridden.
  public var reg: Double
  /// Learning rate of `b_u` and `b_i`; `nil` means `lr`.
  public var lrBias: Double?
  /// Learning rate of `p_u` and `q_i`; `nil` means `lr`.
  public var lrFactors: Double?
  /// Regularization of `b_u` and `b_i`; `nil` means `reg`.
  public var regBias: Double?
  /// Regularization of `p_u` and `q_i`; `nil` means `reg`.
  public var regFactors: Double?
  /// Mean of the normal distribution the factors start from.
  public var initMean: Double
  /// Standard deviation of the normal distribution the factors start from.
  public var initStd: Double
  /// Seed of the generator for initialization and shuffling.
  public var seed: UInt64
  /// Order in which each epoch visits the ratings.
  public var order: SGDOrder
  /// Every learning rate is multiplied by this after each epoch (1 keeps it constant).
  public var lrDecay: Double
  /// With `false` there are no biases and no global mean (`r̂ = p_u·q_i`, Surprise's
  /// `biased=False`).
  public var biased: Bool
  /// Range that `predictClipped` and the test RMSE clip predictions to.
  public var ratingRange: ClosedRange<Double>
  /// Blocks per side of the `.blocked` order; nil picks them from the data's shape
  /// (`BlockGrid.blockCount`). Never the thread count: that would change the bits.
  public var blocks: Int?

  /// Creates a configuration; every argument defaults to Surprise's `SVD()` default.
  public init(
    factors: Int = 100, epochs: Int = 20, lr: Double = 0.005, reg: Double = 0.02,
    lrBias: Double? = nil, lrFactors: Double? = nil, regBias: Double? = nil,
    regFactors: Double? = nil, initMean: Double = 0, initStd: Double = 0.1, seed: UInt64 = 0,
    order: SGDOrder = .surprise, lrDecay: Double = 1, biased: Bool = true,
    ratingRange: ClosedRange<Double> = 1...5, blocks: Int? = nil
  ) {
    self.factors = factors
    self.epochs = epochs
    self.lr = lr
    self.reg = reg
    self.lrBias = lrBias
    self.lrFactors = lrFactors
    self.regBias = regBias
    self.regFactors = regFactors
    self.initMean = initMean
    self.initStd = initStd
    self.seed = seed
    self.order = order
    self.lrDecay = lrDecay
    self.biased = biased
    self.ratingRange = ratingRange
    self.blocks = blocks
  }

  /// Surprise's `SVD()` defaults: 100 factors, 20 epochs, init N(0, 0.1), `lr_all=0.005`,
  /// `reg_all=0.02`, biased, Surprise's iteration order.
  public static let surprise = MFConfig()

  /// Defaults tuned to beat `surprise` on MovieLens-1M-like data; see TUNING.md for the
  /// sources and the measurements behind each value.
  public static let tuned = MFConfig(
    factors: 100, epochs: 40, lr: 0.013, reg: 0.055, regBias: 0.01, initMean: 0, initStd: 0.05,
    seed: 0, order: .blocked, lrDecay: 0.97, biased: true)

  /// Learning rate actually applied to the biases.
  public var effectiveLRBias: Double { lrBias ?? lr }
  /// Learning rate actually applied to the factors.
  public var effectiveLRFactors: Double { lrFactors ?? lr }
  /// Regularization actually applied to the biases.
  public var effectiveRegBias: Double { regBias ?? reg }
  /// Regularization actually applied to the factors.
  public var effectiveRegFactors: Double { regFactors ?? reg }

  /// Checks every value, so training never starts on a configuration that cannot work.
  ///
  /// - Throws: `FactorizationError.invalidConfig` naming the first bad field.
  public func validate() throws(FactorizationError) {
    func check(_ ok: Bool, _ name: String, _ value: String, _ expected: String)
      throws(FactorizationError)
    {
      if !ok { throw .invalidConfig(name: name, value: value, expected: expected) }
    }
    try check(factors >= 0 && factors <= 65_536, "factors", "\(factors)", "an integer in 0...65536")
    try check(epochs >= 0, "epochs", "\(epochs)", "a non-negative integer")
    try check(lr.isFinite && lr > 0, "lr", "\(lr)", "a positive number")
    try check(reg.isFinite && reg >= 0, "reg", "\(reg)", "a non-negative number")
    for (name, value) in [("lr_bias", lrBias), ("lr_factors", lrFactors)] {
      if let value { try check(value.isFinite && value > 0, name, "\(value)", "a positive number") }
    }
    for (name, value) in [("reg_bias", regBias), ("reg_factors", regFactors)] {
      if let value {
        try check(value.isFinite && value >= 0, name, "\(value)", "a non-negative number")
      }
    }
    try check(initMean.isFinite, "init_mean", "\(initMean)", "a finite number")
    try check(initStd.isFinite && initStd >= 0, "init_std", "\(initStd)", "a non-negative number")
    try check(lrDecay.isFinite && lrDecay > 0, "lr_decay", "\(lrDecay)", "a positive number")
    if let blocks { try check(blocks >= 1 && blocks <= 1024, "blocks", "\(blocks)", "an integer in 1...1024") }
    try check(
      ratingRange.lowerBound.isFinite && ratingRange.upperBound.isFinite, "rating_range",
      "\(ratingRange)", "finite bounds")
  }
}
