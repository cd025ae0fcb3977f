/// What `DatasetSplitter.split` wrote.
public struct SplitSummary: Sendable, Equatable {
  public var method: SplitMethod
  public var trainRatings: Int
  public var testRatings: Int
  /// Distinct users in the input.
  public var users: Int
  /// Users with at least one test rating.
  public var testUsers: Int
  /// Test users with no training rating (only possible with `random`).
  public var coldTestUsers: Int
  /// Test movies with no training rating.
  public var coldTestMovies: Int
  /// Files written, relative to the output folder.
  public var files: [String]
}
