/// What a scorer knows about one user: the items they rated (with the ratings) and,
/// for a user seen in training, their dense index.
///
/// The rated items are also the items never recommended to them. A new user (cold
/// start) has `user == nil`; factor models fold them in from their ratings.
public struct UserProfile: Sendable, Equatable {
  /// Dense index of a training user, or nil for a user folded in from ratings.
  public var user: Int?
  /// Rated item indices, in the order given (each at most once).
  public var items: [Int32]
  /// Ratings alongside `items`.
  public var ratings: [Float]

  public init(user: Int?, items: [Int32], ratings: [Float]) {
    self.user = user
    self.items = items
    self.ratings = ratings
  }

  /// The items rated at least `threshold`, in profile order: the "liked" set the content
  /// part averages over.
  public func liked(atLeast threshold: Float) -> [Int32] {
    var liked: [Int32] = []
    for (item, rating) in zip(items, ratings) where rating >= threshold { liked.append(item) }
    return liked
  }
}
