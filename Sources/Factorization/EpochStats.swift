/// What one SGD epoch achieved.
public struct EpochStats: Sendable, Equatable {
  /// 1-based epoch number.
  public var epoch: Int
  /// Root mean squared error over the training ratings, measured during the pass: each
  /// rating's error is taken just before that rating's update (unclipped), as SGD saw it.
  public var trainRMSE: Double
  /// RMSE of predictions clipped to the rating range on the caller's test set after the
  /// epoch, or `nil` when no test set was given.
  public var testRMSE: Double?
  /// The factor learning rate used in this epoch (after decay).
  public var learningRate: Double

  public init(epoch: Int, trainRMSE: Double, testRMSE: Double?, learningRate: Double) {
    self.epoch = epoch
    self.trainRMSE = trainRMSE
    self.testRMSE = testRMSE
    self.learningRate = learningRate
  }
}
