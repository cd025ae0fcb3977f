import RecsysCore
import Scoring

extension RankingEvaluator {
  /// One chunk's output, per list.
  struct ChunkOutput: Sendable {
    var users: [Int32] = []
    var perUser: [[UserRankingScores]]
    var lists: [[Int32]]
    var listLengths: [[Int]]
    var wrongCount: (scorer: String, count: Int)? = nil

    init(lists count: Int) {
      perUser = Array(repeating: [], count: count)
      lists = Array(repeating: [], count: count)
      listLengths = Array(repeating: [], count: count)
    }
  }

  /// Users whose sources are filled together (at most a chunk): dense models then read
  /// their weights once a batch instead of once a user. A batch holds up to 2^20 scores
  /// per source (4 MB: a whole 256-user chunk at ML-1M's 3,883 items, 16 users at
  /// ML-25M's 62,423, so four sources on two workers add 32 MB there). Rows are
  /// bit-identical to single fills, so results do not depend on it.
  var batchSize: Int { Swift.max(1, (1 << 20) / Swift.max(1, itemCount)) }

  /// The shared driver: every evaluated user gets every list of `plan`.
  func run(_ plan: RankingPlan) throws -> [RankingResult] {
    let users = self.users
    let chunks = ChunkedWork.run(count: users.count, chunkSize: chunkSize, parallel: parallel) { range in
      self.evaluateChunk(users[range], plan)
    }
    for chunk in chunks {
      if let wrong = chunk.wrongCount {
        throw EvaluationError.scorerWroteWrongCount(scorer: wrong.scorer, expected: itemCount, actual: wrong.count)
      }
    }
    var names: [String] = []
    for ranking in plan.rankings { names += Array(repeating: ranking.name, count: ranking.listCount) }
    return names.enumerated().map { v, name in reduce(chunks, list: v, name: name) }
  }

  private func evaluateChunk(_ chunkUsers: ArraySlice<Int32>, _ plan: RankingPlan) -> ChunkOutput {
    var out = ChunkOutput(lists: plan.listCount)
    // Marks keyed by user + 1, so they never need clearing between users.
    var relevantMark = [Int32](repeating: 0, count: itemCount)
    func markRelevant(_ u: Int) -> Int {
      let mark = Int32(u) + 1
      var count = 0
      for p in test.offsets[u]..<test.offsets[u + 1] where test.ratings[p] >= relevanceThreshold {
        let item = Int(test.items[p])
        if relevantMark[item] != mark {
          relevantMark[item] = mark
          count += 1
        }
      }
      return count
    }
    // The users with a relevant item, and how many each has (marking again before a
    // user's lists counts 0: the marks are already theirs, or another user's).
    var evaluated: [Int32] = []
    var relevantCounts: [Int] = []
    for user in chunkUsers {
      let count = markRelevant(Int(user))
      if count > 0 {
        evaluated.append(user)
        relevantCounts.append(count)
      }
    }
    if evaluated.isEmpty { return out }

    // Buffers for the whole chunk: a batch of rows per filled source, a score array per
    // opaque scorer (its fill's inout buffer), and the hybrid's normalized halves and mix.
    let batch = Swift.min(batchSize, evaluated.count)
    let width = itemCount
    let rows = plan.sources.map { source -> UnsafeMutableBufferPointer<Float> in
      let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: source.isScorer ? 0 : batch * width)
      buffer.initialize(repeating: 0)
      return buffer
    }
    let halves = UnsafeMutableBufferPointer<Float>.allocate(capacity: 3 * width)
    halves.initialize(repeating: 0)
    defer {
      for buffer in rows { buffer.deallocate() }
      halves.deallocate()
    }
    let collaborative = UnsafeMutableBufferPointer(rebasing: halves[0..<width])
    let content = UnsafeMutableBufferPointer(rebasing: halves[width..<(2 * width)])
    let mixed = UnsafeMutableBufferPointer(rebasing: halves[(2 * width)..<(3 * width)])
    var scratch = plan.sources.map { $0.isScorer ? [Float](repeating: 0, count: width) : [] }
    let fills = plan.sources.map { source -> Scorer.Fill? in
      if case .scorer(let s) = source { return s.makeFill() }
      return nil
    }
    var trained = ExclusionMask(itemCount: width)
    var heap = TopKHeap(capacity: n)

    var start = 0
    while start < evaluated.count {
      let batchUsers = evaluated[start..<Swift.min(evaluated.count, start + batch)]
      let profiles = batchUsers.map { train.profile(of: Int($0)) }
      for (s, source) in plan.sources.enumerated() {
        let filled = UnsafeMutableBufferPointer(rebasing: rows[s][0..<(source.isScorer ? 0 : profiles.count * width)])
        switch source {
        case .scorer: break
        case .model(let model): model.fill(profiles, into: filled)
        case .content(let index, let threshold):
          for (r, profile) in profiles.enumerated() {
            index.fill(
              liked: profile.liked(atLeast: threshold),
              into: UnsafeMutableBufferPointer(rebasing: filled[(r * width)..<((r + 1) * width)]))
          }
        }
      }
      for (r, user32) in batchUsers.enumerated() {
        let u = Int(user32)
        let relevantCount = relevantCounts[start + r]
        _ = markRelevant(u)
        let mark = user32 + 1
        trained.set(train.items(of: u))
        out.users.append(user32)
        var list = 0
        func rank(_ scores: UnsafeBufferPointer<Float>) {
          let items = TopN.select(scores, n: n, excluded: trained, heap: &heap).map(\.item)
          out.perUser[list].append(
            UserRankingScores.compute(recommended: items, relevantCount: relevantCount, n: n) {
              relevantMark[Int($0)] == mark
            })
          out.lists[list].append(contentsOf: items)
          out.listLengths[list].append(items.count)
          list += 1
        }
        func row(_ s: Int) -> UnsafeBufferPointer<Float> {
          UnsafeBufferPointer(rebasing: rows[s][(r * width)..<((r + 1) * width)])
        }
        for (ranking, part) in zip(plan.rankings, plan.parts) {
          switch ranking {
          case .scorer(let scorer):
            fills[part.first]!(u, &scratch[part.first])
            if scratch[part.first].count != width {
              out.wrongCount = (scorer.name, scratch[part.first].count)
              return out
            }
            scratch[part.first].withUnsafeBufferPointer { rank($0) }
          case .collaborative, .content:
            rank(row(part.first))
          case .hybrid(let hybrid, let alphas):
            hybrid.normalize(
              collaborative: row(part.first), content: row(part.second), excluded: trained,
              into: collaborative, content)
            for alpha in alphas {
              HybridScorer.combine(alpha: alpha, UnsafeBufferPointer(collaborative), UnsafeBufferPointer(content), into: mixed)
              rank(UnsafeBufferPointer(mixed))
            }
          }
        }
      }
      start += batch
    }
    return out
  }

  private func reduce(_ chunks: [ChunkOutput], list v: Int, name: String) -> RankingResult {
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
