import CommandLineKit
import Hashing
import ModelBundle
import RecsysCore
import StrictJSON

/// `recsys package`: everything `recommend` needs in one versioned bundle file
/// (model, neighbours, movies, popularity, each user's ratings, params and metrics).
enum PackageBundle {
  static let stage = StageCommand.Stage(
    spec: CommandSpec(
      name: "recsys package", abstract: "Write the versioned model bundle that 'recommend' loads.",
      options: [
        .option("--parsed", value: "folder", help: "The parsed folder (movies.csv, ratings.csv)."),
        .option("--split", value: "folder", help: "The split folder (train.csv, test.csv)."),
        .option("--model", value: "folder", help: "The trained model folder."),
        .option("--tfidf", value: "folder", help: "The tfidf folder."),
        .option("--rankers", value: "folders", help: "Comma-separated ranker folders; the one evaluate chose is shipped."),
        .option("--metrics", value: "file", help: "metrics.json from evaluate."),
        .option("--plots", value: "file", help: "plots.json from evaluate (the alpha sweeps), for the dashboard; optional."),
        .option("--params", value: "file", help: "params.json, recorded in the bundle's manifest."),
        .option("--out", value: "folder", help: "Where the bundle and manifest.json go."),
      ]),
    run: run)

  static func run(_ args: ParsedArguments) throws {
    let parsed = try args.required("--parsed")
    let data = try TrainingData(
      movies: parsed + "/movies.csv", split: try args.required("--split"), model: try args.required("--model") + "/model.bin")
    let neighbours = try Tfidf.load(try args.required("--tfidf") + "/neighbours.bin", movieIds: data.movieIds)
    let params = try JSONParser.parse(try FileIO.readBytes(atPath: try args.required("--params")), file: "params.json")
    let metrics = try JSONParser.parse(try FileIO.readBytes(atPath: try args.required("--metrics")), file: "metrics.json")
    let movieCount = data.movies.count
    let userCount = data.userCount

    // Popularity and each user's rated movies, from the training ratings.
    var counts = [Int32](repeating: 0, count: movieCount)
    var sums = [Double](repeating: 0, count: movieCount)
    var rows = [[(Int32, Float)]](repeating: [], count: userCount)
    for k in data.trainRatings.indices {
      let m = Int(data.trainMovies[k])
      counts[m] += 1
      sums[m] += Double(data.trainRatings[k])
      rows[Int(data.trainUsers[k])].append((data.trainMovies[k], data.trainRatings[k]))
    }
    for u in rows.indices { rows[u].sort { $0.0 < $1.0 } }
    let means = (0..<movieCount).map { counts[$0] > 0 ? Float(sums[$0] / Double(counts[$0])) : 0 }

    let model = data.model.model
    var scoring = try servingConfig(metrics: metrics, params: params)
    var ranker = RankerModel.none
    if scoring.model != "svd" {
      let folders = (args.value("--rankers") ?? "").split(separator: ",").map(String.init)
      var found: Rank.Loaded?
      for folder in folders {
        let loaded = try Rank.load(folder, userIds: data.model.userIds, movieIds: data.movieIds)
        guard loaded.name == scoring.model else { continue }
        if let reason = loaded.skipped {
          throw RecsysCoreError.malformed(
            file: "metrics.json", line: 0,
            reason: "evaluate chose '\(scoring.model)' but its stage skipped it (\(reason)); run the evaluate stage again")
        }
        found = loaded
      }
      guard let chosen = found else {
        throw RecsysCoreError.malformed(
          file: "metrics.json", line: 0,
          reason: "evaluate chose '\(scoring.model)' but no --rankers folder holds it; add its stage to package's deps")
      }
      switch chosen.kind {
      case 1: ranker = .itemWeights(chosen.weights)
      case 2:
        ranker = .factors(count: chosen.factorCount, users: chosen.userFactors, items: chosen.itemFactors)
        scoring.foldInReg = chosen.foldIn.reg
        scoring.foldInAlpha = chosen.foldIn.alpha
      default:
        ranker = .sparseWeights(offsets: chosen.offsets, neighbours: chosen.neighbours, weights: chosen.weights)
      }
    }
    let contents = BundleContents(
      params: params, metrics: metrics, datasetFingerprint: try fingerprint(parsed),
      movies: data.movies.map { MovieRecord(id: Int64($0.id), title: $0.title, year: $0.year, genres: $0.genres) },
      userIDs: data.model.userIds.map(Int64.init),
      model: FactorModel(
        factorCount: model.factors, globalMean: model.globalMean, userBiases: model.userBias,
        itemBiases: model.itemBias, userFactors: model.userFactors, itemFactors: model.itemFactors),
      neighbors: SparseRows(offsets: neighbours.offsets, indices: neighbours.indices, values: neighbours.similarities),
      popularity: Popularity(counts: counts, means: means),
      ratings: SparseRows(rows: rows), scoring: scoring, ranker: ranker,
      plots: try dashboardPlots(curve: try args.required("--model") + "/curve.json", sweeps: args.value("--plots")))
    let written = try BundleWriter.write(contents, toDirectory: try args.required("--out"))
    StageCommand.say("bundle \(written.fileName): \(userCount) users, \(movieCount) movies, \(written.size) bytes")
  }

  /// The plot data the dashboard's model tab draws: the SVG training curve (model/curve.json,
  /// when train wrote one) and the alpha sweeps (`--plots`).
  static func dashboardPlots(curve: String, sweeps: String?) throws -> JSON {
    var members: [JSON.Member] = []
    if FileIO.isFile(curve), let epochs = try JSONParser.parse(try FileIO.readBytes(atPath: curve), file: curve)["epochs"] {
      members.append(JSON.Member("training_curve", epochs))
    }
    if let sweeps {
      let plots = try JSONParser.parse(try FileIO.readBytes(atPath: sweeps), file: sweeps)
      for key in ["hybrid_sweep", "validation_sweep"] {
        if let points = plots[key] { members.append(JSON.Member(key, points)) }
      }
    }
    return .object(members)
  }

  /// What evaluate chose on validation (metrics.json's `hybrid`), with the constants
  /// serving needs from params.json.
  static func servingConfig(metrics: JSON, params: JSON) throws -> ScoringConfig {
    let hybrid = metrics["hybrid"]
    guard let model = hybrid?["model"]?.stringValue, let alpha = hybrid?["alpha"]?.doubleValue,
      let normalize = hybrid?["normalize"]?.stringValue
    else {
      throw RecsysCoreError.malformed(
        file: "metrics.json", line: 0, reason: "no hybrid model, alpha and normalize; run the evaluate stage again")
    }
    let threshold = params["eval"]?["relevance_threshold"]?.doubleValue ?? 4
    let reg = params["svd"]?["reg"]?.doubleValue ?? 0.06
    let config = ScoringConfig(
      model: model, alpha: alpha, normalize: normalize, likedThreshold: threshold, foldInReg: reg, foldInAlpha: 0)
    return config
  }

  /// The dataset's identity: SHA-256 over the hashes of the normalized ratings and movies.
  static func fingerprint(_ parsed: String) throws -> String {
    let ratings = try SHA256.hash(fileAt: parsed + "/ratings.csv").digest.hex
    let movies = try SHA256.hash(fileAt: parsed + "/movies.csv").digest.hex
    return SHA256.hash("ratings.csv \(ratings)\nmovies.csv \(movies)\n").hex
  }
}
