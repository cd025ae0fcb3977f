import RecsysCore

/// The MovieLens layouts that `DatasetParser` reads.
public enum DatasetFormat: String, CaseIterable, Sendable {
  /// `u.data` (tab-separated) and `u.item` (`|`-separated, latin-1, 19 genre flags).
  case ml100k = "ml-100k"
  /// `ratings.dat`, `movies.dat`, `users.dat`: `::`-separated, latin-1, whole stars.
  case ml1m = "ml-1m"
  /// `ratings.dat`, `movies.dat` without `users.dat`: `::`-separated, UTF-8, half stars.
  case ml10m = "ml-10m"
  /// `ratings.csv`, `movies.csv` with headers and quoted titles, UTF-8, half stars
  /// (ML-20M, ML-25M, ML-32M, ml-latest, ml-latest-small).
  case csv = "ml-csv"

  /// The files a folder must hold to be read as this format.
  public var requiredFiles: [String] {
    switch self {
    case .ml100k: return ["u.data", "u.item"]
    case .ml1m: return ["ratings.dat", "movies.dat", "users.dat"]
    case .ml10m: return ["ratings.dat", "movies.dat"]
    case .csv: return ["ratings.csv", "movies.csv"]
    }
  }

  /// The rating file, relative to the dataset folder.
  public var ratingsFile: String { requiredFiles[0] }
  /// The movie file, relative to the dataset folder.
  public var moviesFile: String { requiredFiles[1] }

  /// The rating values the format allows.
  public var ratingRule: RatingRule {
    switch self {
    case .ml100k, .ml1m: return .wholeStars
    case .ml10m, .csv: return .halfStars
    }
  }

  /// Which datasets come in this format, for messages.
  public var datasets: String {
    switch self {
    case .ml100k: return "ml-100k"
    case .ml1m: return "ml-1m"
    case .ml10m: return "ml-10m"
    case .csv: return "ml-20m, ml-25m, ml-32m, ml-latest-small"
    }
  }

  /// The order in which `DatasetParser` tries formats on a folder: the most specific
  /// first (ML-1M before ML-10M, which needs a subset of its files).
  static let detectionOrder: [DatasetFormat] = [.csv, .ml1m, .ml10m, .ml100k]
}
