/// Top-N ranking metrics averaged over the evaluated users.
///
/// A user is evaluated when they have at least one relevant test item (rated at or
/// above the threshold); users without one are left out of every average, as LensKit
/// does, because their recall and NDCG are undefined. See `UserRankingScores` for the
/// per-user definitions.
public struct RankingMetrics: Sendable, Equatable {
  /// The cutoff N.
  public let n: Int
  /// Users with at least one relevant test item.
  public let evaluatedUsers: Int
  public let precision: Double
  public let recall: Double
  public let ndcg: Double
  /// Mean average precision at N.
  public let map: Double
  /// Mean reciprocal rank of the first relevant item in the top N (0 when none).
  public let mrr: Double
  /// Share of evaluated users with at least one relevant item in their list.
  public let hitRate: Double
  /// Distinct items recommended to the evaluated users over the catalog size.
  public let coverage: Double
  /// Distinct items in all evaluated users' lists.
  public let distinctRecommended: Int
  /// The catalog size coverage divides by (all items, rated or not).
  public let catalogSize: Int

  public init(
    n: Int, evaluatedUsers: Int, precision: Double, recall: Double, ndcg: Double, map: Double,
    mrr: Double,
    hitRate: Double, coverage: Double, distinctRecommended: Int, catalogSize: Int
  ) {
    self.n = n
    self.evaluatedUsers = evaluatedUsers
    self.precision = precision
    self.recall = recall
    self.ndcg = ndcg
    self.map = map
    self.mrr = mrr
    self.hitRate = hitRate
    self.coverage = coverage
    self.distinctRecommended = distinctRecommended
    self.catalogSize = catalogSize
  }
}
