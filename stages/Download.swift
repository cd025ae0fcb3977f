#if canImport(Glibc)
  import Glibc
#endif
import CommandLineKit
import Fetch
import MovieData

/// `recsys download`: the raw dataset into a folder, from the built-in synthetic
/// generator (offline, the default) or a MovieLens archive checked against its checksum.
enum Download {
  static let stage = StageCommand.Stage(
    spec: CommandSpec(
      name: "recsys download", abstract: "Get the raw dataset: synthetic, a named MovieLens release, or a zip file.",
      options: [
        .option("--source", value: "source", help: "synthetic, ml-100k, ml-1m, ..., file:///path.zip, or https://..."),
        .option("--sha256", value: "hex", help: "Expected SHA-256 of the archive (empty: none)."),
        .option("--md5", value: "hex", help: "Expected MD5 of the archive (empty: none)."),
        .option("--users", value: "n", help: "Synthetic: users."),
        .option("--movies", value: "n", help: "Synthetic: movies."),
        .option("--ratings", value: "n", help: "Synthetic: ratings."),
        .option("--seed", value: "n", help: "Synthetic: seed."),
        .option("--out", value: "folder", help: "Where the dataset files go."),
      ]),
    run: run)

  static func run(_ args: ParsedArguments) throws {
    let out = try args.required("--out")
    let source = try DataSource.parse(try args.required("--source"))
    if case .synthetic = source {
      var params = SyntheticParams.ml1m
      params.users = try args.int("--users", in: 1...100_000_000) ?? params.users
      params.movies = try args.int("--movies", in: 1...10_000_000) ?? params.movies
      params.ratings = try args.int("--ratings", in: 1...Int(Int32.max)) ?? params.ratings
      params.seed = UInt64(try args.int("--seed", in: 0...Int.max) ?? Int(params.seed))
      // Keep ML-1M's share of rated movies when the size changes.
      params.ratedMovies = min(params.movies, max(1, params.movies * 3706 / 3883))
      params.minRatingsPerUser = min(20, max(1, params.ratings / max(1, params.users)))
      try params.validate()
      let summary = try SyntheticGenerator.generate(params, to: out)
      StageCommand.say(
        "synthetic: \(summary.users) users, \(summary.movies) movies, \(summary.ratings) ratings, mean \(rounded(summary.meanRating))")
      return
    }
    let checksums = try Checksum.parameters(sha256: args.value("--sha256"), md5: args.value("--md5"))
    let fetcher = Fetcher(cacheFolder: cacheFolder())
    let archive = try fetcher.fetch(source, checksums: checksums) { done, total in
      guard let total, total > 0 else { return }
      // `pipeline` turns these lines into a progress bar.
      let step = max(total / 100, 1)
      if done % step < 65536 || done == total {
        StageCommand.say("progress: \(done / 1_000_000)/\(total / 1_000_000) MB")
      }
    }
    let entries = try Fetcher.extract(archive, to: out)
    StageCommand.say("\(archive.origin): \(archive.path) (\(archive.size) bytes, sha256 \(archive.sha256.prefix(12))), \(entries.count) files")
  }

  /// Downloads are kept outside the repository, per user.
  static func cacheFolder() -> String {
    if let xdg = getenv("XDG_CACHE_HOME").map({ String(cString: $0) }), xdg.hasPrefix("/") {
      return xdg + "/recsys/downloads"
    }
    let home = getenv("HOME").map { String(cString: $0) } ?? "/tmp"
    return home + "/.cache/recsys/downloads"
  }

  static func rounded(_ x: Double) -> String { String(Double(Int((x * 1000).rounded())) / 1000) }
}
