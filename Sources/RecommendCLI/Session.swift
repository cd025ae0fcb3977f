import CommandLineKit
import ModelBundle
import StrictJSON

/// One command invocation: its parsed arguments, and the bundle once opened.
struct Session {
  let parsed: ParsedArguments
  let root: String
  /// The bundle already open (the server's), used instead of opening one per command.
  var preopened: Recommender?
  var json: Bool { parsed.has("--json") }

  init(parsed: ParsedArguments, root: String) {
    self.parsed = parsed
    self.root = root
  }

  /// Finds, maps and checks the bundle (after the options are validated, so a usage
  /// error never waits for a checksum).
  func open() throws(RecommendCLI.Failure) -> Recommender {
    if let preopened { return preopened }
    do throws(BundleError) {
      let path = try BundleLocator.locate(parsed.value("--bundle"), root: root)
      return Recommender(bundle: try BundleReader(path: path, cache: VerificationCache.standard()))
    } catch {
      throw .query(.bundle(error))
    }
  }

  /// `-n`/`--count`, default 10.
  func count() throws(RecommendCLI.Failure) -> Int {
    try RecommendCLI.Failure.usage { () throws(CommandLineError) in
      try parsed.int("--count", in: 1...Int.max)
    } ?? 10
  }

  /// A number from the manifest's params, as nested objects (`{"hybrid": {"alpha": ..}}`)
  /// or a flat dotted key (`{"hybrid.alpha": ..}`).
  static func param(_ dotted: String, in manifest: JSON) -> Double? {
    guard let params = manifest["params"] else { return nil }
    if let flat = params[dotted]?.doubleValue { return flat }
    var node: JSON? = params
    for part in dotted.split(separator: ".") { node = node?[String(part)] }
    return node?.doubleValue
  }

  /// The bundle's `popularity.damping` (C), default 10.
  static func damping(_ bundle: BundleReader) -> Double {
    guard let value = param("popularity.damping", in: bundle.manifest), value >= 0 else {
      return 10
    }
    return value
  }

  /// JSON for a movie's identity: id, title (without year), year, genres.
  static func movieFields(_ bundle: BundleReader, _ movie: Int) -> [JSON.Member] {
    let movies = bundle.movies
    return [
      JSON.Member("movie_id", .number(Double(movies.ids.ids[movie]))),
      JSON.Member("title", .string(movies.title(movie))),
      JSON.Member("year", movies.year(movie).map { .number(Double($0)) } ?? .null),
      JSON.Member("genres", .array(movies.genres(movie).map { .string($0) })),
    ]
  }

  /// "Title (Year) [Genre, Genre]".
  static func movieLabel(_ bundle: BundleReader, _ movie: Int) -> String {
    let genres = bundle.movies.genres(movie)
    let title = bundle.movies.displayTitle(movie)
    return genres.isEmpty ? title : "\(title) [\(genres.joined(separator: ", "))]"
  }

  /// Right-aligned rank: " 1." when the list reaches 10.
  static func rank(_ position: Int, of total: Int) -> String {
    let text = String(position)
    let width = String(total).count
    return String(repeating: " ", count: max(width - text.count, 0)) + text + "."
  }
}
