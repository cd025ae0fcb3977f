import ContentSimilarity
import Evaluation
import RecsysCore
import Scoring
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

  /// A small MF with factors outside the rating scale, so clipping would create ties.
  static func mf() throws -> CollaborativeModel {
    var rng = SeededGenerator(seed: 17)
    let k = 4
    let scorer = try FactorScorer(
      userCount: 60, itemCount: 40, factorCount: k, globalMean: 3.5,
      userBiases: SharedBuffer((0..<60).map { _ in Float(rng.nextGaussian(std: 0.5)) }),
      itemBiases: SharedBuffer((0..<40).map { _ in Float(rng.nextGaussian(std: 0.5)) }),
      userFactors: SharedBuffer((0..<(60 * k)).map { _ in Float(rng.nextGaussian(std: 1)) }),
      itemFactors: SharedBuffer((0..<(40 * k)).map { _ in Float(rng.nextGaussian(std: 1)) }),
      foldIn: .explicit(reg: 0.1))
    return CollaborativeModel(name: "svd", kind: .factors(scorer))
  }

  static func neighbours() throws -> ContentIndex {
    let words = ["red", "blue", "green", "night", "day", "war", "love", "star"]
    let docs = (0..<40).map { i in
      document(
        title: "\(words[i % 8]) \(words[(i * 3) % 8])", genres: i % 3 == 0 ? ["Drama"] : ["Comedy"])
    }
    let nb = try Neighbours(cosineOf: TfidfMatrix(documents: docs), k: 5)
    return try ContentIndex(
      itemCount: 40, offsets: SharedBuffer(nb.offsets), indices: SharedBuffer(nb.indices),
      similarities: SharedBuffer(nb.similarities))
  }

  @Test func resultsDoNotDependOnThreadsOrChunks() throws {
    let (train, test) = try Self.randomSplit(seed: 3)
    let nb = try Self.neighbours()
    let mf = try Self.mf()
    var serial = try RankingEvaluator(train: train, test: test, itemCount: 40, n: 5)
    serial.parallel = false
    serial.chunkSize = 1000
    let hybrid = try HybridScorer(collaborative: mf, content: nb, normalization: .minmax)
    let scorers: [Scorer] = [
      .popularity(train: train, itemCount: 40), .random(seed: 11),
      .collaborative(mf, train: train), .content(nb, train: train),
      .hybrid(hybrid, alpha: 0.7, train: train),
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

  @Test(arguments: ScoreNormalization.allCases)
  func sweepPointsEqualSeparateHybridRuns(normalization: ScoreNormalization) throws {
    let (train, test) = try Self.randomSplit(seed: 5)
    let nb = try Self.neighbours()
    let mf = try Self.mf()
    let hybrid = try HybridScorer(collaborative: mf, content: nb, normalization: normalization)
    var evaluator = try RankingEvaluator(train: train, test: test, itemCount: 40, n: 5)
    evaluator.chunkSize = 4
    let sweep = try evaluator.sweepHybrid(hybrid)
    #expect(sweep.map(\.alpha) == [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    for point in sweep {
      let single = try evaluator.evaluate(.hybrid(hybrid, alpha: point.alpha, train: train))
      #expect(single.metrics == point.metrics, "alpha \(point.alpha)")
    }
    // alpha = 1 is the collaborative model alone, alpha = 0 content alone (a monotone
    // rescaling keeps the order, up to ties the rescaling may create).
    let alone = try evaluator.evaluate(.collaborative(mf, train: train))
    #expect(abs(sweep[10].metrics.ndcg - alone.metrics.ndcg) < 1e-9)
    if normalization != .none {
      // The weight changes orders: the sweep is not flat.
      #expect(Set(sweep.map(\.metrics.ndcg)).count > 1)
    }
  }

  @Test func minmaxSpansTheCandidatesOnly() {
    // Item 1 is rated (excluded): its huge score must not squash the others.
    var mask = ExclusionMask(itemCount: 4)
    mask.set([1])
    var scores: [Float] = [2, 100, 4, 3]
    scores.withUnsafeMutableBufferPointer {
      ScoreNormalization.minmax.apply(to: $0, excluded: mask)
    }
    #expect(scores == [0, 0, 1, 0.5])
    var flat: [Float] = [7, 7, 7, 1]
    flat.withUnsafeMutableBufferPointer {
      ScoreNormalization.minmax.apply(to: $0, excluded: ExclusionMask(itemCount: 4))
    }
    #expect(flat == [1, 1, 1, 0])
    var z: [Float] = [1, 0, 3, 2]
    mask.set([1])
    z.withUnsafeMutableBufferPointer { ScoreNormalization.zscore.apply(to: $0, excluded: mask) }
    // Candidates 1, 3, 2: mean 2, std sqrt(2/3).
    #expect(abs(z[0] + 1.2247449) < 1e-5 && z[1] == 0 && abs(z[2] - 1.2247449) < 1e-5 && z[3] == 0)
  }

  @Test func tiesGoToTheLowerItemAndNaNRanksLast() {
    var mask = ExclusionMask(itemCount: 6)
    mask.set([2])
    let top = TopN.select([1, .nan, 5, 3, 3, 1] as [Float], n: 5, excluded: mask)
    #expect(top.map(\.item) == [3, 4, 0, 5, 1])
  }

  /// The popular list ranks `Double` damped means: two that round to the same `Float`
  /// still rank by their exact values, and exact ties still go to the lower item.
  @Test func doubleScoresAreRankedUnrounded() {
    let close: [Double] = [3.5, 3.5 + 1e-12, 3.5, 2]
    #expect(Float(close[0]) == Float(close[1]))
    var mask = ExclusionMask(itemCount: 4)
    mask.set([3])
    let top = TopN.select(close, n: 4, excluded: mask)
    #expect(top.map(\.item) == [1, 0, 2])
    #expect(top.map(\.score) == [close[1], 3.5, 3.5])
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

  /// EASE scores add four weight rows per pass over the output; the bits must be those of
  /// adding one row at a time in ascending item order, whatever order and repeats the
  /// ratings come in (0 to 11 rated items: every remainder of four).
  @Test func itemWeightRowsAddInAscendingOrderFourAtATime() throws {
    var rng = SeededGenerator(seed: 11)
    let n = 37
    let weights = (0..<(n * n)).map { _ in Float(rng.nextGaussian(std: 1)) * 1e3 }
    let scorer = try ItemWeightScorer(itemCount: n, weights: SharedBuffer(weights))
    for count in 0...11 {
      var items = (0..<count).map { _ in Int32(rng.nextInt(below: n)) }
      items.append(contentsOf: items.prefix(2))  // repeats count once
      let profile = UserProfile(user: nil, items: items, ratings: items.map { _ in 4 })
      var expected = [Float](repeating: 0, count: n)
      for j in Set(items).sorted() {
        for i in 0..<n { expected[i] += weights[Int(j) * n + i] }
      }
      var out = [Float](repeating: .nan, count: n)
      out.withUnsafeMutableBufferPointer { scorer.fill(profile, into: $0) }
      #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "\(count) items")
    }
  }
}
