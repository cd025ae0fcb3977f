import CommandLineKit
import MovieData

/// `recsys parse`: detects the dataset's format and writes normalized UTF-8 CSVs
/// plus `stats.json`.
enum Parse {
  static let stage = StageCommand.Stage(
    spec: CommandSpec(
      name: "recsys parse", abstract: "Normalize a MovieLens folder to ratings.csv, movies.csv and stats.json.",
      options: [
        .option("--in", value: "folder", help: "The raw dataset folder."),
        .option("--out", value: "folder", help: "Where the normalized files go."),
        .option("--strict", value: "bool", help: "true: a malformed line is an error; false: skip and count it."),
      ]),
    run: run)

  static func run(_ args: ParsedArguments) throws {
    let params = ParseParams(strict: try args.bool("--strict", default: true))
    let summary = try DatasetParser.parse(input: try args.required("--in"), output: try args.required("--out"), params: params)
    var line = "\(summary.format.rawValue): \(summary.users) users, \(summary.movies) movies (\(summary.ratedMovies) rated), \(summary.ratings) ratings"
    let skipped = summary.skippedMovieLines + summary.skippedRatingLines
    if skipped > 0 { line += ", \(skipped) malformed lines skipped" }
    StageCommand.say(line)
  }
}
