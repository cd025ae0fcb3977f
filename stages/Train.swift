import CommandLineKit
import Factorization
import RecsysCore
import StrictJSON

/// `recsys train`: biased matrix factorization by SGD on `train.csv`; writes the model
/// (`model.bin`) and the per-epoch training curve (`curve.json`).
enum Train {
  static let stage = StageCommand.Stage(
    spec: CommandSpec(
      name: "recsys train", abstract: "Train biased matrix factorization (SVD) by SGD.",
      options: [
        .option("--in", value: "folder", help: "The split folder (train.csv, test.csv)."),
        .option("--out", value: "folder", help: "Where model.bin and curve.json go."),
        .option("--factors", value: "n", help: "Latent factors."),
        .option("--epochs", value: "n", help: "Passes over the training ratings."),
        .option("--lr", value: "x", help: "Learning rate."),
        .option("--reg", value: "x", help: "Regularization of the factors (and biases unless --reg-bias)."),
        .option("--lr-bias", value: "x", help: "Learning rate of the biases (default: --lr)."),
        .option("--reg-bias", value: "x", help: "Regularization of the biases (default: --reg)."),
        .option("--lr-decay", value: "x", help: "Learning rate factor per epoch."),
        .option("--init-std", value: "x", help: "Standard deviation of the initial factors."),
        .option("--order", value: "name", help: "surprise, shuffled, shuffled_by_user or blocked."),
        .option("--biased", value: "bool", help: "Learn user and item biases."),
        .option("--seed", value: "n", help: "Seed of the initialization and shuffles."),
        .option("--threads", value: "n", help: "Threads for the blocked order (default: PIPELINE_CPUS, else all cores; same bits for any)."),
      ]),
    run: run)

  static let orders: [String: SGDOrder] = ["surprise": .surprise, "shuffled": .shuffled, "shuffled_by_user": .shuffledByUser, "blocked": .blocked]

  static func run(_ args: ParsedArguments) throws {
    let input = try args.required("--in")
    let out = try args.required("--out")
    let config = try self.config(args)
    let threads = try args.int("--threads", in: 1...1024)
    let train = try RatingsCSV.read(path: input + "/train.csv")
    let trainCount = train.count
    // Handed over, so `fit` can free the raw columns before training (see there).
    let fit = try self.fit(
      train: consume train, test: { try RatingsCSV.read(path: input + "/test.csv") }, config: config, threads: threads)
    let curve = fit.curve

    try FileIO.createDirectory(out)
    try ModelFile.archive(fit.model, userIds: fit.userIds, itemIds: fit.itemIds).write(to: out + "/model.bin")
    let points: [JSON] = curve.map { s in
      .object([
        JSON.Member("epoch", .number(Double(s.epoch))),
        JSON.Member("train_rmse", .number(s.trainRMSE)),
        JSON.Member("test_rmse", s.testRMSE.map { .number($0) } ?? .null),
        JSON.Member("learning_rate", .number(s.learningRate)),
      ])
    }
    try AtomicFileWriter.write(JSON.object([JSON.Member("epochs", .array(points))]).canonicalText(), to: out + "/curve.json")
    let last = curve.last
    StageCommand.say(
      "\(config.factors) factors, \(config.epochs) epochs over \(trainCount) ratings: train rmse \(format(last?.trainRMSE ?? 0)), test rmse \(format(last?.testRMSE ?? 0))")
  }

  /// The SGD settings the options ask for (`MFConfig.tuned` for what they leave out).
  static func config(_ args: ParsedArguments) throws -> MFConfig {
    var config = MFConfig.tuned
    config.factors = try args.int("--factors", in: 0...10_000) ?? config.factors
    config.epochs = try args.int("--epochs", in: 1...100_000) ?? config.epochs
    config.lr = try args.double("--lr", in: 0...10) ?? config.lr
    config.reg = try args.double("--reg", in: 0...100) ?? config.reg
    config.lrBias = try args.double("--lr-bias", in: 0...10)
    config.regBias = try args.double("--reg-bias", in: 0...100) ?? config.regBias
    config.lrDecay = try args.double("--lr-decay", in: 0...1) ?? config.lrDecay
    config.initStd = try args.double("--init-std", in: 0...10) ?? config.initStd
    config.biased = try args.bool("--biased", default: true)
    config.seed = UInt64(try args.int("--seed", in: 0...Int.max) ?? 0)
    if let name = args.value("--order") {
      guard let order = orders[name] else {
        throw CommandLineError.invalidValue(name: "--order", value: name, expected: "surprise, shuffled, shuffled_by_user or blocked")
      }
      config.order = order
    }
    return config
  }

  /// Trains on `train` (the test ratings only score the curve), with users and items
  /// numbered in first-appearance order of `train`, as Surprise numbers them.
  ///
  /// The training table is consumed: once encoded, its raw ids and timestamps are
  /// released before the test table is read (`test` is called then) and before
  /// training (at ML-25M's shape 20 bytes a rating, about 400 MB, that the test table
  /// and the factorizer's own copy of the ratings would otherwise sit beside).
  static func fit(
    train: consuming RatingTable, test readTest: () throws -> RatingTable, config: MFConfig, threads: Int?
  ) throws -> (model: MFModel, userIds: [Int32], itemIds: [Int32], curve: [EpochStats]) {
    var users = IdIndex()
    var items = IdIndex()
    let userIndex = users.encode(train.users)
    let itemIndex = items.encode(train.items)
    let ratings = train.ratings
    train = RatingTable()
    var test = try readTest()
    let testSet = MFTestSet(
      users: test.users.map { users.index(of: $0) ?? -1 }, items: test.items.map { items.index(of: $0) ?? -1 },
      ratings: test.ratings)
    test = RatingTable()
    let (model, curve) = try MatrixFactorizer.train(
      users: consume userIndex, items: consume itemIndex, ratings: consume ratings, userCount: users.count,
      itemCount: items.count, config: config, threads: threads, test: consume testSet
    ) { stats in
      StageCommand.say("progress: \(stats.epoch)/\(config.epochs) epochs, train rmse \(format(stats.trainRMSE))")
    }
    return (model, users.rawIds, items.rawIds, curve)
  }

  static func format(_ x: Double) -> String { String(Double(Int((x * 10000).rounded())) / 10000) }
}
