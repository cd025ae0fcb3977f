import CommandLineKit
import ContentSimilarity
import Evaluation
import Factorization
import RecsysCore
import Scoring
import StrictJSON

/// `recsys evaluate`: rating error of the bias baseline and the SVD; top-N ranking
/// metrics of popularity, random, every collaborative model, content and the served
/// hybrid on the test split; and the choices the hybrid is served with (collaborative
/// model, normalization, weight), made on the validation split carved from train.
enum Evaluate {
  static let stage = StageCommand.Stage(
    spec: CommandSpec(
      name: "recsys evaluate", abstract: "Score the models on the test set: RMSE/MAE and top-N ranking metrics.",
      options: [
        .option("--movies", value: "file", help: "The parsed movies.csv."),
        .option("--split", value: "folder", help: "The split folder (train.csv, test.csv)."),
        .option("--model", value: "folder", help: "The SVD model folder trained on the split."),
        .option("--validation", value: "folder", help: "The validation split carved from train.csv."),
        .option("--validation-model", value: "folder", help: "The SVD model folder trained on the validation split."),
        .option("--tfidf", value: "folder", help: "The tfidf folder."),
        .option("--rankers", value: "folders", help: "Comma-separated ranker folders trained on the split."),
        .option("--validation-rankers", value: "folders", help: "The same rankers trained on the validation split."),
        .option("--out", value: "file", help: "Where metrics.json goes."),
        .option("--plots", value: "file", help: "Where the hybrid sweeps (plot data) go."),
        .option("--model-name", value: "name", help: "Collaborative part of the hybrid: auto (best on validation) or a model name."),
        .option("--alpha", value: "a", help: "Weight of the collaborative part (0..1), or auto (best on validation)."),
        .option("--normalize", value: "name", help: "minmax, zscore, none, or auto (best on validation)."),
        .option("--top", value: "n", help: "Length of each recommendation list."),
        .option("--threshold", value: "r", help: "A test rating at least this is relevant (and liked in train)."),
        .option("--max-users", value: "n", help: "Rank at most this many users (a seeded sample beyond)."),
        .option("--seed", value: "n", help: "Seed of the random scorer and the user sample."),
      ]),
    run: run)

  /// One side (validation or test) with its models.
  struct Side {
    var data: TrainingData
    var train: UserRatings
    var evaluator: RankingEvaluator
    var models: [CollaborativeModel]
    /// Rankers whose stage skipped them (EASE past `ease.max_items`): absent from the
    /// metrics and never chosen, with why.
    var skipped: [(name: String, reason: String)]
    var content: ContentIndex
  }

  /// The settings that shape an evaluation (crossval passes the same ones).
  struct Options {
    /// The options read here.
    static let names = ["--model-name", "--alpha", "--normalize", "--top", "--threshold", "--max-users", "--seed"]
    var choice: HybridChoice.Request
    var top: Int
    var threshold: Float
    var maxUsers: Int
    var seed: UInt64

    init(_ args: ParsedArguments) throws {
      choice = HybridChoice.Request(
        model: args.value("--model-name") ?? "auto", alpha: args.value("--alpha") ?? "auto",
        normalize: args.value("--normalize") ?? "auto")
      try choice.validate()
      top = try args.int("--top", in: 1...1000) ?? 10
      threshold = Float(try args.double("--threshold", in: 0...10) ?? 4)
      maxUsers = try args.int("--max-users", in: 1...Int.max) ?? 10_000
      seed = UInt64(try args.int("--seed", in: 0...Int.max) ?? 42)
    }
  }

  /// What one evaluation measured on the test side, and what it chose on validation.
  struct Report {
    var baseline: ErrorMetrics
    var mf: ErrorMetrics
    /// Every scorer's metrics, in the order of metrics.json's `ranking`.
    var ranking: [(name: String, metrics: RankingMetrics)]
    var chosen: HybridChoice
    /// The served hybrid, on the test side.
    var hybrid: HybridScorer
    /// The served hybrid at every sweep weight, on the test side (plot data only; empty
    /// when `measure` was asked for no sweep).
    var testSweep: [HybridSweepPoint]

    /// The `rating` and `ranking` members of metrics.json.
    var json: [JSON.Member] {
      func error(_ e: ErrorMetrics) -> JSON { .object([JSON.Member("rmse", r(e.rmse)), JSON.Member("mae", r(e.mae))]) }
      return [
        JSON.Member("rating", .object([JSON.Member("baseline", error(baseline)), JSON.Member("mf", error(mf))])),
        JSON.Member("ranking", .object(ranking.map { JSON.Member($0.name, Evaluate.json($0.metrics)) })),
      ]
    }
  }

