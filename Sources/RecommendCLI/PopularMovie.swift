/// One movie of the popularity ranking.
public struct PopularMovie: Sendable, Equatable {
  /// Dense movie index.
  public var movie: Int
  /// Damped mean `(C * m + sum of ratings) / (C + n)`.
  public var score: Double
  /// Training ratings `n`.
  public var ratingCount: Int
  /// Plain mean rating.
  public var meanRating: Float
}
