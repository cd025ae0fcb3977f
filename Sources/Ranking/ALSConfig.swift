/// Hyper-parameters of implicit ALS (Hu, Koren, Volinsky 2008) with conjugate-gradient
/// solves (Takács, Pilászy, Tikk 2011).
public struct ALSConfig: Sendable, Equatable {
  /// Latent dimension.
  public var factors: Int
  /// Alternations (a user pass then an item pass each).
  public var iterations: Int
  /// L2 penalty `λ` on every factor vector (added to `YᵀY`, not scaled by counts).
  public var regularization: Double
  /// Confidence of an observed entry with value `r` is `1 + alpha * r`.
  public var alpha: Double
  /// Conjugate-gradient steps per solve, warm-started from the previous vector.
  public var cgSteps: Int
  /// When false every observed entry counts as `r = 1` (binary); when true the
  /// matrix values are `r`.
  public var useValues: Bool
  /// Decides the initial factors.
  public var seed: UInt64
  /// Use all cores (the result is the same bits either way).
  public var parallel: Bool
  /// Which code runs the solves (the same bits either way); tests pick `.portable`.
  var kernel: RankingKernel = .best

  public init(
    factors: Int = 32, iterations: Int = 15, regularization: Double = 0.05, alpha: Double = 2,
    cgSteps: Int = 3, useValues: Bool = false, seed: UInt64 = 42, parallel: Bool = true
  ) {
    self.factors = factors
    self.iterations = iterations
    self.regularization = regularization
    self.alpha = alpha
    self.cgSteps = cgSteps
    self.useValues = useValues
    self.seed = seed
    self.parallel = parallel
  }

  /// - Throws: `RankingError.invalidConfig` for the first bad value.
  public func validate() throws(RankingError) {
    func bad(_ name: String, _ value: String, _ expected: String) -> RankingError {
      .invalidConfig(name: name, value: value, expected: expected)
    }
    if factors < 1 || factors > 1024 {
      throw bad("factors", "\(factors)", "an integer in 1...1024")
    }
    if iterations < 0 || iterations > 10_000 {
      throw bad("iterations", "\(iterations)", "an integer in 0...10000")
    }
    if !(regularization.isFinite && regularization > 0) {
      throw bad("reg", "\(regularization)", "a finite number > 0")
    }
    if !(alpha.isFinite && alpha >= 0) { throw bad("alpha", "\(alpha)", "a finite number >= 0") }
    if cgSteps < 1 || cgSteps > 1024 {
      throw bad("cg_steps", "\(cgSteps)", "an integer in 1...1024")
    }
  }
}
