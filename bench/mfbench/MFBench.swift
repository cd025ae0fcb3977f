import Factorization
import RecsysCore

#if canImport(Glibc)
  import Glibc
#endif

/// `mfbench gen|fit`: synthetic data and a timed fit, the Swift side of
/// bench/mf_vs_surprise.py.
enum MFBench {
  static let usage = """
    USAGE: mfbench gen --out DIR [--users 6000] [--items 3700] [--ratings 1000000] [--rank 10] [--seed 1]
           mfbench fit --train FILE --test FILE [--config surprise|tuned] [--factors N] [--epochs N]
                       [--lr X] [--reg X] [--reg-bias X] [--init-std X] [--decay X]
                       [--order surprise|shuffled|shuffledByUser|blocked] [--blocks N] [--threads N]
                       [--seed N] [--curve]
    """

  static func run(arguments: [String]) -> Int32 {
    do {
      guard let command = arguments.first else { throw BenchError.usage(usage) }
      var options: [String: String] = [:]
      var flags: Set<String> = []
      var k = 1
      while k < arguments.count {
        let key = arguments[k]
        guard key.hasPrefix("--") else { throw BenchError.usage("unexpected '\(key)'\n\(usage)") }
        if key == "--curve" {
          flags.insert(key)
          k += 1
          continue
        }
        guard k + 1 < arguments.count else { throw BenchError.usage("missing value for \(key)") }
        options[String(key.dropFirst(2))] = arguments[k + 1]
        k += 2
      }
      switch command {
      case "gen": try generate(options)
      case "fit": try fit(options, curve: flags.contains("--curve"))
      default: throw BenchError.usage(usage)
      }
      return 0
    } catch {
      fflush(nil)
      let message = "error: \(String(describing: error))\n"
      _ = message.withCString { write(2, $0, strlen($0)) }
      return 1
    }
  }

  static func int(_ options: [String: String], _ key: String, _ fallback: Int) throws -> Int {
    guard let text = options[key] else { return fallback }
    guard let v = Int(text) else { throw BenchError.usage("--\(key): not an integer") }
    return v
  }

  static func double(_ options: [String: String], _ key: String) throws -> Double? {
    guard let text = options[key] else { return nil }
    guard let v = Double(text) else { throw BenchError.usage("--\(key): not a number") }
    return v
  }

  static func generate(_ options: [String: String]) throws {
    guard let dir = options["out"] else { throw BenchError.usage("gen needs --out DIR") }
    let data = SyntheticRatings.generate(
      userCount: try int(options, "users", 6000), itemCount: try int(options, "items", 3700),
      target: try int(options, "ratings", 1_000_000), rank: try int(options, "rank", 10),
      seed: UInt64(try int(options, "seed", 1)))
    var rng = SeededGenerator(seed: UInt64(try int(options, "seed", 1)) &+ 99)
    var train = "userId,movieId,rating,timestamp\n"
    var test = train
    for n in 0..<data.ratings.count {
      let line =
        "\(data.users[n]),\(data.items[n]),\(Int(data.ratings[n])),\(data.timestamps[n])\n"
      if rng.nextDouble() < 0.2 { test += line } else { train += line }
    }
    mkdir(dir, 0o755)
    for (name, text) in [("train.csv", train), ("test.csv", test)] {
      guard let f = fopen(dir + "/" + name, "wb") else {
        throw BenchError.io("cannot write \(dir)")
      }
      fputs(text, f)
      fclose(f)
    }
    print("wrote \(data.ratings.count) ratings to \(dir)/train.csv and \(dir)/test.csv")
  }

