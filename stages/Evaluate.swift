import CommandLineKit
import ContentSimilarity
import Evaluation
import Factorization
import RecsysCore
import StrictJSON

/// `recsys evaluate`: rating error of the bias baseline and MF, top-N ranking metrics
/// of popularity, MF, content, hybrid and random, and a sweep of the hybrid weight.
enum Evaluate {
  static let stage = StageCommand.Stage(
    spec: CommandSpec(
      name: "recsys evaluate", abstract: "Score the models on the test set: RMSE/MAE and top-N ranking metrics.",
      options: [
        .option("--movies", value: "file", help: "The parsed movies.csv."),
        .option("--split", value: "folder", help: "The split folder (train.csv, test.csv)."),
        .option("--model", value: "folder", help: "The trained model folder."),
        .option("--tfidf", value: "folder", help: "The tfidf folder."),
        .option("--out", value: "file", help: "Where metrics.json goes."),
        .option("--plots", value: "file", help: "Where the hybrid sweep (plot data) goes."),
        .option("--alpha", value: "a", help: "Weight of MF in the hybrid (0..1)."),
        .option("--top", value: "n", help: "Length of each recommendation list."),
        .option("--threshold", value: "r", help: "A test rating at least this is relevant (and liked in train)."),
        .option("--max-users", value: "n", help: "Rank at most this many users (a seeded sample beyond)."),
        .option("--seed", value: "n", help: "Seed of the random scorer and the user sample."),
      ]),
    run: run)

  static func run(_ args: ParsedArguments) throws {
    let data = try TrainingData(
      movies: try args.required("--movies"), split: try args.required("--split"),
      model: try args.required("--model") + "/model.bin")
    let neighbours = try Tfidf.load(try args.required("--tfidf") + "/neighbours.bin", movieIds: data.movieIds)
    let alpha = try args.double("--alpha", in: 0...1) ?? 0.7
    let top = try args.int("--top", in: 1...1000) ?? 10
    let threshold = Float(try args.double("--threshold", in: 0...10) ?? 4)
    let maxUsers = try args.int("--max-users", in: 1...Int.max) ?? 10_000
    let seed = UInt64(try args.int("--seed", in: 0...Int.max) ?? 42)
    let model = data.model.model
    let movieCount = data.movies.count

    // Rating prediction, clipped to the rating scale like Surprise's.
    let baseline = BiasBaseline(
      users: data.trainUsers, items: data.trainMovies, ratings: data.trainRatings, userCount: data.userCount,
      itemCount: movieCount)
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

    // Ranking over the users the model knows.
    let known = data.testUsers.indices.filter { data.testUsers[$0] >= 0 }
    let train = try UserRatings(
      userCount: data.userCount, users: data.trainUsers, items: data.trainMovies, ratings: data.trainRatings,
      name: "train")
    let test = try UserRatings(
      userCount: data.userCount, users: known.map { data.testUsers[$0] }, items: known.map { data.testMovies[$0] },
      ratings: known.map { data.testRatings[$0] }, name: "test")
    var sample: [Int32]?
    if data.userCount > maxUsers {
      var users = (0..<Int32(data.userCount)).map { $0 }
      var generator = SeededGenerator(seed: seed)
      generator.shuffle(&users)
      sample = Array(users.prefix(maxUsers))
    }
    let evaluator = try RankingEvaluator(
      train: train, test: test, itemCount: movieCount, n: top, relevanceThreshold: threshold, users: sample)
    let predict: @Sendable (Int, inout [Float]) -> Void = { user, scores in
      let values = model.scores(forUser: user)
      if scores.count != values.count { scores = [Float](repeating: 0, count: values.count) }
      for i in values.indices { scores[i] = Float(values[i]) }
    }
    let scorers: [Scorer] = [
      .popularity(train: train, itemCount: movieCount),
      .matrixFactorization(predict: predict),
      .content(train: train, neighbours: neighbours, likedThreshold: threshold),
      .hybrid(alpha: alpha, predict: predict, train: train, neighbours: neighbours, likedThreshold: threshold),
      .random(seed: seed),
    ]
    var ranking: [JSON.Member] = []
    for (k, scorer) in scorers.enumerated() {
      StageCommand.say("progress: \(k)/\(scorers.count + 1) rankings")
      let result = try evaluator.evaluate(scorer)
      ranking.append(JSON.Member(result.scorer, json(result.metrics)))
      StageCommand.say("\(result.scorer): ndcg@\(top) \(f(result.metrics.ndcg)), precision@\(top) \(f(result.metrics.precision))")
    }
    StageCommand.say("progress: \(scorers.count)/\(scorers.count + 1) rankings")
    let sweep = try evaluator.sweepHybrid(predict: predict, neighbours: neighbours, likedThreshold: threshold)
    let best = sweep.max { a, b in a.metrics.ndcg < b.metrics.ndcg || (a.metrics.ndcg == b.metrics.ndcg && a.alpha > b.alpha) }!
    StageCommand.say("hybrid sweep: best alpha \(best.alpha) (ndcg@\(top) \(f(best.metrics.ndcg)))")

    let metrics = JSON.object([
      JSON.Member(
        "rating",
        .object([
          JSON.Member("baseline", .object([JSON.Member("rmse", r(baseError.rmse)), JSON.Member("mae", r(baseError.mae))])),
          JSON.Member("mf", .object([JSON.Member("rmse", r(mfError.rmse)), JSON.Member("mae", r(mfError.mae))])),
        ])),
      JSON.Member("ranking", .object(ranking)),
      JSON.Member(
        "hybrid",
        .object([
          JSON.Member("alpha", .number(alpha)), JSON.Member("best_alpha", .number(best.alpha)),
          JSON.Member("best_ndcg", r(best.metrics.ndcg)),
        ])),
      JSON.Member(
        "counts",
        .object([
          JSON.Member("train_ratings", .number(Double(data.trainRatings.count))),
          JSON.Member("test_ratings", .number(Double(data.testRatings.count))),
          JSON.Member("ranked_users", .number(Double(best.metrics.evaluatedUsers))),
          JSON.Member("top_n", .number(Double(top))),
        ])),
    ])
    try AtomicFileWriter.write(metrics.canonicalText(), to: try args.required("--out"))
    let plots = JSON.object([
      JSON.Member(
        "hybrid_sweep",
        .array(
          sweep.map { p in
            var fields = [JSON.Member("alpha", .number(p.alpha))]
            fields += json(p.metrics).members ?? []
            return .object(fields)
          }))
    ])
    try AtomicFileWriter.write(plots.canonicalText(), to: try args.required("--plots"))
  }

  static func json(_ m: RankingMetrics) -> JSON {
    .object([
      JSON.Member("precision", r(m.precision)), JSON.Member("recall", r(m.recall)), JSON.Member("ndcg", r(m.ndcg)),
      JSON.Member("map", r(m.map)), JSON.Member("hit_rate", r(m.hitRate)), JSON.Member("coverage", r(m.coverage)),
    ])
  }

  /// Metrics keep six decimals: beyond that they are noise, and short numbers read well in tables.
  static func r(_ x: Double) -> JSON { .number((x * 1_000_000).rounded() / 1_000_000) }
  static func f(_ x: Double) -> String { String((x * 10000).rounded() / 10000) }
}
