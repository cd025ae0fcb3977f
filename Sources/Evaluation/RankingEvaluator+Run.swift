import RecsysCore
import Scoring

extension RankingEvaluator {
  /// Fills scores for (user, variant); one closure per worker.
  typealias VariantFill = (_ user: Int, _ variant: Int, _ scores: inout [Float]) -> Void

  /// One chunk's output, per variant.
  struct ChunkOutput: Sendable {
    var users: [Int32] = []
    var perUser: [[UserRankingScores]]
    var lists: [[Int32]]
    var listLengths: [[Int]]
    var wrongCount: Int? = nil

    init(variants: Int) {
      perUser = Array(repeating: [], count: variants)
      lists = Array(repeating: [], count: variants)
      listLengths = Array(repeating: [], count: variants)
    }
  }

  /// The shared driver: every evaluated user is scored once per variant.
  func run(variants: Int, name: String, makeFill: @escaping @Sendable () -> VariantFill) throws
    -> [RankingResult]
  {
    let users = self.users
    let chunks = ChunkedWork.run(count: users.count, chunkSize: chunkSize, parallel: parallel) {
      range in
      self.evaluateChunk(users[range], variants: variants, fill: makeFill())
    }
    for chunk in chunks {
      if let actual = chunk.wrongCount {
        throw EvaluationError.scorerWroteWrongCount(
          scorer: name, expected: itemCount, actual: actual)
      }
    }
    return (0..<variants).map { v in reduce(chunks, variant: v, name: name) }
  }

  private func evaluateChunk(_ chunkUsers: ArraySlice<Int32>, variants: Int, fill: VariantFill)
    -> ChunkOutput
  {
    var out = ChunkOutput(variants: variants)
    var scores = [Float](repeating: 0, count: itemCount)
    // Marks keyed by user + 1, so they never need clearing between users.
    var trained = ExclusionMask(itemCount: itemCount)
    var relevantMark = [Int32](repeating: 0, count: itemCount)
    var heap = TopKHeap(capacity: n)
    for user32 in chunkUsers {
      let u = Int(user32)
      let mark = user32 + 1
      var relevantCount = 0
      for p in test.offsets[u]..<test.offsets[u + 1] where test.ratings[p] >= relevanceThreshold {
        let item = Int(test.items[p])
        if relevantMark[item] != mark {
          relevantMark[item] = mark
          relevantCount += 1
        }
      }
      if relevantCount == 0 { continue }
      trained.set(train.items(of: u))
      out.users.append(user32)
      for v in 0..<variants {
        fill(u, v, &scores)
        if scores.count != itemCount {
          out.wrongCount = scores.count
          return out
        }
        let list = scores.withUnsafeBufferPointer {
          TopN.select($0, n: n, excluded: trained, heap: &heap).map(\.item)
        }
        let userScores = UserRankingScores.compute(
          recommended: list, relevantCount: relevantCount, n: n
        ) { relevantMark[Int($0)] == mark }
        out.perUser[v].append(userScores)
        out.lists[v].append(contentsOf: list)
        out.listLengths[v].append(list.count)
      }
    }
    return out
  }

  private func reduce(_ chunks: [ChunkOutput], variant v: Int, name: String) -> RankingResult {
    var users: [Int32] = []
    var perUser: [UserRankingScores] = []
    var offsets = [0]
    var lists: [Int32] = []
    var precision = 0.0
    var recall = 0.0
    var ndcg = 0.0
    var map = 0.0
    var mrr = 0.0
    var hits = 0
    var recommended = [Bool](repeating: false, count: itemCount)
    var distinct = 0
    for chunk in chunks {
      users.append(contentsOf: chunk.users)
      perUser.append(contentsOf: chunk.perUser[v])
      for length in chunk.listLengths[v] { offsets.append(offsets[offsets.count - 1] + length) }
      lists.append(contentsOf: chunk.lists[v])
      for s in chunk.perUser[v] {
        precision += s.precision
        recall += s.recall
        ndcg += s.ndcg
        map += s.averagePrecision
        mrr += s.reciprocalRank
        if s.hit { hits += 1 }
      }
      for item in chunk.lists[v] where !recommended[Int(item)] {
        recommended[Int(item)] = true
        distinct += 1
      }
    }
    let count = Double(users.count)
    let mean = { (sum: Double) in users.isEmpty ? 0 : sum / count }
    let metrics = RankingMetrics(
      n: n, evaluatedUsers: users.count, precision: mean(precision), recall: mean(recall),
      ndcg: mean(ndcg), map: mean(map), mrr: mean(mrr), hitRate: mean(Double(hits)),
      coverage: Double(distinct) / Double(itemCount), distinctRecommended: distinct,
      catalogSize: itemCount)
    return RankingResult(
      scorer: name, metrics: metrics, users: users, perUser: perUser,
      recommendationOffsets: offsets, recommendations: lists)
  }
}
