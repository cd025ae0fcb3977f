/// Rating-prediction error: root mean squared error and mean absolute error.
///
/// Both sums run in index order in `Double`, so the same inputs give the same bits.
public struct ErrorMetrics: Sendable, Equatable {
  /// The number of (prediction, rating) pairs.
  public let count: Int
  /// `sqrt(mean((predicted - actual)²))`.
  public let rmse: Double
  /// `mean(|predicted - actual|)`.
  public let mae: Double

  /// Computes RMSE and MAE over paired arrays.
  ///
  /// - Parameters:
  ///   - predicted: the model's predictions.
  ///   - actual: the true ratings, in the same order.
  ///   - range: when given, predictions are clipped to it first (the evaluate stage
  ///     clips to [1, 5], as Surprise does).
  /// - Throws: `EvaluationError.lengthMismatch` or `.empty`.
  public init(predicted: [Double], actual: [Double], clippingTo range: ClosedRange<Double>? = nil)
    throws
  {
    guard predicted.count == actual.count else {
      throw EvaluationError.lengthMismatch(
        what: "predictions", expected: actual.count, actual: predicted.count)
    }
    guard !actual.isEmpty else { throw EvaluationError.empty("the test set") }
    var squared = 0.0
    var absolute = 0.0
    predicted.withUnsafeBufferPointer { p in
      actual.withUnsafeBufferPointer { a in
        for i in 0..<a.count {
          var x = p[i]
          if let range { x = Swift.min(Swift.max(x, range.lowerBound), range.upperBound) }
          let e = x - a[i]
          squared += e * e
          absolute += Swift.abs(e)
        }
      }
    }
    count = actual.count
    rmse = (squared / Double(actual.count)).squareRoot()
    mae = absolute / Double(actual.count)
  }
}
