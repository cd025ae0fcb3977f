import CommandLineKit
import ModelBundle

extension RecommendCLI {
  static let bundleOption = OptionSpec.option(
    "--bundle", value: "path",
    help: "The bundle file or folder (default: artifacts/bundle, via its manifest.json).")
  static let jsonFlag = OptionSpec.flag("--json", help: "Print canonical JSON instead of text.")
  static let countOption = OptionSpec.option(
    "-n", "--count", value: "n", help: "How many movies to list (default: 10).")

  static let userCommand = CommandSpec(
    name: "recommend user",
    abstract: "Recommend movies for a user: the best top-N ranker blended with content similarity.",
    discussion: """
      score = alpha * collaborative + (1 - alpha) * content, each normalized over the movies the
      user has not rated (the bundle's normalization, min-max by default): collaborative is the
      bundle's ranker (EASE, ALS or the SVD's raw prediction, never clipped); content is the mean
      similarity to the movies the user rated 4 or more. Ties go to the lower movie index. The
      model, normalization and default alpha are the ones evaluate chose on validation. Movies the
      user has rated are never recommended. --ratings folds a new user in without retraining. An
      unknown user without ratings gets the popular list and a note on stderr (exit 0), or exit 1
      with --strict.
      """,
    arguments: [ArgumentSpec("id", help: "The user's id in the dataset.", isOptional: true)],
    options: [
      countOption,
      .option(
        "--alpha", value: "alpha",
        help: "Collaborative weight in [0, 1] (default: the one chosen on validation)."),
      .option(
        "--ratings", value: "ratings",
        help: "A new user's ratings, MOVIE:RATING,... (for example 1:5,260:4,1210:5)."),
      .flag(
        "--strict", help: "Fail (exit 1) for an unknown user instead of listing popular movies."),
      bundleOption, jsonFlag,
    ])

  static let batchCommand = CommandSpec(
    name: "recommend batch",
    abstract: "Write every user's top-N (or the listed users') to a CSV or JSON lines file.",
    discussion: """
      The lists are exactly those of 'recommend user' (same scorer, same ties). Users are scored in
      parallel; the file has the same bytes on every run. CSV rows are user_id,rank,movie_id,score
      after a header; JSON lines hold {"items": [...], "user_id": ...} per user.
      """,
    options: [
      countOption,
      .option("--out", value: "file", help: "The output file: FILE.csv or FILE.jsonl."),
      .option("--users", value: "file", help: "Only these users: one id per line (default: all)."),
      .option(
        "--alpha", value: "alpha",
        help: "Collaborative weight in [0, 1] (default: the one chosen on validation)."),
      bundleOption, jsonFlag,
    ])

  static let similarCommand = CommandSpec(
    name: "recommend similar",
    abstract: "List the movies most similar in content to a movie, by id or by title.",
    discussion: """
      An argument of digits is a movie id; anything else (or --title) is matched against titles
      ignoring case, accents and word order. The best match is an exact title, then a title
      holding every word, then the most rated; the choice is noted on stderr. Equally good
      matches are listed and the command exits 1.
      """,
    arguments: [ArgumentSpec("movie", help: "A movie id, or title words.", isRepeating: true)],
    options: [
      countOption,
      .flag("--title", help: "Read the argument as title words even if it is a number."),
      bundleOption, jsonFlag,
    ])

  static let popularCommand = CommandSpec(
    name: "recommend popular",
    abstract: "List the best-rated movies by damped mean rating.",
    discussion: """
      score = (C * m + sum of ratings) / (C + n): m is the global mean rating, n the movie's
      rating count, C the bundle's popularity.damping (default 10).
      """,
    options: [
      countOption,
      .option("--genre", value: "genre", help: "Only movies of this genre (any case)."),
      .option(
        "--min-ratings", value: "n", help: "Only movies with at least n ratings (default: 1)."),
      bundleOption, jsonFlag,
    ])

  static let infoCommand = CommandSpec(
    name: "recommend info",
    abstract: "Show the bundle's version, dataset fingerprint, params, metrics and counts.",
    options: [bundleOption, jsonFlag])

  static let commandGroup = CommandGroup(
    name: "recommend",
    abstract: "Query a model bundle: recommendations, similar movies, popular movies.",
    version: version,
    commands: [userCommand, batchCommand, similarCommand, popularCommand, infoCommand, serveCommand],
    sharedOptions: [bundleOption, jsonFlag])
}
