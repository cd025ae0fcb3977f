import RecsysCore
import StrictJSON

/// The parse stage: reads a MovieLens dataset in any of its layouts and writes the
/// normalized `ratings.csv`, `movies.csv` and `stats.json`.
public enum DatasetParser {
  /// The files `parse` writes, relative to its output folder.
  public static let outputFiles = ["movies.csv", "ratings.csv", "stats.json"]

  /// Finds the dataset in `directory`: in the folder itself, or in a subfolder up to two
  /// levels down (archives extract to `ml-1m/` and the like).
  ///
  /// - Returns: the format and the folder relative to `directory` (`.` when it is
  ///   `directory` itself).
  /// - Throws: `MovieDataError.unknownFormat` listing what was found and what each format
  ///   needs; `RecsysCoreError.cannotRead` when `directory` cannot be listed.
  public static func detect(in directory: String) throws -> (
    format: DatasetFormat, relativeDirectory: String
  ) {
    var found: [String] = []
    func visit(_ relative: String, depth: Int) throws -> (DatasetFormat, String)? {
      let path = relative == "." ? directory : FileIO.join(directory, relative)
      let names = try FileIO.listDirectory(path)
      for format in DatasetFormat.detectionOrder
      where format.requiredFiles.allSatisfy({ FileIO.isFile(FileIO.join(path, $0)) }) {
        return (format, relative)
      }
      var subfolders: [String] = []
      for name in names {
        let shown = relative == "." ? name : relative + "/" + name
        if FileIO.isDirectory(FileIO.join(path, name)) {
          found.append(shown + "/")
          if !name.hasPrefix(".") && name != "__MACOSX" { subfolders.append(shown) }
        } else {
          found.append(shown)
        }
      }
      if depth < 2 {
        for sub in subfolders {
          if let hit = try visit(sub, depth: depth + 1) { return hit }
        }
      }
      return nil
    }
    if !FileIO.isDirectory(directory) {
      throw RecsysCoreError.cannotRead(
        path: directory, reason: "not a folder (pass the folder the dataset was extracted to)")
    }
    if let (format, relative) = try visit(".", depth: 0) { return (format, relative) }
    throw MovieDataError.unknownFormat(
      directory: directory, found: found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
  }

  /// Parses the dataset under `input` and writes `ratings.csv` (source order),
  /// `movies.csv` (by movie id) and `stats.json` into `output` (created if missing),
  /// each atomically.
  ///
  /// - Returns: counts of what was read and written.
  /// - Throws: `MovieDataError.malformedLine` (strict) naming the file and line,
  ///   `.unknownFormat`, `.noRatings`, `.invalidParameter` when `output` is the dataset
  ///   folder; `RecsysCoreError` for I/O.
  /// - Complexity: O(bytes); the ratings file is read once, a segment at a time.
  public static func parse(input: String, output: String, params: ParseParams = ParseParams())
    throws
    -> ParseSummary
  {
    let (format, relative) = try detect(in: input)
    let folder = relative == "." ? input : FileIO.join(input, relative)
    let moviesPath = FileIO.join(folder, format.moviesFile)
    let ratingsPath = FileIO.join(folder, format.ratingsFile)
    if let target = FileIO.resolvedPath(output), target == FileIO.resolvedPath(folder) {
      // ML-20M+ sources are called ratings.csv and movies.csv too: writing there would
      // replace the source with its normalized copy.
      throw MovieDataError.invalidParameter(
        name: "output", reason: "'\(output)' is the dataset folder itself; write the parsed files to another folder")
    }

    var movieIssues = IssueTally()
    let movieBytes = try FileIO.readBytes(atPath: moviesPath)
    let movies = try readMovies(
      format, movieBytes, path: moviesPath, strict: params.strict, issues: &movieIssues)
    if let issue = movieIssues.first, params.strict {
      throw MovieDataError.malformedLine(file: moviesPath, line: issue.line, reason: issue.reason)
    }
    let movieIndex = IdIndex(movies.map(\.id))

    let separator: RatingScanner.Separator =
      switch format {
      case .ml100k: .tab
      case .ml1m, .ml10m: .doubleColon
      case .csv: .comma
      }
    let scanner = RatingScanner(
      separator: separator, rule: format.ratingRule, knownItems: movieIndex,
      knownItemsSource: format.moviesFile, stopAtFirstIssue: params.strict)
    let scan: RatingScanResult
    do {
      scan = try scanner.scanFile(path: ratingsPath, firstLine: format == .csv ? 2 : 1) { first in
        format == .csv ? try CSVRecordReader.checkHeader(first, expected: RatingsCSV.header, fileName: ratingsPath) : 0
      }
    } catch RecsysCoreError.malformed(let file, let line, let reason) {
      throw MovieDataError.malformedLine(file: file, line: line, reason: reason)
    }
    if let issue = scan.firstIssue, params.strict {
      throw MovieDataError.malformedLine(file: ratingsPath, line: issue.line, reason: issue.reason)
    }
    let table = scan.table
    if table.isEmpty { throw MovieDataError.noRatings(file: ratingsPath) }

    try FileIO.createDirectory(output)
    let sorted = movies.enumerated().sorted { a, b in
      a.element.id != b.element.id ? a.element.id < b.element.id : a.offset < b.offset
    }.map(\.element)
    try MoviesCSV.write(sorted, to: FileIO.join(output, "movies.csv"))
    try RatingsCSV.write(table, to: FileIO.join(output, "ratings.csv"))

    var ratingIssues = IssueTally()
    ratingIssues.counts = scan.skipped
    let stats = DatasetStats(
      format: format, relativeDirectory: relative, strict: params.strict, movies: sorted,
      table: table,
      movieIssues: movieIssues, ratingIssues: ratingIssues)
    try AtomicFileWriter.write(stats.json.canonicalText(), to: FileIO.join(output, "stats.json"))
    return ParseSummary(
      format: format, datasetDirectory: relative, users: stats.users, movies: movies.count,
      ratedMovies: stats.ratedMovies, ratings: table.count, skippedMovieLines: movieIssues.total,
      skippedRatingLines: scan.totalSkipped, files: outputFiles)
  }
}
