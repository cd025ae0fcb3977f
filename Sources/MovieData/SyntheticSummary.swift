/// What `SyntheticGenerator.generate` wrote, with the shape statistics to check it by.
public struct SyntheticSummary: Sendable, Equatable {
  public var users: Int
  public var movies: Int
  /// Movies with at least one rating.
  public var ratedMovies: Int
  public var ratings: Int
  /// How many ratings have 1, 2, 3, 4 and 5 stars.
  public var starCounts: [Int]
  public var meanRating: Double
  public var minRatingsPerUser: Int
  public var medianRatingsPerUser: Int
  public var maxRatingsPerUser: Int
  public var medianRatingsPerMovie: Int
  public var maxRatingsPerMovie: Int
  /// Files written, relative to the output folder.
  public var files: [String]

  /// Star shares in percent (1 to 5 stars).
  public var starPercentages: [Double] {
    starCounts.map { ratings == 0 ? 0 : 100 * Double($0) / Double(ratings) }
  }
}
