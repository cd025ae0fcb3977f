import CommandLineKit
import Ranking
import RecsysCore
import Scoring
import StrictJSON

/// `recsys rank`: trains one top-N ranker (EASE, implicit ALS or item-kNN) on the implicit
/// feedback of `train.csv` (every rating is an interaction) and writes `ranker.bin`.
///
/// Items are indexed in movies.csv order and users in first-appearance order of
/// train.csv, the SVD's order, so every model of a split scores the same dense indices.
enum Rank {
  static let models = ["ease", "als", "knn"]
  /// The options each model reads (the others leave it alone).
  static let modelOptions = [
    "ease": ["--lambda", "--max-items"], "als": ["--factors", "--iterations", "--reg", "--alpha", "--seed"],
    "knn": ["--neighbours"],
  ]

  static let stage = StageCommand.Stage(
    spec: CommandSpec(
      name: "recsys rank", abstract: "Train a top-N ranker (EASE, implicit ALS or item-kNN) on implicit feedback.",
      options: [
        .option("--model", value: "name", help: "ease, als or knn."),
        .option("--movies", value: "file", help: "The parsed movies.csv."),
        .option("--in", value: "folder", help: "The split folder (train.csv)."),
        .option("--out", value: "folder", help: "Where ranker.bin and ranker.json go."),
        .option("--lambda", value: "x", help: "EASE: L2 penalty on the diagonal."),
        .option("--max-items", value: "n", help: "EASE: largest catalog trained; past it EASE is skipped."),
        .option("--factors", value: "n", help: "ALS: latent factors."),
        .option("--iterations", value: "n", help: "ALS: alternations."),
        .option("--reg", value: "x", help: "ALS: L2 penalty."),
        .option("--alpha", value: "x", help: "ALS: confidence 1 + alpha per interaction."),
        .option("--neighbours", value: "n", help: "kNN: neighbours kept per item."),
        .option("--seed", value: "n", help: "ALS: seed of the initial factors."),
      ]),
    run: run)

  static func run(_ args: ParsedArguments) throws {
    let name = try args.required("--model")
    guard models.contains(name) else {
      throw CommandLineError.invalidValue(name: "--model", value: name, expected: models.joined(separator: ", "))
    }
    let movies = try MoviesCSV.read(path: try args.required("--movies"))
    let movieIds = movies.map(\.id)
    let input = try args.required("--in")
    let (matrix, userIds) = try interactions(try RatingsCSV.read(path: input + "/train.csv"), movieIds: movieIds, file: input + "/train.csv")
    let (ranker, settings) = try train(try Settings(name, args), on: matrix)
    let out = try args.required("--out")
    try FileIO.createDirectory(out)
    try ranker.archive(userIds: userIds, movieIds: movieIds).write(to: out + "/ranker.bin")
    var summary = [JSON.Member("model", .string(name))] + settings
    summary += [
      JSON.Member("users", .number(Double(userIds.count))), JSON.Member("items", .number(Double(movieIds.count))),
      JSON.Member("interactions", .number(Double(matrix.entryCount))),
    ]
    try AtomicFileWriter.write(JSON.object(summary).canonicalText(), to: out + "/ranker.json")
    StageCommand.say("\(name): \(userIds.count) users, \(movieIds.count) items, \(matrix.entryCount) interactions")
  }

  /// Every rating of `train` as an interaction: users in first-appearance order (the
  /// SVD's), items in `movieIds` order.
  static func interactions(_ train: RatingTable, movieIds: [Int32], file: String) throws -> (
    InteractionMatrix, userIds: [Int32]
  ) {
    let movieIndex = IdIndex(movieIds)
    var users = IdIndex()
    let rows = users.encode(train.users)
    let columns = try train.items.map { id -> Int32 in
      guard let m = movieIndex.index(of: id) else {
        throw RecsysCoreError.malformed(file: file, line: 0, reason: "movie \(id) is not in movies.csv; run parse again")
      }
      return m
    }
    let matrix = try InteractionMatrix(rows: rows, columns: columns, rowCount: users.count, columnCount: movieIds.count)
    return (matrix, users.rawIds)
  }

