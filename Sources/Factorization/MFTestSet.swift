/// Held-out ratings on which training reports a per-epoch test RMSE.
///
/// Indices use the training set's dense numbering; a user or item that never appears in
/// training is passed as `-1` (any index outside the model's range counts as unknown) and
/// is predicted from the known parts only, as Surprise does.
public struct MFTestSet: Sendable, Equatable {
  public var users: [Int32]
  public var items: [Int32]
  public var ratings: [Float]

  public init(users: [Int32], items: [Int32], ratings: [Float]) {
    self.users = users
    self.items = items
    self.ratings = ratings
  }

  /// Number of held-out ratings.
  public var count: Int { ratings.count }
}
