import CommandLineKit
import MovieData
import RecsysCore
import StrictJSON

/// `recsys crossval`: k-fold cross-validation of everything `evaluate` reports. Each
/// fold's test part is one of K parts of the ratings (fixed by each (user, movie) pair
/// and the seed); its train part is the rest. In each fold the pipeline's own procedure
/// runs in memory, through the same functions the stages call: a validation split carved
/// from train, the SVD and every ranker trained on both, the hybrid's choices made on
/// validation, then every model scored on the fold's test part. The result is the mean
/// and the standard deviation (population, as Surprise's `cross_validate`) of each
/// number over the folds, plus each fold's own.
///
/// With `--folds 1` (the default pipeline's) it writes `{"folds":1}` and trains nothing.
enum CrossValidate {
  /// The `recsys train` options passed through as `--svd-NAME`.
  static let svdOptions = Train.stage.spec.options.map(\.key).filter { !["--in", "--out", "--threads"].contains($0) }

  static let stage = StageCommand.Stage(
    spec: CommandSpec(
      name: "recsys crossval",
      abstract: "K-fold cross-validation: mean and standard deviation of every model's test metrics.",
      options: [
        .option("--ratings", value: "file", help: "The parsed ratings.csv."),
        .option("--movies", value: "file", help: "The parsed movies.csv."),
        .option("--tfidf", value: "folder", help: "The tfidf folder."),
        .option("--out", value: "file", help: "Where the metrics go (JSON)."),
        .option("--folds", value: "k", help: "Number of folds; 1 writes {\"folds\":1} and trains nothing."),
        .option("--fold-seed", value: "n", help: "Seed of the partition into folds."),
        .option("--method", value: "name", help: "How each fold's validation split is carved: random, per_user or temporal."),
        .option("--validation-fraction", value: "f", help: "Share of each fold's train part held out for validation."),
        .option("--validation-seed", value: "n", help: "Seed of the validation split."),
      ]
        + passedThrough(Train.stage.spec, names: svdOptions, prefix: "svd")
        + Rank.models.flatMap { passedThrough(Rank.stage.spec, names: Rank.modelOptions[$0]!, prefix: $0) }
        + Evaluate.stage.spec.options.filter { Evaluate.Options.names.contains($0.key) }),
    run: run)

  /// `spec`'s options `names`, spelled `--PREFIX-NAME`.
  static func passedThrough(_ spec: CommandSpec, names: [String], prefix: String) -> [OptionSpec] {
    spec.options.filter { names.contains($0.key) }.map { option in
      .option("--\(prefix)-" + option.key.dropFirst(2), value: option.valueName ?? "x", help: option.help)
    }
  }

  /// The `--PREFIX-NAME` values of `args` as `spec`'s own command line, parsed as that
  /// stage parses it; errors name the `--PREFIX-NAME` spelling.
  static func forward(_ args: ParsedArguments, names: [String], prefix: String, to spec: CommandSpec) throws
    -> ParsedArguments
  {
    var line: [String] = []
    for name in names {
      if let value = args.value("--\(prefix)-" + name.dropFirst(2)) { line.append(name + "=" + value) }
    }
    return try renamingOptions(prefix) { try spec.parse(line) }
  }

  /// Runs `body`, giving an invalid-value error the `--PREFIX-NAME` spelling of its option.
  static func renamingOptions<T>(_ prefix: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch CommandLineError.invalidValue(let name, let value, let expected) {
      throw CommandLineError.invalidValue(name: "--\(prefix)-" + name.dropFirst(2), value: value, expected: expected)
    }
  }

