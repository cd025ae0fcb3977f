/// One movie recommended to a user, with the parts of its hybrid score.
public struct UserRecommendation: Sendable, Equatable {
  /// Dense movie index.
  public var movie: Int
  /// `alpha * svdScore + (1 - alpha) * contentScore`, in [0, 1].
  public var score: Float
  /// `(clip(prediction, 1, 5) - 1) / 4`.
  public var svdScore: Float
  /// Mean neighbour similarity to the movies the user rated >= 4.
  public var contentScore: Float
  /// The MF prediction clipped to [1, 5].
  public var predictedRating: Float
  /// The liked movie (dense index) whose neighbour row gave this movie the highest
  /// similarity, if any did.
  public var because: Int?
  /// That similarity (0 when `because` is nil).
  public var becauseSimilarity: Float
}
