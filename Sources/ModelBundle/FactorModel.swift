/// A biased matrix factorization model: `prediction = globalMean + bu + bi + dot(pu, qi)`.
public struct FactorModel: Sendable, Equatable {
  /// Number of latent factors `k`.
  public var factorCount: Int
  /// Mean training rating.
  public var globalMean: Double
  /// One bias per user (dense user index).
  public var userBiases: [Float]
  /// One bias per movie (dense movie index).
  public var itemBiases: [Float]
  /// `users * k` factors, row-major.
  public var userFactors: [Float]
  /// `movies * k` factors, row-major.
  public var itemFactors: [Float]

  public init(
    factorCount: Int, globalMean: Double, userBiases: [Float], itemBiases: [Float],
    userFactors: [Float], itemFactors: [Float]
  ) {
    self.factorCount = factorCount
    self.globalMean = globalMean
    self.userBiases = userBiases
    self.itemBiases = itemBiases
    self.userFactors = userFactors
    self.itemFactors = itemFactors
  }
}
