import ContentSimilarity
import Evaluation
import Testing

struct RankingEvaluatorTests {
  /// 3 users, 6 items.
  ///   train: u0 {0: 5★, 1: 3★}, u1 {2: 4★}, u2 {0: 2★}
  ///   test:  u0 {2: 5★, 3: 4★, 4: 2★} -> relevant {2, 3}
  ///          u1 {0: 3★}               -> nothing relevant: not evaluated
  ///          u2 {5: 4★}               -> relevant {5}
  static func split() throws -> (UserRatings, UserRatings) {
    let train = try UserRatings(
      userCount: 3, users: [0, 0, 1, 2], items: [0, 1, 2, 0], ratings: [5, 3, 4, 2])
    let test = try UserRatings(
      userCount: 3, users: [0, 0, 0, 1, 2], items: [2, 3, 4, 0, 5], ratings: [5, 4, 2, 3, 4])
    return (train, test)
  }

  /// Higher score for lower item index: 6, 5, 4, 3, 2, 1.
  static let byIndex = Scorer(name: "by-index") { _, scores in
    for i in scores.indices { scores[i] = Float(6 - i) }
  }

  @Test func metricsByHand() throws {
    let (train, test) = try Self.split()
    let evaluator = try RankingEvaluator(train: train, test: test, itemCount: 6, n: 2)
    let result = try evaluator.evaluate(Self.byIndex)
    // u0: training items 0, 1 are excluded -> [2, 3], both relevant:
    //     precision 1, recall 1, NDCG 1, AP 1, hit.
    // u2: item 0 excluded -> [1, 2], relevant {5}: all 0.
    // Averages over the 2 evaluated users: 0.5 each. Coverage: {1, 2, 3} / 6 = 0.5.
    #expect(result.users == [0, 2])
    #expect(Array(result.recommendations(at: 0)) == [2, 3])
    #expect(Array(result.recommendations(at: 1)) == [1, 2])
    let m = result.metrics
    #expect(m.evaluatedUsers == 2 && m.n == 2)
    #expect(m.precision == 0.5 && m.recall == 0.5 && m.ndcg == 0.5 && m.map == 0.5)
    #expect(m.hitRate == 0.5)
    #expect(m.distinctRecommended == 3 && m.catalogSize == 6 && m.coverage == 0.5)
  }

  @Test func tiesGoToTheLowerItemAndNaNRanksLast() throws {
    let (train, test) = try Self.split()
    let evaluator = try RankingEvaluator(train: train, test: test, itemCount: 6, n: 3)
    // All equal: the lowest untrained indices win. u0 -> [2, 3, 4], u2 -> [1, 2, 3].
    let flat = try evaluator.evaluate(
      Scorer(name: "flat") { _, s in
        for i in s.indices { s[i] = 1 }
      })
    #expect(Array(flat.recommendations(at: 0)) == [2, 3, 4])
    #expect(Array(flat.recommendations(at: 1)) == [1, 2, 3])
    // NaN for items 1...3 and a tie between items 4 and 5:
    // u2 (item 0 trained): 4 and 5 tie at 2 -> [4, 5], then a NaN item, lowest first: 1.
    let nan = try evaluator.evaluate(
      Scorer(name: "nan") { _, s in
        s = [9, .nan, .nan, .nan, 2, 2]
      })
    #expect(Array(nan.recommendations(at: 1)) == [4, 5, 1])
    // u2's relevant item 5 is at rank 2 of N = 3:
    //   precision 1/3, recall 1/1, NDCG (1/log2 3) / 1, AP (1/2) / min(3, 1) = 0.5
    let u2 = nan.perUser[1]
    #expect(u2.hits == 1 && u2.averagePrecision == 0.5)
  }

  @Test func popularityCountsTrainingRatings() throws {
    let (train, test) = try Self.split()
    let evaluator = try RankingEvaluator(train: train, test: test, itemCount: 6, n: 2)
    // Counts: item 0 -> 2, items 1 and 2 -> 1, others 0.
    // u0 (0, 1 trained): 2 (count 1), then 3 (0, lowest of the ties) -> [2, 3].
    // u2 (0 trained): 1 and 2 tie at 1 -> [1, 2].
    let result = try evaluator.evaluate(.popularity(train: train, itemCount: 6))
    #expect(Array(result.recommendations(at: 0)) == [2, 3])
    #expect(Array(result.recommendations(at: 1)) == [1, 2])
  }

  @Test func usersWithoutRelevantItemsAreExcluded() throws {
    let train = try UserRatings(userCount: 2, users: [0], items: [0], ratings: [5])
    // u0's only test rating is 3★; u1 has none: nobody is evaluated.
    let test = try UserRatings(userCount: 2, users: [0], items: [1], ratings: [3])
    let result = try RankingEvaluator(train: train, test: test, itemCount: 3).evaluate(Self.byIndex)
    #expect(result.metrics.evaluatedUsers == 0)
    #expect(result.metrics.precision == 0 && result.metrics.coverage == 0)
    #expect(result.users.isEmpty)
  }

  @Test func userSubset() throws {
    let (train, test) = try Self.split()
    let evaluator = try RankingEvaluator(
      train: train, test: test, itemCount: 6, n: 2, users: [2, 1, 2])
    let result = try evaluator.evaluate(Self.byIndex)
    #expect(evaluator.users == [1, 2])
    #expect(result.users == [2])
    #expect(result.metrics.hitRate == 0)
  }

  @Test func badInputsThrow() throws {
    let (train, test) = try Self.split()
    #expect(throws: EvaluationError.itemOutOfRange(table: "train", user: 0, item: 1, itemCount: 1))
    {
      _ = try RankingEvaluator(train: train, test: test, itemCount: 1)
    }
    #expect(throws: EvaluationError.itemOutOfRange(table: "test", user: 2, item: 5, itemCount: 5)) {
      _ = try RankingEvaluator(train: train, test: test, itemCount: 5)
    }
    #expect(throws: EvaluationError.self) {
      _ = try RankingEvaluator(train: train, test: test, itemCount: 6, n: 0)
    }
    #expect(throws: EvaluationError.userOutOfRange(user: 3, userCount: 3)) {
      _ = try RankingEvaluator(train: train, test: test, itemCount: 6, users: [3])
    }
    #expect(throws: EvaluationError.self) {
      _ = try UserRatings(offsets: [0, 2], items: [1], ratings: [4])
    }
    #expect(throws: EvaluationError.self) {
      _ = try UserRatings(offsets: [0, 2, 1], items: [1], ratings: [4])
    }
    let evaluator = try RankingEvaluator(train: train, test: test, itemCount: 6)
    #expect(throws: EvaluationError.scorerWroteWrongCount(scorer: "short", expected: 6, actual: 2))
    {
      _ = try evaluator.evaluate(Scorer(name: "short") { _, s in s = [1, 2] })
    }
    let message = String(describing: EvaluationError.empty("x"))
    #expect(message == message.lowercased() && !message.contains("\n"))
  }
}
