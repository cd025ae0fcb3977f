import Scoring

/// One thing `RankingEvaluator.evaluate(_:)` ranks; a pass ranks several at once.
///
/// A pass fills each distinct score source once per user, whatever uses it: a model
/// ranked alone and as a hybrid's collaborative half, or content alone and as a
/// hybrid's other half, share one fill, and a hybrid normalizes once for all its weights.
public enum Ranking: Sendable {
  /// An opaque scorer (popularity, random, a test's own), filled user by user.
  case scorer(Scorer)
  /// A collaborative model alone, by its raw scores (never clipped).
  case collaborative(CollaborativeModel)
  /// Content alone: the mean similarity to the movies the user rated at least `likedThreshold`.
  case content(ContentIndex, likedThreshold: Float)
  /// The served hybrid at each weight (`HybridScorer.prepare` then `combine`).
  case hybrid(HybridScorer, alphas: [Double])

  /// The name results carry.
  public var name: String {
    switch self {
    case .scorer(let s): return s.name
    case .collaborative(let m): return m.name
    case .content: return "content"
    case .hybrid: return "hybrid"
    }
  }

  /// The number of lists (and results) it gives each user.
  var listCount: Int {
    if case .hybrid(_, let alphas) = self { return alphas.count }
    return 1
  }
}

/// What a pass fills per user, each distinct source once.
enum ScoreSource {
  case scorer(Scorer)
  case model(CollaborativeModel)
  case content(ContentIndex, likedThreshold: Float)

  var isScorer: Bool {
    if case .scorer = self { return true }
    return false
  }

  /// Two sources are one when they are the same model (name and storage) or the same
  /// content index with the same liked threshold.
  func isSame(as other: ScoreSource) -> Bool {
    switch (self, other) {
    case (.model(let a), .model(let b)): return a.name == b.name && a.storage == b.storage
    case (.content(let a, let x), .content(let b, let y)):
      return x == y && ObjectIdentifier(a.offsets) == ObjectIdentifier(b.offsets)
    default: return false
    }
  }
}

/// The rankings of a pass resolved to sources: per ranking, its source (or its two
/// halves' sources for a hybrid).
struct RankingPlan {
  var sources: [ScoreSource] = []
  /// Per ranking: the source it ranks, or for a hybrid its collaborative and content sources.
  var parts: [(first: Int, second: Int)] = []
  let rankings: [Ranking]

  init(_ rankings: [Ranking]) {
    self.rankings = rankings
    for ranking in rankings {
      switch ranking {
      case .scorer(let s): parts.append((add(.scorer(s)), -1))
      case .collaborative(let m): parts.append((add(.model(m)), -1))
      case .content(let index, let threshold): parts.append((add(.content(index, likedThreshold: threshold)), -1))
      case .hybrid(let h, _):
        parts.append(
          (add(.model(h.collaborative)), add(.content(h.content, likedThreshold: h.likedThreshold))))
      }
    }
  }

  /// The index of `source`, added if no equal one is there (an opaque scorer never equals another).
  private mutating func add(_ source: ScoreSource) -> Int {
    if let known = sources.firstIndex(where: { $0.isSame(as: source) }) { return known }
    sources.append(source)
    return sources.count - 1
  }

  var listCount: Int { rankings.reduce(0) { $0 + $1.listCount } }
}
