/// The matrix factorization sections read in place.
///
/// Valid only while the `BundleReader` it came from is alive.
public struct FactorModelView {
  /// Latent factors per user and per movie (`k`).
  public let factorCount: Int
  /// Mean training rating.
  public let globalMean: Double
  /// Bias per user.
  public let userBiases: UnsafeBufferPointer<Float>
  /// Bias per movie.
  public let itemBiases: UnsafeBufferPointer<Float>
  /// `users * k`, row-major.
  public let userFactors: UnsafeBufferPointer<Float>
  /// `movies * k`, row-major.
  public let itemFactors: UnsafeBufferPointer<Float>

  /// The factor row of user `user`.
  @inlinable
  public func userVector(_ user: Int) -> UnsafeBufferPointer<Float> {
    UnsafeBufferPointer(rebasing: userFactors[(user * factorCount)..<((user + 1) * factorCount)])
  }

  /// The factor row of movie `movie`.
  @inlinable
  public func itemVector(_ movie: Int) -> UnsafeBufferPointer<Float> {
    UnsafeBufferPointer(rebasing: itemFactors[(movie * factorCount)..<((movie + 1) * factorCount)])
  }

  /// The raw (unclipped) prediction `globalMean + bu + bi + dot(pu, qi)`, summed in
  /// factor order.
  public func predict(user: Int, movie: Int) -> Double {
    let p = userVector(user)
    let q = itemVector(movie)
    var dot: Float = 0
    for f in 0..<factorCount { dot += p[f] * q[f] }
    return globalMean + Double(userBiases[user]) + Double(itemBiases[movie]) + Double(dot)
  }
}