  /// A ranker's training settings, as this stage's options give them.
  enum Settings {
    case ease(EASEConfig)
    case als(ALSConfig)
    case knn(ItemKNNConfig)

    /// The settings of `name` (one of `models`) in `args`.
    init(_ name: String, _ args: ParsedArguments) throws {
      switch name {
      case "ease":
        self = .ease(
          EASEConfig(
            lambda: try args.double("--lambda", in: 0...1e9) ?? 500,
            maxItems: try args.int("--max-items", in: 1...1_000_000_000) ?? EASEConfig().maxItems))
      case "als":
        self = .als(
          ALSConfig(
            factors: try args.int("--factors", in: 1...4096) ?? 64,
            iterations: try args.int("--iterations", in: 1...1000) ?? 15,
            regularization: try args.double("--reg", in: 0...1e6) ?? 0.05,
            alpha: try args.double("--alpha", in: 0...1e6) ?? 2,
            seed: UInt64(try args.int("--seed", in: 0...Int.max) ?? 42)))
      default:
        self = .knn(ItemKNNConfig(neighbours: try args.int("--neighbours", in: 1...100_000) ?? 50))
      }
    }
  }

  /// Trains a ranker, and returns it with its settings as ranker.json records them.
  static func train(_ settings: Settings, on matrix: InteractionMatrix) throws -> (Loaded, settings: [JSON.Member]) {
    let items = matrix.columnCount
    switch settings {
    case .ease(let config):
      var summary = [
        JSON.Member("lambda", .number(config.lambda)), JSON.Member("max_items", .number(Double(config.maxItems))),
      ]
      if items > config.maxItems {
        // Too big to train is not a failure of the pipeline: the stage records the skip,
        // and evaluate and package treat the model as absent.
        StageCommand.say(Loaded.skipNote(items: items, maxItems: config.maxItems))
        summary.append(JSON.Member("skipped", .bool(true)))
        let skipped = Loaded(
          name: "ease", kind: 0, skipped: Loaded.skipReason(items: items, maxItems: config.maxItems),
          maxItems: config.maxItems)
        return (skipped, summary)
      }
      StageCommand.say("progress: 0/1 EASE inverse of \(items) items")
      let model = try EASEModel.train(matrix, config: config)
      return (Loaded(name: "ease", kind: 1, weights: model.weights), summary)
    case .als(let config):
      let model = try ALSModel.train(matrix, config: config)
      let ranker = Loaded(
        name: "als", kind: 2, factorCount: model.factors, userFactors: model.userFactors, itemFactors: model.itemFactors,
        foldIn: (model.regularization, model.alpha))
      return (
        ranker,
        [
          JSON.Member("factors", .number(Double(config.factors))),
          JSON.Member("iterations", .number(Double(config.iterations))), JSON.Member("reg", .number(config.regularization)),
          JSON.Member("alpha", .number(config.alpha)),
        ]
      )
    case .knn(let config):
      let model = try ItemKNNModel.train(matrix, config: config)
      let ranker = Loaded(
        name: "knn", kind: 3, weights: model.weights, offsets: model.offsets, neighbours: model.neighbours)
      return (ranker, [JSON.Member("neighbours", .number(Double(config.neighbours)))])
    }
  }

  /// A trained ranker as read back: its name and arrays, checked against the split's
  /// users (the SVD's order) and movies.
  struct Loaded {
    var name: String
    /// 0: not trained (EASE past `ease.max_items`), 1: EASE, 2: ALS, 3: item-kNN.
    var kind: Int
    /// For a skipped model, why (`skipReason`).
    var skipped: String? = nil
    /// For a skipped model, the `ease.max_items` it was past.
    var maxItems: Int = 0
    var factorCount: Int = 0
    var weights: [Float] = []
    var offsets: [Int32] = []
    var neighbours: [Int32] = []
    var userFactors: [Float] = []
    var itemFactors: [Float] = []
    var foldIn: (reg: Double, alpha: Double) = (0, 0)

    /// Why EASE was not trained: `"62423 items > ease.max_items 20000"`.
    static func skipReason(items: Int, maxItems: Int) -> String {
      "\(items) items > ease.max_items \(maxItems)"
    }

