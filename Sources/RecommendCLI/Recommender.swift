import ModelBundle
import Scoring
import Synchronization

/// The query engine over an open bundle: hybrid top-N, popularity, neighbours.
///
/// Holds the reader, so its views stay valid as long as the recommender lives.
public struct Recommender: Sendable {
  /// The open bundle.
  public let bundle: BundleReader

  /// The hybrid, built (and its sections checked) once per open bundle rather than once
  /// per query: a server answers thousands of queries from one recommender.
  private let built: Result<HybridScorer, RecommendError>

  /// Scratch space kept between queries (a server answers from a few threads at once).
  private let workspaces = WorkspacePool()

  public init(bundle: BundleReader) {
    self.bundle = bundle
    self.built = Result { () throws(RecommendError) in try Self.makeScorer(bundle) }
  }

  /// The served hybrid, built over the bundle's sections in place (nothing is copied;
  /// the scorer keeps the bundle alive). Evaluation measured exactly this scorer.
  ///
  /// - Throws: `RecommendError.bundle` when the sections do not make a scorer (the
  ///   reader's checks make that a bug or a crafted file).
  public func scorer() throws(RecommendError) -> HybridScorer { try built.get() }

  private static func makeScorer(_ bundle: BundleReader) throws(RecommendError) -> HybridScorer {
    let config = bundle.scoring
    let movieCount = bundle.movies.count
    let userCount = bundle.users.count
    func fail(_ error: ScoringError) -> RecommendError {
      .bundle(.malformed(path: bundle.path, detail: String(describing: error)))
    }
    do throws(ScoringError) {
      let collaborative: CollaborativeModel
      switch bundle.ranker.kind {
      case 1:
        collaborative = CollaborativeModel(
          name: config.model,
          kind: .itemWeights(
            try ItemWeightScorer(
              itemCount: movieCount,
              weights: SharedBuffer(borrowing: bundle.ranker.itemWeights, owner: bundle))))
      case 2:
        collaborative = CollaborativeModel(
          name: config.model,
          kind: .factors(
            try FactorScorer(
              userCount: userCount, itemCount: movieCount, factorCount: bundle.ranker.factorCount,
              globalMean: 0,
              userBiases: nil, itemBiases: nil,
              userFactors: SharedBuffer(borrowing: bundle.ranker.userFactors, owner: bundle),
              itemFactors: SharedBuffer(borrowing: bundle.ranker.itemFactors, owner: bundle),
              foldIn: .implicit(reg: config.foldInReg, alpha: config.foldInAlpha))))
      case 3:
        collaborative = CollaborativeModel(
          name: config.model,
          kind: .sparseItemWeights(
            try SparseItemWeightScorer(
              itemCount: movieCount,
              offsets: SharedBuffer(borrowing: bundle.ranker.offsets, owner: bundle),
              neighbours: SharedBuffer(borrowing: bundle.ranker.neighbours, owner: bundle),
              weights: SharedBuffer(borrowing: bundle.ranker.itemWeights, owner: bundle))))
      default:
        collaborative = CollaborativeModel(name: config.model, kind: .factors(try svd(bundle)))
      }
      let neighbors = bundle.neighbors
      let content = try ContentIndex(
        itemCount: movieCount, offsets: SharedBuffer(borrowing: neighbors.offsets, owner: bundle),
        indices: SharedBuffer(borrowing: neighbors.indices, owner: bundle),
        similarities: SharedBuffer(borrowing: neighbors.values, owner: bundle))
      return try HybridScorer(
        collaborative: collaborative, content: content,
        normalization: try ScoreNormalization(named: config.normalize),
        likedThreshold: Float(config.likedThreshold))
    } catch {
      throw fail(error)
    }
  }

  /// The SVD (`mf.*` sections) as a factor scorer, folding new users in by a ridge solve.
  static func svd(_ bundle: BundleReader) throws(ScoringError) -> FactorScorer {
    let model = bundle.model
    return try FactorScorer(
      userCount: bundle.users.count, itemCount: bundle.movies.count, factorCount: model.factorCount,
      globalMean: model.globalMean,
      userBiases: SharedBuffer(borrowing: model.userBiases, owner: bundle),
      itemBiases: SharedBuffer(borrowing: model.itemBiases, owner: bundle),
      userFactors: SharedBuffer(borrowing: model.userFactors, owner: bundle),
      itemFactors: SharedBuffer(borrowing: model.itemFactors, owner: bundle),
      foldIn: .explicit(reg: bundle.scoring.foldInReg))
  }

  /// The training profile of dense user `user`.
  public func profile(user: Int) -> UserProfile {
    let row = bundle.ratings.row(user)
    return UserProfile(user: user, items: Array(row.indices), ratings: Array(row.values))
  }

