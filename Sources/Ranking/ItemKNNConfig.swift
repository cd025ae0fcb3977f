/// Hyper-parameters of item-kNN with cosine similarity.
public struct ItemKNNConfig: Sendable, Equatable {
  /// Neighbours kept per item.
  public var neighbours: Int
  /// Use all cores (the result is the same bits either way).
  public var parallel: Bool

  public init(neighbours: Int = 50, parallel: Bool = true) {
    self.neighbours = neighbours
    self.parallel = parallel
  }

  /// - Throws: `RankingError.invalidConfig` for a bad neighbour count.
  public func validate() throws(RankingError) {
    guard neighbours >= 1 && neighbours <= 100_000 else {
      throw .invalidConfig(
        name: "neighbours", value: "\(neighbours)", expected: "an integer in 1...100000")
    }
  }
}
