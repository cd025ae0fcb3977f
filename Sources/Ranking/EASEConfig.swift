/// Hyper-parameters of EASE (Steck 2019).
public struct EASEConfig: Sendable, Equatable {
  /// L2 penalty added to the Gram matrix diagonal (Steck: 500 on ML-20M).
  public var lambda: Double
  /// Largest catalog EASE accepts: it holds one dense `items x items` Float matrix,
  /// inverted in place (20k items: 1.6 GB).
  public var maxItems: Int
  /// Use all cores (the result is the same bits either way).
  public var parallel: Bool
  /// Which code runs the dense products (the same bits either way); tests pick `.portable`.
  var kernel: RankingKernel = .best

  public init(lambda: Double = 500, maxItems: Int = 20_000, parallel: Bool = true) {
    self.lambda = lambda
    self.maxItems = maxItems
    self.parallel = parallel
  }

  /// - Throws: `RankingError.invalidConfig` for the first bad value.
  public func validate() throws(RankingError) {
    guard lambda.isFinite, lambda > 0 else {
      throw .invalidConfig(name: "lambda", value: "\(lambda)", expected: "a finite number > 0")
    }
    guard maxItems >= 1 else {
      throw .invalidConfig(name: "max_items", value: "\(maxItems)", expected: "an integer >= 1")
    }
  }
}