  /// The hybrid top-N for one user over every movie they have not rated, as
  /// `HybridScorer.recommend` ranks it: the collaborative model's raw scores and the
  /// content scores, each normalized over the user's candidates, mixed by `alpha`; ties
  /// go to the lower movie index.
  ///
  /// - Parameters:
  ///   - user: dense user index (`bundle.users.index(of:)`); out of range gives [].
  ///   - count: how many to return (fewer when fewer movies are unrated).
  ///   - alpha: the collaborative weight in [0, 1].
  public func recommend(user: Int, count: Int, alpha: Double) throws(RecommendError)
    -> [UserRecommendation]
  {
    guard user >= 0, user < bundle.users.count, count > 0 else { return [] }
    return try recommend(profile: profile(user: user), count: count, alpha: alpha)
  }

  /// The hybrid top-N for any profile: a training user's, or a new user's ratings
  /// (folded in without retraining).
  public func recommend(profile: UserProfile, count: Int, alpha: Double) throws(RecommendError)
    -> [UserRecommendation]
  {
    let scorer = try scorer()
    var workspace =
      workspaces.take(itemCount: scorer.itemCount)
      ?? HybridScorer.Workspace(itemCount: scorer.itemCount)
    let list = scorer.recommend(profile, n: count, alpha: alpha, in: &workspace)
    workspaces.give(workspace)
    let isSVD = bundle.ranker.kind == 0
    return list.map { r in
      UserRecommendation(
        movie: r.item, score: r.score, collaborativeScore: r.collaborative,
        contentScore: r.rawContent,
        rawCollaborative: r.rawCollaborative,
        predictedRating: isSVD ? min(max(r.rawCollaborative, 1), 5) : nil, because: r.because,
        becauseSimilarity: r.becauseSimilarity, becauseKind: r.becauseKind)
    }
  }

  /// Movies ranked by damped mean `(C * m + sum of ratings) / (C + n)`, with m the global
  /// mean; ties go to the lower movie index.
  ///
  /// - Parameters:
  ///   - count: how many to return.
  ///   - genre: a genre index to require (`genreIndex(named:)`), or nil for all.
  ///   - minRatings: skip movies with fewer training ratings.
  ///   - damping: C, the weight of the prior.
  public func popular(count: Int, genre: Int?, minRatings: Int, damping: Double) -> [PopularMovie] {
    let counts = bundle.popularity.counts
    let means = bundle.popularity.means
    let prior = damping * bundle.model.globalMean
    let movieCount = bundle.movies.count
    var scores = [Double](repeating: 0, count: movieCount)
    var excluded: [Int32] = []
    for movie in 0..<movieCount {
      let inGenre = genre.map { bundle.movies.genreIndices(movie).contains(Int32($0)) } ?? true
      guard Int(counts[movie]) >= minRatings, inGenre else {
        excluded.append(Int32(movie))
        continue
      }
      let n = Double(counts[movie])
      // C = 0 and n = 0 would be 0/0: an unrated movie scores the prior mean.
      scores[movie] = damping + n > 0 ? (prior + Double(means[movie]) * n) / (damping + n) : bundle.model.globalMean
    }
    var mask = ExclusionMask(itemCount: movieCount)
    mask.set(excluded)
    return TopN.select(scores, n: count, excluded: mask).map { item, score in
      PopularMovie(movie: Int(item), score: score, ratingCount: Int(counts[Int(item)]), meanRating: means[Int(item)])
    }
  }

  /// The first `count` content neighbours of `movie` (rows are stored by similarity
  /// descending), without the movie itself.
  public func similar(movie: Int, count: Int) -> [SimilarMovie] {
    guard movie >= 0, movie < bundle.movies.count else { return [] }
    let row = bundle.neighbors.row(movie)
    var result: [SimilarMovie] = []
    for (neighbor, similarity) in zip(row.indices, row.values) where Int(neighbor) != movie {
      guard result.count < count else { break }
      result.append(SimilarMovie(movie: Int(neighbor), similarity: similarity))
    }
    return result
  }

  /// The genre index whose name equals `name` ignoring case.
  public func genreIndex(named name: String) -> Int? {
    let wanted = name.lowercased()
    let names = bundle.movies.genreNames
    return (0..<names.count).first { names[$0].lowercased() == wanted }
  }

  /// All genre names, in bundle order (sorted by bytes).
  public var genreNames: [String] {
    let names = bundle.movies.genreNames
    return (0..<names.count).map { names[$0] }
  }
}

/// Workspaces handed back after a query, for the next one: a query allocates no
/// item-sized arrays once each serving thread has made one. At most `limit` are kept.
final class WorkspacePool: Sendable {
  private let free = Mutex<[HybridScorer.Workspace]>([])
  private let limit = 16

  func take(itemCount: Int) -> HybridScorer.Workspace? {
    free.withLock { $0.popLast() }.flatMap { $0.combined.count == itemCount ? $0 : nil }
  }

  func give(_ workspace: HybridScorer.Workspace) {
    free.withLock { if $0.count < limit { $0.append(workspace) } }
  }
}
