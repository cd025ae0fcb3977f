/// What `DatasetParser.parse` read and wrote.
public struct ParseSummary: Sendable, Equatable {
  public var format: DatasetFormat
  /// The folder the dataset was found in, relative to the input folder (`.` or `ml-1m`).
  public var datasetDirectory: String
  /// Distinct users with at least one rating.
  public var users: Int
  /// Movies in the catalog.
  public var movies: Int
  /// Movies with at least one rating.
  public var ratedMovies: Int
  public var ratings: Int
  /// Lines skipped with `strict: false` (always 0 when strict).
  public var skippedMovieLines: Int
  public var skippedRatingLines: Int
  /// Files written, relative to the output folder.
  public var files: [String]
}
