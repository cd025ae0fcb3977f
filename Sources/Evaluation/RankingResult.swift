/// What one ranking evaluation produced: the averages, and per user the list and its
/// scores (for plots and debugging).
public struct RankingResult: Sendable, Equatable {
  /// The scorer's name.
  public let scorer: String
  public let metrics: RankingMetrics
  /// The evaluated users, ascending.
  public let users: [Int32]
  /// Per evaluated user, alongside `users`.
  public let perUser: [UserRankingScores]
  /// Lists as CSR: user `users[i]` got `recommendations[offsets[i]..<offsets[i+1]]`,
  /// best first.
  public let recommendationOffsets: [Int]
  public let recommendations: [Int32]

  /// The list of the `i`-th evaluated user.
  public func recommendations(at i: Int) -> ArraySlice<Int32> {
    recommendations[recommendationOffsets[i]..<recommendationOffsets[i + 1]]
  }
}
