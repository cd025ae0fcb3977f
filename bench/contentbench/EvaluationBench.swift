import ContentSimilarity
import Evaluation
import RecsysCore
import Scoring

/// An ML-1M-shaped problem: `users` x `items`, about 165 ratings per user split 80/20,
/// a 64-factor fake MF, and content neighbours from synthetic documents.
func benchEvaluation(users: Int, items: Int) throws {
  var rng = SeededGenerator(seed: 7)
  var parts: [([Int32], [Int32], [Float])] = [([], [], []), ([], [], [])]
  for u in 0..<users {
    let count = 20 + rng.nextInt(below: 290)
    for _ in 0..<count {
      // Popularity skew: squaring a uniform favours low item indices.
      let x = rng.nextDouble()
      let item = Int32(Double(items) * x * x)
      let side = rng.nextDouble() < 0.8 ? 0 : 1
      parts[side].0.append(Int32(u))
      parts[side].1.append(item)
      parts[side].2.append(Float(1 + rng.nextInt(below: 5)))
    }
  }
  let train = try UserRatings(
    userCount: users, users: parts[0].0, items: parts[0].1, ratings: parts[0].2)
  let test = try UserRatings(
    userCount: users, users: parts[1].0, items: parts[1].1, ratings: parts[1].2)
  let factors = 64
  let p = (0..<(users * factors)).map { _ in Float(rng.nextGaussian(std: 0.1)) }
  let q = (0..<(items * factors)).map { _ in Float(rng.nextGaussian(std: 0.1)) }
  let mf = CollaborativeModel(
    name: "svd",
    kind: .factors(
      try FactorScorer(
        userCount: users, itemCount: items, factorCount: factors, globalMean: 3.6, userBiases: nil,
        itemBiases: nil, userFactors: SharedBuffer(p), itemFactors: SharedBuffer(q), foldIn: .explicit(reg: 0.06))))
  let neighbours = try Neighbours(
    cosineOf: TfidfMatrix(documents: syntheticDocuments(count: items, seed: 3)), k: 20)
  let content = try ContentIndex(
    itemCount: items, offsets: SharedBuffer(neighbours.offsets), indices: SharedBuffer(neighbours.indices),
    similarities: SharedBuffer(neighbours.similarities))
  let hybrid = try HybridScorer(collaborative: mf, content: content, normalization: .minmax)
  let evaluator = try RankingEvaluator(train: train, test: test, itemCount: items)
  print("eval users=\(users) items=\(items) train=\(train.items.count) test=\(test.items.count)")
  let scorers: [Scorer] = [
    .popularity(train: train, itemCount: items), .random(seed: 1),
    .collaborative(mf, train: train), .content(content, train: train),
    .hybrid(hybrid, alpha: 0.7, train: train),
  ]
  var serial = evaluator
  serial.parallel = false
  for scorer in scorers {
    let serialWall = try seconds { _ = try serial.evaluate(scorer) }
    var result: RankingResult?
    let cpu0 = cpuSeconds()
    let wall = try seconds { result = try evaluator.evaluate(scorer) }
    let m = result!.metrics
    print(
      "  \(scorer.name): \(fmt(wall))s wall, \(fmt(cpuSeconds() - cpu0))s cpu (serial \(fmt(serialWall))s);"
        + " users=\(m.evaluatedUsers) ndcg=\(fmt(m.ndcg)) coverage=\(fmt(m.coverage))")
  }
  let cpu0 = cpuSeconds()
  let wall = try seconds {
    _ = try evaluator.sweepHybrid(hybrid)
  }
  print("  sweep (11 alphas): \(fmt(wall))s wall, \(fmt(cpuSeconds() - cpu0))s cpu")
}
