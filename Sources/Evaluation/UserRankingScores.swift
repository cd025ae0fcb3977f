import Foundation

/// The top-N metrics of one user's recommendation list.
///
/// Conventions (those of LensKit and most papers): an item is relevant when the user
/// rated it in the test set at or above the threshold (4 stars by default); ranks
/// start at 1; gains are binary.
/// - precision@N = hits / N (N, not the list length, even if fewer items were left)
/// - recall@N = hits / R, R = the user's relevant test items
/// - NDCG@N = DCG / IDCG with DCG = sum over hits at rank r of 1 / log2(r + 1) and
///   IDCG the same sum over ranks 1...min(N, R)
/// - AP@N = (sum over hits at rank r of precision@r) / min(N, R)
/// - RR@N = 1 / (rank of the first relevant item), 0 when none is in the top N
/// - hit = at least one relevant item in the list
public struct UserRankingScores: Sendable, Equatable {
  /// Relevant items in the list.
  public let hits: Int
  /// Relevant test items of the user (R).
  public let relevant: Int
  public let precision: Double
  public let recall: Double
  public let ndcg: Double
  public let averagePrecision: Double
  /// 1 / rank of the first hit, 0 without one.
  public let reciprocalRank: Double
  public var hit: Bool { hits > 0 }

  /// Scores one list.
  ///
  /// - Parameters:
  ///   - recommended: the list, best first, at most `n` items.
  ///   - relevantCount: R, which must be positive.
  ///   - n: the cutoff N.
  ///   - isRelevant: whether an item is relevant for this user.
  public static func compute(
    recommended: some Collection<Int32>, relevantCount: Int, n: Int,
    isRelevant: (Int32) -> Bool
  ) -> UserRankingScores {
    var hits = 0
    var dcg = 0.0
    var precisionSum = 0.0
    var rank = 0
    var firstHit = 0
    for item in recommended.prefix(n) {
      rank += 1
      if isRelevant(item) {
        if hits == 0 { firstHit = rank }
        hits += 1
        dcg += discount(rank: rank)
        precisionSum += Double(hits) / Double(rank)
      }
    }
    let ideal = Swift.min(n, relevantCount)
    var idcg = 0.0
    if ideal > 0 { for r in 1...ideal { idcg += discount(rank: r) } }
    return UserRankingScores(
      hits: hits, relevant: relevantCount,
      precision: Double(hits) / Double(n),
      recall: relevantCount > 0 ? Double(hits) / Double(relevantCount) : 0,
      ndcg: idcg > 0 ? dcg / idcg : 0,
      averagePrecision: ideal > 0 ? precisionSum / Double(ideal) : 0,
      reciprocalRank: firstHit > 0 ? 1 / Double(firstHit) : 0)
  }

  /// `1 / log2(rank + 1)`.
  static func discount(rank: Int) -> Double { 1 / Foundation.log2(Double(rank + 1)) }
}