  static func run(_ args: ParsedArguments) throws {
    let out = try args.required("--out")
    let folds = try args.int("--folds", in: 1...100) ?? 1
    guard folds >= 2 else {
      try AtomicFileWriter.write(JSON.object([JSON.Member("folds", .number(1))]).canonicalText(), to: out)
      StageCommand.say("crossval: 1 fold, nothing to do (eval.folds=5 runs 5-fold cross-validation)")
      return
    }
    // Every setting is checked before the first fold trains anything.
    let options = try Evaluate.Options(args)
    let svdArgs = try forward(args, names: svdOptions, prefix: "svd", to: Train.stage.spec)
    let svd = try renamingOptions("svd") { try Train.config(svdArgs) }
    let rankers = try Rank.models.map { name in
      let forwarded = try forward(args, names: Rank.modelOptions[name]!, prefix: name, to: Rank.stage.spec)
      return try renamingOptions(name) { try Rank.Settings(name, forwarded) }
    }
    let validation = SplitParams(
      method: try Split.method(args.value("--method") ?? "random", option: "--method"),
      testFraction: try args.double("--validation-fraction", in: 0...1) ?? 0.2,
      seed: UInt64(try args.int("--validation-seed", in: 0...Int.max) ?? 7))
    try DatasetSplitter.validate(validation)
    let movies = try MoviesCSV.read(path: try args.required("--movies"))
    let movieIds = movies.map(\.id)
    let neighbours = try Tfidf.load(try args.required("--tfidf") + "/neighbours.bin", movieIds: movieIds)
    let ratings = try RatingsCSV.read(path: try args.required("--ratings"))
    let assignment = try DatasetSplitter.folds(
      ratings, count: folds, seed: UInt64(try args.int("--fold-seed", in: 0...Int.max) ?? 42))

    /// The SVD and every ranker trained on `train`, as evaluate's side of `test`.
    func side(train: RatingTable, test: RatingTable, name: String) throws -> Evaluate.Side {
      let fit = try Train.fit(train: train, test: { test }, config: svd, threads: nil)
      let model = try ModelFile.Loaded(model: fit.model, userIds: fit.userIds, itemIds: fit.itemIds, movieIds: movieIds)
      let data = try TrainingData(movies: movies, model: model, train: train, test: test, split: name)
      let (matrix, _) = try Rank.interactions(train, movieIds: movieIds, file: name + "/train.csv")
      let trained = try rankers.map { try Rank.train($0, on: matrix).0 }
      return try Evaluate.side(data, rankers: trained, neighbours: neighbours, options: options)
    }

    var results: [JSON] = []
    for fold in 0..<folds {
      StageCommand.say("crossval: fold \(fold + 1)/\(folds)")
      let train = ratings.rows(assignment.indices.filter { assignment[$0] != fold })
      let test = ratings.rows(assignment.indices.filter { assignment[$0] == fold })
      let isValidation = try DatasetSplitter.testMask(train, validation)
      let name = "fold \(fold + 1)"
      let report = try Evaluate.measure(
        validation: try side(
          train: train.rows(isValidation.indices.filter { !isValidation[$0] }),
          test: train.rows(isValidation.indices.filter { isValidation[$0] }), name: name + " validation"),
        test: try side(train: train, test: test, name: name), options: options, sweep: false)
      let chosen = report.chosen
      results.append(
        .object(
          report.json + [
            JSON.Member(
              "hybrid",
              .object([
                JSON.Member("model", .string(chosen.model)), JSON.Member("alpha", .number(chosen.alpha)),
                JSON.Member("normalize", .string(chosen.normalize.rawValue)),
              ]))
          ]))
    }
    let metrics = JSON.object([
      JSON.Member("folds", .number(Double(folds))),
      JSON.Member("mean", aggregate(results, mean) ?? .null),
      JSON.Member("std", aggregate(results, standardDeviation) ?? .null),
      JSON.Member("per_fold", .array(results)),
    ])
    try AtomicFileWriter.write(metrics.canonicalText(), to: out)
    if let ndcg = metrics["mean"]?["ranking"]?["hybrid"]?["ndcg"]?.doubleValue,
      let std = metrics["std"]?["ranking"]?["hybrid"]?["ndcg"]?.doubleValue
    {
      StageCommand.say("crossval: \(folds) folds, hybrid ndcg \(Evaluate.f(ndcg)) +- \(Evaluate.f(std))")
    }
  }

  /// `statistic` of each number across `values` (objects of one shape, as every fold
  /// writes), in the same shape; strings and arrays are left out.
  static func aggregate(_ values: [JSON], _ statistic: ([Double]) -> Double) -> JSON? {
    guard let first = values.first else { return nil }
    switch first {
    case .number:
      let numbers = values.compactMap(\.doubleValue)
      return numbers.count == values.count ? Evaluate.r(statistic(numbers)) : nil
    case .object(let members):
      let kept = members.compactMap { member -> JSON.Member? in
        let column = values.compactMap { $0[member.key] }
        guard column.count == values.count, let value = aggregate(column, statistic) else { return nil }
        return JSON.Member(member.key, value)
      }
      return kept.isEmpty ? nil : .object(kept)
    default:
      return nil
    }
  }

  /// Summed in fold order, so the bits never depend on anything else.
  static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(x.count) }

  static func standardDeviation(_ x: [Double]) -> Double {
    let m = mean(x)
    return (x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count)).squareRoot()
  }
}
