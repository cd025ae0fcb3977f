import StrictJSON

/// Everything a bundle holds, as the `package` stage hands it to `BundleWriter`.
///
/// Movies and users are addressed by dense indices (`0..<movies.count`,
/// `0..<userIDs.count`); every sparse row and factor row uses them.
public struct BundleContents: Sendable {
  /// The parameters the pipeline ran with (`params.json` or the relevant sections).
  /// `recommend` reads `hybrid.alpha` and `popularity.damping` from here.
  public var params: JSON
  /// The evaluation metrics (`metrics.json`).
  public var metrics: JSON
  /// A fingerprint of the input data (for example the SHA-256 of the parsed ratings).
  public var datasetFingerprint: String
  /// Movies by dense index.
  public var movies: [MovieRecord]
  /// Raw user ids by dense index.
  public var userIDs: [Int64]
  /// The matrix factorization model.
  public var model: FactorModel
  /// Content neighbours per movie: columns are movie indices, values cosine
  /// similarities, each row sorted by similarity descending.
  public var neighbors: SparseRows
  /// Rating count and mean per movie.
  public var popularity: Popularity
  /// Each user's training ratings: columns are movie indices, values ratings.
  public var ratings: SparseRows
  /// How `recommend` scores (model, weight, normalization, fold-in constants).
  public var scoring: ScoringConfig
  /// The collaborative ranker's arrays, unless the SVD itself serves.
  public var ranker: RankerModel
  /// Plot data the dashboard draws, optional: `training_curve` (the SVD's per-epoch
  /// records, as `curve.json`'s `epochs`) and `hybrid_sweep` / `validation_sweep`
  /// (records per alpha, as `plots.json`). Stored in the manifest under `plots` only
  /// when not empty, so a bundle without it has the bytes it had before.
  public var plots: JSON

  public init(
    params: JSON, metrics: JSON, datasetFingerprint: String, movies: [MovieRecord],
    userIDs: [Int64], model: FactorModel, neighbors: SparseRows, popularity: Popularity,
    ratings: SparseRows, scoring: ScoringConfig, ranker: RankerModel = .none,
    plots: JSON = .object([])
  ) {
    self.params = params
    self.metrics = metrics
    self.datasetFingerprint = datasetFingerprint
    self.movies = movies
    self.userIDs = userIDs
    self.model = model
    self.neighbors = neighbors
    self.popularity = popularity
    self.ratings = ratings
    self.scoring = scoring
    self.ranker = ranker
    self.plots = plots
  }
}