    /// What a skipped EASE stage prints: EASE holds one dense `items x items` Float
    /// matrix (the Gram matrix, inverted in place into the weights).
    static func skipNote(items: Int, maxItems: Int) -> String {
      let bytes = Double(items) * Double(items) * 4
      let (unit, scale) = bytes >= 1e9 ? ("GB", 1e9) : bytes >= 1e6 ? ("MB", 1e6) : ("KB", 1e3)
      let size = "\((bytes / scale * 10).rounded() / 10) \(unit)"
      return
        "ease: \(skipReason(items: items, maxItems: maxItems)); EASE skipped (its items x items matrix would need \(size)); the hybrid chooses among the other models"
    }

    /// `ranker.bin`: the arrays `load` reads back, with the users and movies they index.
    func archive(userIds: [Int32], movieIds: [Int32]) -> ArrayArchive {
      var archive = ArrayArchive()
      archive.append("user_ids", .int32(userIds))
      archive.append("movie_ids", .int32(movieIds))
      switch kind {
      case 0:
        archive.append("kind", .int64([0, Int64(movieIds.count), Int64(maxItems)]))
      case 1:
        archive.append("kind", .int64([1]))
        archive.append("weights", .float(weights))
      case 2:
        archive.append("kind", .int64([2, Int64(factorCount)]))
        archive.append("user_factors", .float(userFactors))
        archive.append("item_factors", .float(itemFactors))
        archive.append("fold_in", .double([foldIn.reg, foldIn.alpha]))
      default:
        archive.append("kind", .int64([3]))
        archive.append("offsets", .int32(offsets))
        archive.append("neighbours", .int32(neighbours))
        archive.append("weights", .float(weights))
      }
      return archive
    }

    func model(userCount: Int, itemCount: Int) throws -> CollaborativeModel {
      switch kind {
      case 1:
        return CollaborativeModel(
          name: name, kind: .itemWeights(try ItemWeightScorer(itemCount: itemCount, weights: SharedBuffer(weights))))
      case 2:
        return CollaborativeModel(
          name: name,
          kind: .factors(
            try FactorScorer(
              userCount: userCount, itemCount: itemCount, factorCount: factorCount, globalMean: 0, userBiases: nil,
              itemBiases: nil, userFactors: SharedBuffer(userFactors), itemFactors: SharedBuffer(itemFactors),
              foldIn: .implicit(reg: foldIn.reg, alpha: foldIn.alpha))))
      default:
        return CollaborativeModel(
          name: name,
          kind: .sparseItemWeights(
            try SparseItemWeightScorer(
              itemCount: itemCount, offsets: SharedBuffer(offsets), neighbours: SharedBuffer(neighbours),
              weights: SharedBuffer(weights))))
      }
    }
  }

  /// Reads `folder/ranker.bin`, named by its folder's last component's model.
  static func load(_ folder: String, userIds: [Int32], movieIds: [Int32]) throws -> Loaded {
    let path = folder + "/ranker.bin"
    let a = try ArrayArchive.read(path: path)
    guard try a.int32("movie_ids") == movieIds, try a.int32("user_ids") == userIds else {
      throw RecsysCoreError.malformed(
        file: path, line: 0, reason: "the ranker was trained on other users or movies; run its stage again")
    }
    let kind = try a.int64("kind")
    switch kind.first {
    case 0 where kind.count == 3:
      return Loaded(
        name: "ease", kind: 0, skipped: Loaded.skipReason(items: Int(kind[1]), maxItems: Int(kind[2])),
        maxItems: Int(kind[2]))
    case 1:
      return Loaded(name: "ease", kind: 1, weights: try a.float("weights"))
    case 2:
      let f = try a.double("fold_in")
      return Loaded(
        name: "als", kind: 2, factorCount: Int(kind[1]), userFactors: try a.float("user_factors"),
        itemFactors: try a.float("item_factors"), foldIn: (f[0], f[1]))
    case 3:
      return Loaded(
        name: "knn", kind: 3, weights: try a.float("weights"), offsets: try a.int32("offsets"),
        neighbours: try a.int32("neighbours"))
    default:
      throw RecsysCoreError.malformed(
        file: path, line: 0, reason: "unknown ranker kind \(kind.first ?? -1); run its stage again")
    }
  }
}
