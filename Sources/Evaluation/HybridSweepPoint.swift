/// The ranking metrics of the hybrid scorer at one weight.
public struct HybridSweepPoint: Sendable, Equatable {
  /// The weight of the MF part.
  public let alpha: Double
  public let metrics: RankingMetrics

  public init(alpha: Double, metrics: RankingMetrics) {
    self.alpha = alpha
    self.metrics = metrics
  }

  /// The default sweep, 0.0, 0.1, ..., 1.0, each computed as `i / 10` so that the
  /// values are the nearest doubles to the decimals (repeated `+= 0.1` drifts).
  public static let defaultAlphas: [Double] = (0...10).map { Double($0) / 10 }
}
