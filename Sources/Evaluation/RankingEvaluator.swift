import Scoring

/// Top-N evaluation of scorers on a train/test split.
///
/// For every user with at least one relevant test item, the scorer fills a score per
/// item, the N best items the user did not rate in training are selected by `TopN`
/// (ties go to the lower item index), and the list is scored against the user's relevant test
/// items. Users run in parallel in fixed chunks; per-user results land in per-chunk
/// slots and are summed in user order, so the metrics have the same bits for any
/// thread count or chunk size.
public struct RankingEvaluator: Sendable {
  public let train: UserRatings
  public let test: UserRatings
  /// The number of items; scores and coverage span `0..<itemCount`.
  public let itemCount: Int
  /// The list length N.
  public let n: Int
  /// Test ratings at or above this are relevant.
  public let relevanceThreshold: Float
  /// The users to evaluate (ascending, distinct), all by default; a sample keeps
  /// evaluation affordable on ML-25M, where MF scoring is users x items x factors.
  public let users: [Int32]
  /// Users per parallel work item; results do not depend on it. Large, because a
  /// chunk's users are filled together: EASE's dense weights are read once a batch.
  public var chunkSize: Int = 256
  /// `false` runs every chunk on the calling thread.
  public var parallel: Bool = true

  /// Checks the tables against each other and `itemCount`.
  ///
  /// - Parameters:
  ///   - users: a subset to evaluate, or `nil` for every user; sorted and deduplicated.
  /// - Throws: `EvaluationError` naming the first inconsistency.
  public init(
    train: UserRatings, test: UserRatings, itemCount: Int, n: Int = 10,
    relevanceThreshold: Float = 4, users: [Int32]? = nil
  ) throws {
    guard n >= 1 else {
      throw EvaluationError.invalidParameter(name: "n", value: "\(n)", expected: "a count >= 1")
    }
    guard itemCount >= 1 else {
      throw EvaluationError.invalidParameter(
        name: "itemCount", value: "\(itemCount)", expected: "a count >= 1")
    }
    guard train.userCount == test.userCount else {
      throw EvaluationError.lengthMismatch(
        what: "test users", expected: train.userCount, actual: test.userCount)
    }
    try train.validate(itemCount: itemCount, name: "train")
    try test.validate(itemCount: itemCount, name: "test")
    var chosen: [Int32]
    if let users {
      chosen = Array(Set(users)).sorted()
      for u in chosen where u < 0 || Int(u) >= train.userCount {
        throw EvaluationError.userOutOfRange(user: u, userCount: train.userCount)
      }
    } else {
      chosen = (0..<train.userCount).map { Int32($0) }
    }
    self.train = train
    self.test = test
    self.itemCount = itemCount
    self.n = n
    self.relevanceThreshold = relevanceThreshold
    self.users = chosen
  }

  /// Evaluates several rankings in one pass over the users: each distinct source (a
  /// model, a content index, an opaque scorer) is filled once per user, in batches, and
  /// every ranking's lists are drawn from those fills.
  ///
  /// - Returns: per ranking, one result per list (a hybrid: one per weight), in order.
  /// - Throws: `EvaluationError.scorerWroteWrongCount` if an opaque scorer's buffer is
  ///   not `itemCount` long after a fill, `.empty` for a hybrid without weights.
  public func evaluate(_ rankings: [Ranking]) throws -> [[RankingResult]] {
    for case .hybrid(_, let alphas) in rankings where alphas.isEmpty {
      throw EvaluationError.empty("the list of hybrid weights")
    }
    var results = try run(RankingPlan(rankings))[...]
    return rankings.map { ranking in
      defer { results = results.dropFirst(ranking.listCount) }
      return Array(results.prefix(ranking.listCount))
    }
  }

  /// Evaluates one scorer.
  ///
  /// - Throws: `EvaluationError.scorerWroteWrongCount` if the scorer's buffer is not
  ///   `itemCount` long after a fill.
  public func evaluate(_ scorer: Scorer) throws -> RankingResult {
    try evaluate([.scorer(scorer)])[0][0]
  }

  /// Evaluates the hybrid at each weight in `alphas`, preparing each user once and
  /// combining per weight (the same calls as `Scorer.hybrid`, so each point equals a
  /// separate `evaluate`).
  public func sweepHybrid(_ hybrid: HybridScorer, alphas: [Double] = HybridSweepPoint.defaultAlphas)
    throws -> [HybridSweepPoint]
  {
    let results = try evaluate([.hybrid(hybrid, alphas: alphas)])[0]
    return zip(alphas, results).map { HybridSweepPoint(alpha: $0, metrics: $1.metrics) }
  }
}