  static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  static func cpu() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  static func fit(_ options: [String: String], curve: Bool) throws {
    guard let trainPath = options["train"], let testPath = options["test"] else {
      throw BenchError.usage("fit needs --train and --test")
    }
    var config: MFConfig
    switch options["config"] ?? "surprise" {
    case "surprise": config = .surprise
    case "tuned": config = .tuned
    default: throw BenchError.usage("--config must be surprise or tuned")
    }
    config.factors = try int(options, "factors", config.factors)
    config.epochs = try int(options, "epochs", config.epochs)
    config.seed = UInt64(try int(options, "seed", Int(config.seed)))
    if let v = try double(options, "lr") { config.lr = v }
    if let v = try double(options, "reg") { config.reg = v }
    if let v = try double(options, "reg-bias") { config.regBias = v }
    if let v = try double(options, "init-std") { config.initStd = v }
    if let v = try double(options, "decay") { config.lrDecay = v }
    if options["blocks"] != nil { config.blocks = try int(options, "blocks", 0) }
    let threads = options["threads"] == nil ? nil : try int(options, "threads", 1)
    if let v = options["order"] {
      guard let order = SGDOrder(rawValue: v) else { throw BenchError.usage("bad --order") }
      config.order = order
    }

    let t0 = now()
    let trainFile = try RatingsFile.load(trainPath)
    let testFile = try RatingsFile.load(testPath)
    // Dense ids in first-appearance order of the train file, like Surprise's inner ids.
    var userIndex: [Int64: Int32] = [:]
    var itemIndex: [Int64: Int32] = [:]
    var users = [Int32]()
    var items = [Int32]()
    users.reserveCapacity(trainFile.users.count)
    items.reserveCapacity(trainFile.items.count)
    for n in 0..<trainFile.users.count {
      let u = trainFile.users[n]
      let i = trainFile.items[n]
      if userIndex[u] == nil { userIndex[u] = Int32(userIndex.count) }
      if itemIndex[i] == nil { itemIndex[i] = Int32(itemIndex.count) }
      users.append(userIndex[u]!)
      items.append(itemIndex[i]!)
    }
    let testSet = MFTestSet(
      users: testFile.users.map { userIndex[$0] ?? -1 },
      items: testFile.items.map { itemIndex[$0] ?? -1 }, ratings: testFile.ratings)
    let t1 = now()
    let c1 = cpu()

    let (model, stats) = try MatrixFactorizer.train(
      users: users, items: items, ratings: trainFile.ratings, userCount: userIndex.count,
      itemCount: itemIndex.count, config: config, threads: threads, test: curve ? testSet : nil)
    let t2 = now()
    let c2 = cpu()

    var sse = 0.0
    for n in 0..<testSet.count {
      let err =
        Double(testSet.ratings[n])
        - model.predictClipped(user: Int(testSet.users[n]), item: Int(testSet.items[n]))
      sse += err * err
    }
    let rmse = (sse / Double(testSet.count)).squareRoot()
    let t3 = now()

    var scores: [Double] = []
    let scoredUsers = min(userIndex.count, 1000)
    for u in 0..<scoredUsers { model.scores(forUser: u, into: &scores) }
    let t4 = now()

    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let updates = Double(trainFile.ratings.count) * Double(config.epochs)
    if curve {
      for s in stats {
        print(
          "epoch \(s.epoch): train_rmse=\(fmt(s.trainRMSE, 5)) test_rmse=\(fmt(s.testRMSE ?? .nan, 5)) lr=\(s.learningRate)"
        )
      }
    }
    print(
      "impl=swift config=\(options["config"] ?? "surprise") factors=\(config.factors) epochs=\(config.epochs) order=\(config.order.rawValue) threads=\(threads ?? MatrixFactorizer.onlineCores)"
    )
    print(
      "train_ratings=\(trainFile.ratings.count) test_ratings=\(testSet.count) users=\(userIndex.count) items=\(itemIndex.count)"
    )
    print("load_seconds=\(fmt(t1 - t0))")
    print("fit_seconds=\(fmt(t2 - t1))")
    print("fit_cpu_seconds=\(fmt(c2 - c1))")
    print("updates_per_second=\(fmt(updates / (t2 - t1) / 1e6))M")
    print("updates_per_cpu_second=\(fmt(updates / (c2 - c1) / 1e6))M")
    print("test_rmse=\(fmt(rmse, 5))")
    print("train_rmse_last_epoch=\(fmt(stats.last?.trainRMSE ?? .nan, 5))")
    print("predict_seconds=\(fmt(t3 - t2))")
    print("scores_per_user_ms=\(fmt((t4 - t3) / Double(max(scoredUsers, 1)) * 1000, 4))")
    print("peak_rss_mb=\(fmt(Double(usage.ru_maxrss) / 1024, 1))")
  }

  static func fmt(_ v: Double, _ digits: Int = 3) -> String {
    guard v.isFinite else { return "nan" }
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let r = (v * p).rounded() / p
    return "\(r)"
  }
}