  static func run(_ args: ParsedArguments) throws {
    let movies = try args.required("--movies")
    let neighboursPath = try args.required("--tfidf") + "/neighbours.bin"
    let options = try Options(args)
    func folders(_ option: String) -> [String] {
      (args.value(option) ?? "").split(separator: ",").map(String.init)
    }
    func side(split: String, model: String, rankers: [String]) throws -> Side {
      let data = try TrainingData(movies: movies, split: split, model: model + "/model.bin")
      let loaded = try rankers.map { try Rank.load($0, userIds: data.model.userIds, movieIds: data.movieIds) }
      return try Evaluate.side(
        data, rankers: loaded, neighbours: try Tfidf.load(neighboursPath, movieIds: data.movieIds), options: options)
    }
    // The validation side is released before the test side is loaded: at ML-25M's
    // shape each side's ratings and models are several hundred MB.
    let (chosen, validationCounts) = try {
      let validation = try side(
        split: try args.required("--validation"), model: try args.required("--validation-model"),
        rankers: folders("--validation-rankers"))
      return (
        try choose(on: validation, options: options),
        (train: validation.data.trainRatings.count, test: validation.data.testRatings.count)
      )
    }()
    let test = try side(
      split: try args.required("--split"), model: try args.required("--model"), rankers: folders("--rankers"))
    let report = try measure(chosen: chosen, test: test, options: options)
    let data = test.data
    let top = options.top

    let metrics = JSON.object(
      report.json + [
        JSON.Member("hybrid", report.chosen.json(round: r)),
        JSON.Member(
          "counts",
          .object([
            JSON.Member("train_ratings", .number(Double(data.trainRatings.count))),
            JSON.Member("test_ratings", .number(Double(data.testRatings.count))),
            JSON.Member("validation_train_ratings", .number(Double(validationCounts.train))),
            JSON.Member("validation_ratings", .number(Double(validationCounts.test))),
            JSON.Member("ranked_users", .number(Double(report.ranking.last?.metrics.evaluatedUsers ?? 0))),
            JSON.Member("top_n", .number(Double(top))),
          ])),
      ])
    try AtomicFileWriter.write(metrics.canonicalText(), to: try args.required("--out"))
    func points(_ sweep: [HybridSweepPoint]) -> JSON {
      .array(
        sweep.map { p in
          var fields = [JSON.Member("alpha", .number(p.alpha))]
          fields += json(p.metrics).members ?? []
          return .object(fields)
        })
    }
    let plots = JSON.object([
      JSON.Member("hybrid_sweep", points(report.testSweep)),
      JSON.Member("validation_sweep", points(report.chosen.sweep)),
    ])
    try AtomicFileWriter.write(plots.canonicalText(), to: try args.required("--plots"))
  }

  /// One side (validation or test) with its models: the SVD of `data`, then `rankers`.
  static func side(_ data: TrainingData, rankers: [Rank.Loaded], neighbours: Neighbours, options: Options) throws -> Side {
    let known = data.testUsers.indices.filter { data.testUsers[$0] >= 0 }
    let train = try UserRatings(
      userCount: data.userCount, users: data.trainUsers, items: data.trainMovies, ratings: data.trainRatings,
      name: "train")
    let test = try UserRatings(
      userCount: data.userCount, users: known.map { data.testUsers[$0] }, items: known.map { data.testMovies[$0] },
      ratings: known.map { data.testRatings[$0] }, name: "test")
    var sample: [Int32]?
    if data.userCount > options.maxUsers {
      var users = (0..<Int32(data.userCount)).map { $0 }
      var generator = SeededGenerator(seed: options.seed)
      generator.shuffle(&users)
      sample = Array(users.prefix(options.maxUsers))
    }
    let evaluator = try RankingEvaluator(
      train: train, test: test, itemCount: data.movies.count, n: options.top, relevanceThreshold: options.threshold,
      users: sample)
    // The reg is the SVD's fold-in penalty, for users outside training; every user
    // evaluated here is in training, so it never applies (serving folds in with svd.reg).
    var models = [try ScoringModels.svd(data.model.model, reg: 0.06)]
    var skipped: [(name: String, reason: String)] = []
    for ranker in rankers {
      if let reason = ranker.skipped {
        skipped.append((ranker.name, reason))
      } else {
        models.append(try ranker.model(userCount: data.userCount, itemCount: data.movies.count))
      }
    }
    return Side(
      data: data, train: train, evaluator: evaluator, models: models, skipped: skipped,
      content: try ScoringModels.content(neighbours))
  }

