import ContentSimilarity
import Evaluation
import RecsysCore
import Testing

struct ScorerTests {
  /// A random split: 60 users, 40 items, about 12 ratings each, stars 1...5.
  static func randomSplit(seed: UInt64) throws -> (UserRatings, UserRatings) {
    var rng = SeededGenerator(seed: seed)
    var parts: [([Int32], [Int32], [Float])] = [([], [], []), ([], [], [])]
    for u in 0..<60 {
      var items = Array(0..<Int32(40))
      rng.shuffle(&items)
      for (p, item) in items.prefix(12).enumerated() {
        let side = p < 9 ? 0 : 1
        parts[side].0.append(Int32(u))
        parts[side].1.append(item)
        parts[side].2.append(Float(1 + rng.nextInt(below: 5)))
      }
    }
    return (
      try UserRatings(userCount: 60, users: parts[0].0, items: parts[0].1, ratings: parts[0].2),
      try UserRatings(userCount: 60, users: parts[1].0, items: parts[1].1, ratings: parts[1].2)
    )
  }

  /// A fake MF: a smooth function of user and item, partly outside [1, 5].
  static let predict: @Sendable (Int, inout [Float]) -> Void = { user, scores in
    for i in scores.indices { scores[i] = 0.5 + Float((user * 7 + i * 13) % 50) / 9 }
  }

  static func neighbours() throws -> Neighbours {
    let words = ["red", "blue", "green", "night", "day", "war", "love", "star"]
    let docs = (0..<40).map { i in
      document(
        title: "\(words[i % 8]) \(words[(i * 3) % 8])", genres: i % 3 == 0 ? ["Drama"] : ["Comedy"])
    }
    return try Neighbours(cosineOf: TfidfMatrix(documents: docs), k: 5)
  }

  @Test func resultsDoNotDependOnThreadsOrChunks() throws {
    let (train, test) = try Self.randomSplit(seed: 3)
    let nb = try Self.neighbours()
    var serial = try RankingEvaluator(train: train, test: test, itemCount: 40, n: 5)
    serial.parallel = false
    serial.chunkSize = 1000
    let scorers: [Scorer] = [
      .popularity(train: train, itemCount: 40), .random(seed: 11),
      .matrixFactorization(predict: Self.predict), .content(train: train, neighbours: nb),
      .hybrid(alpha: 0.7, predict: Self.predict, train: train, neighbours: nb),
    ]
    for scorer in scorers {
      let reference = try serial.evaluate(scorer)
      #expect(reference.metrics.evaluatedUsers > 0)
      for size in [1, 3, 7] {
        var parallel = serial
        parallel.parallel = true
        parallel.chunkSize = size
        #expect(try parallel.evaluate(scorer) == reference, "\(scorer.name) chunk \(size)")
      }
    }
  }

  @Test func sweepPointsEqualSeparateHybridRuns() throws {
    let (train, test) = try Self.randomSplit(seed: 5)
    let nb = try Self.neighbours()
    var evaluator = try RankingEvaluator(train: train, test: test, itemCount: 40, n: 5)
    evaluator.chunkSize = 4
    let sweep = try evaluator.sweepHybrid(predict: Self.predict, neighbours: nb)
    #expect(sweep.map(\.alpha) == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    #expect(sweep[3].alpha == 3.0 / 10 && sweep[3].alpha != 0.1 + 0.1 + 0.1)
    for point in sweep {
      let single = try evaluator.evaluate(
        .hybrid(alpha: point.alpha, predict: Self.predict, train: train, neighbours: nb))
      #expect(single.metrics == point.metrics, "alpha \(point.alpha)")
    }
    // alpha = 0 is content alone: 0 * svd + 1 * c == c exactly.
    let content = try evaluator.evaluate(.content(train: train, neighbours: nb))
    #expect(sweep[0].metrics == content.metrics)
  }

  @Test func hybridArithmetic() {
    // alpha 0.7: svd = (clip(p) - 1) / 4.
    //   p = 5.5 -> 5 -> 1;    0.7 * 1   + 0.3 * 0.2 = 0.76
    //   p = 3   -> 0.5;       0.7 * 0.5 + 0.3 * 1   = 0.65
    //   p = 0   -> 1 -> 0;    0.7 * 0   + 0.3 * 0   = 0
    var out: [Float] = []
    Scorer.combineHybrid(alpha: 0.7, predictions: [5.5, 3, 0], content: [0.2, 1, 0], into: &out)
    #expect(out.count == 3)
    #expect(abs(out[0] - 0.76) < 1e-6 && abs(out[1] - 0.65) < 1e-6 && out[2] == 0)
  }

  @Test func randomIsSeededPerUser() {
    let a = Scorer.random(seed: 1).makeFill()
    let b = Scorer.random(seed: 1).makeFill()
    let c = Scorer.random(seed: 2).makeFill()
    var x = [Float](repeating: 0, count: 20)
    var y = x
    var z = x
    a(4, &x)
    b(4, &y)
    c(4, &z)
    #expect(x == y && x != z)
    #expect(x.allSatisfy { $0 >= 0 && $0 < 1 })
    b(5, &y)
    #expect(x != y)
  }

  @Test func modelsBeatRandomOnStructuredData() throws {
    // Items 0...9 are liked by everyone in test; popularity should find them.
    var users: [Int32] = []
    var items: [Int32] = []
    var ratings: [Float] = []
    var testUsers: [Int32] = []
    var testItems: [Int32] = []
    var testRatings: [Float] = []
    for u in 0..<30 {
      for i in 0..<10 where (i + u) % 3 != 0 {
        users.append(Int32(u))
        items.append(Int32(i))
        ratings.append(5)
      }
      for i in 0..<10 where (i + u) % 3 == 0 {
        testUsers.append(Int32(u))
        testItems.append(Int32(i))
        testRatings.append(5)
      }
    }
    let train = try UserRatings(userCount: 30, users: users, items: items, ratings: ratings)
    let test = try UserRatings(
      userCount: 30, users: testUsers, items: testItems, ratings: testRatings)
    let evaluator = try RankingEvaluator(train: train, test: test, itemCount: 100, n: 5)
    let popular = try evaluator.evaluate(.popularity(train: train, itemCount: 100))
    let random = try evaluator.evaluate(.random(seed: 9))
    #expect(popular.metrics.ndcg > random.metrics.ndcg)
    #expect(popular.metrics.hitRate == 1)
  }
}
