import Scoring

/// One movie recommended to a user, with the parts of its hybrid score.
public struct UserRecommendation: Sendable, Equatable {
  /// Dense movie index.
  public var movie: Int
  /// `alpha * collaborativeScore + (1 - alpha) * normalized content`: what ranked it.
  public var score: Float
  /// The collaborative model's score, normalized over the user's candidates.
  public var collaborativeScore: Float
  /// Mean neighbour similarity to the movies the user liked (raw, in [0, 1]).
  public var contentScore: Float
  /// The collaborative model's raw score.
  public var rawCollaborative: Float
  /// The SVD's predicted rating clipped to [1, 5], for display only (never for
  /// ranking), when the SVD is the collaborative model.
  public var predictedRating: Float?
  /// The liked movie (dense index) that explains this one: the one whose content
  /// neighbour row gave it the highest similarity, else the one the collaborative model
  /// ties closest to it (`becauseKind`); nil when neither found one.
  public var because: Int?
  /// That similarity or affinity (0 when `because` is nil).
  public var becauseSimilarity: Float
  /// Which half found `because`.
  public var becauseKind: Recommendation.ReasonKind = .content
}
