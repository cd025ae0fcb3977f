import Evaluation
import RecsysCore
import Scoring
import Testing

/// Evaluation fills users in batches and shares fills between rankings: these check that
/// neither changes a bit of what a user is scored or recommended.
struct OnePassTests {
  /// Profiles of `users` users rating about a third of `items` items, with duplicates and
  /// unsorted rows, as the scorers must take them.
  static func profiles(users: Int, items: Int, seed: UInt64) -> [UserProfile] {
    var rng = SeededGenerator(seed: seed)
    return (0..<users).map { u in
      var rated: [Int32] = []
      for _ in 0..<(1 + rng.nextInt(below: items / 3)) { rated.append(Int32(rng.nextInt(below: items))) }
      return UserProfile(user: u, items: rated, ratings: rated.map { _ in Float(1 + rng.nextInt(below: 5)) })
    }
  }

  static func gaussians(_ count: Int, seed: UInt64) -> [Float] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Float(rng.nextGaussian()) }
  }

  /// A factor model past one item tile (512), an EASE-like dense model past a few column
  /// tiles (64), and a sparse one.
  static func models(users: Int) throws -> [CollaborativeModel] {
    let k = 12
    let factorItems = 700
    let factors = try FactorScorer(
      userCount: users, itemCount: factorItems, factorCount: k, globalMean: 3.5,
      userBiases: SharedBuffer(gaussians(users, seed: 1)), itemBiases: SharedBuffer(gaussians(factorItems, seed: 2)),
      userFactors: SharedBuffer(gaussians(users * k, seed: 3)),
      itemFactors: SharedBuffer(gaussians(factorItems * k, seed: 4)), foldIn: .explicit(reg: 0.1))
    let denseItems = 150
    let dense = try ItemWeightScorer(
      itemCount: denseItems, weights: SharedBuffer(gaussians(denseItems * denseItems, seed: 5)))
    var offsets: [Int32] = [0]
    var neighbours: [Int32] = []
    for i in 0..<denseItems {
      for j in stride(from: (i * 7) % 5, to: denseItems, by: 9) { neighbours.append(Int32(j)) }
      offsets.append(Int32(neighbours.count))
    }
    let sparse = try SparseItemWeightScorer(
      itemCount: denseItems, offsets: SharedBuffer(offsets), neighbours: SharedBuffer(neighbours),
      weights: SharedBuffer(gaussians(neighbours.count, seed: 6)))
    return [
      CollaborativeModel(name: "svd", kind: .factors(factors)),
      CollaborativeModel(name: "ease", kind: .itemWeights(dense)),
      CollaborativeModel(name: "knn", kind: .sparseItemWeights(sparse)),
    ]
  }

  @Test func batchedFillsEqualSingleFills() throws {
    for model in try Self.models(users: 9) {
      let profiles = Self.profiles(users: 9, items: model.itemCount, seed: 7)
      // A user outside training is folded in, in a batch as alone.
      let batch = profiles + [UserProfile(user: nil, items: [3, 1, 4], ratings: [5, 2, 4])]
      var rows = [Float](repeating: .nan, count: batch.count * model.itemCount)
      rows.withUnsafeMutableBufferPointer { model.fill(batch, into: $0) }
      for (r, profile) in batch.enumerated() {
        let alone = model.scores(profile)
        let row = Array(rows[(r * model.itemCount)..<((r + 1) * model.itemCount)])
        #expect(row.map(\.bitPattern) == alone.map(\.bitPattern), "\(model.name) row \(r)")
      }
    }
  }

  @Test func onePassEqualsSeparateEvaluations() throws {
    let (train, test) = try ScorerTests.randomSplit(seed: 8)
    let nb = try ScorerTests.neighbours()
    let mf = try ScorerTests.mf()
    let hybrid = try HybridScorer(collaborative: mf, content: nb, normalization: .zscore)
    let other = try HybridScorer(collaborative: mf, content: nb, normalization: .minmax)
    var evaluator = try RankingEvaluator(train: train, test: test, itemCount: 40, n: 5)
    var separate: [[RankingResult]] = [
      [try evaluator.evaluate(.popularity(train: train, itemCount: 40))],
      [try evaluator.evaluate(.collaborative(mf, train: train))],
      [try evaluator.evaluate(.content(nb, train: train, likedThreshold: 4))],
    ]
    for h in [hybrid, other] {
      var lists: [RankingResult] = []
      for alpha in [0.3, 0.8] { lists.append(try evaluator.evaluate(.hybrid(h, alpha: alpha, train: train))) }
      separate.append(lists)
    }
    for size in [1, 7, 256] {
      evaluator.chunkSize = size
      let pass = try evaluator.evaluate([
        .scorer(.popularity(train: train, itemCount: 40)), .collaborative(mf), .content(nb, likedThreshold: 4),
        .hybrid(hybrid, alphas: [0.3, 0.8]), .hybrid(other, alphas: [0.3, 0.8]),
      ])
      #expect(pass == separate, "chunk \(size)")
    }
  }
}

struct TopNBlockTests {
  /// Blocks of eight are skipped below the heap's worst: the lists still equal a full
  /// sort (higher first, ties to the lower item, NaN last, excluded never).
  @Test func selectEqualsAFullSort() {
    var rng = SeededGenerator(seed: 21)
    for trial in 0..<40 {
      let count = 1 + rng.nextInt(below: 90)
      let scores: [Float] = (0..<count).map { _ in
        let r = rng.nextInt(below: 10)
        return r == 0 ? .nan : Float(rng.nextInt(below: 12))
      }
      var mask = ExclusionMask(itemCount: count)
      mask.set((0..<count).filter { _ in rng.nextInt(below: 4) == 0 }.map { Int32($0) })
      let n = 1 + rng.nextInt(below: 12)
      var expected: [(item: Int32, score: Float)] = []
      for i in 0..<count where !mask.contains(i) {
        expected.append((Int32(i), scores[i].isNaN ? -Float.infinity : scores[i]))
      }
      expected.sort { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) }
      let best: [Int32] = expected.prefix(n).map { $0.item }
      let top = TopN.select(scores, n: n, excluded: mask)
      #expect(top.map { $0.item } == best, "trial \(trial)")
    }
  }
}