  /// The hybrid's choices on `validation` (never on test), then the rating error and
  /// every scorer's ranking metrics on `test`: reports only.
  ///
  /// `sweep`: also rank the served hybrid at every sweep weight (the plot data).
  static func measure(validation: Side, test: Side, options: Options, sweep: Bool = true) throws -> Report {
    try measure(chosen: try choose(on: validation, options: options), test: test, options: options, sweep: sweep)
  }

  /// The hybrid's choices, made on `validation`.
  static func choose(on validation: Side, options: Options) throws -> HybridChoice {
    let chosen = try HybridChoice.choose(options.choice, on: validation, threshold: options.threshold) {
      StageCommand.say($0)
    }
    StageCommand.say(
      "validation: hybrid of \(chosen.model) (\(chosen.normalize.rawValue)), alpha \(chosen.alpha), ndcg@\(options.top) \(f(chosen.validationNDCG))")
    return chosen
  }

  /// The rating error and every scorer's ranking metrics on `test`, with the hybrid
  /// `chosen` on validation.
  static func measure(chosen: HybridChoice, test: Side, options: Options, sweep: Bool = true) throws -> Report {
    let top = options.top
    let threshold = options.threshold
    let data = test.data
    let model = data.model.model
    let baseline = BiasBaseline(
      users: data.trainUsers, items: data.trainMovies, ratings: data.trainRatings, userCount: data.userCount,
      itemCount: data.movies.count)
    var mfPredictions: [Double] = []
    var basePredictions: [Double] = []
    for k in data.testRatings.indices {
      let u = Int(data.testUsers[k])
      let m = Int(data.testMovies[k])
      mfPredictions.append(model.predict(user: u, item: m))
      basePredictions.append(baseline.predict(user: u, item: m))
    }
    let actual = data.testRatings.map(Double.init)
    let mfError = try ErrorMetrics(predicted: mfPredictions, actual: actual, clippingTo: 1...5)
    let baseError = try ErrorMetrics(predicted: basePredictions, actual: actual, clippingTo: 1...5)
    StageCommand.say("rmse: baseline \(f(baseError.rmse)), mf \(f(mfError.rmse))")

    try HybridChoice.checkNotSkipped(chosen.model, on: test)
    guard let served = test.models.first(where: { $0.name == chosen.model }) else {
      throw ScoringError.unknownModel(name: chosen.model, available: test.models.map(\.name))
    }
    let hybrid = try HybridScorer(
      collaborative: served, content: test.content, normalization: chosen.normalize, likedThreshold: threshold)
    // One pass ranks everything; the served hybrid's list is its first weight, the
    // test sweep the others (a model and content are filled once per user for all).
    var rankings: [Ranking] = [
      .scorer(.popularity(train: test.train, itemCount: data.movies.count)), .scorer(.random(seed: options.seed)),
    ]
    rankings += test.models.map { .collaborative($0) }
    rankings += [
      .content(test.content, likedThreshold: threshold),
      .hybrid(hybrid, alphas: [chosen.alpha] + (sweep ? HybridSweepPoint.defaultAlphas : [])),
    ]
    StageCommand.say("progress: 2/3 ranking passes")
    let results = try test.evaluator.evaluate(rankings)
    var ranking: [(name: String, metrics: RankingMetrics)] = []
    for result in results.map({ $0[0] }) {
      ranking.append((result.scorer, result.metrics))
      StageCommand.say(
        "\(result.scorer): ndcg@\(top) \(f(result.metrics.ndcg)), precision@\(top) \(f(result.metrics.precision)), mrr \(f(result.metrics.mrr))"
      )
    }
    StageCommand.say("progress: 3/3 ranking passes")
    let testSweep = zip(HybridSweepPoint.defaultAlphas, results[results.count - 1].dropFirst()).map {
      HybridSweepPoint(alpha: $0, metrics: $1.metrics)
    }
    return Report(
      baseline: baseError, mf: mfError, ranking: ranking, chosen: chosen, hybrid: hybrid, testSweep: testSweep)
  }

  static func json(_ m: RankingMetrics) -> JSON {
    .object([
      JSON.Member("precision", r(m.precision)), JSON.Member("recall", r(m.recall)), JSON.Member("ndcg", r(m.ndcg)),
      JSON.Member("map", r(m.map)), JSON.Member("mrr", r(m.mrr)), JSON.Member("hit_rate", r(m.hitRate)),
      JSON.Member("coverage", r(m.coverage)),
    ])
  }

  /// Metrics keep six decimals: beyond that they are noise, and short numbers read well in tables.
  static func r(_ x: Double) -> JSON { .number((x * 1_000_000).rounded() / 1_000_000) }
  static func f(_ x: Double) -> String { String((x * 10000).rounded() / 10000) }
}
