/// Options of `DatasetSplitter.split`.
public struct SplitParams: Sendable, Equatable {
  public var method: SplitMethod
  /// Share of ratings that go to the test set, in `[0, 1)`.
  public var testFraction: Double
  public var seed: UInt64

  public init(method: SplitMethod = .random, testFraction: Double = 0.2, seed: UInt64 = 42) {
    self.method = method
    self.testFraction = testFraction
    self.seed = seed
  }
}
