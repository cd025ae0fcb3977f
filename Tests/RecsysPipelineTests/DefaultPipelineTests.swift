import Foundation
import Testing
import TestSupport

/// The repository's own pipeline.json and stages, end to end through the built
/// binaries, on a small synthetic dataset (debug builds are slow; the full-size run
/// is CI's `pipeline verify`).
@Suite(.serialized) struct DefaultPipelineTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// A copy of the repository's pipeline (pipeline.json, params.json, stages/, Sources/)
  /// with a small dataset and a short training run.
  static func makeRepo(_ tweak: (inout [String: Any]) -> Void = { _ in }) throws -> TempRepo {
    let repo = try TempRepo()
    for item in ["pipeline.json", "stages", "Sources"] {
      try FileManager.default.copyItem(atPath: root + "/" + item, toPath: repo.path + "/" + item)
    }
    var params = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: root + "/params.json")))
      as! [String: Any]
    params["synthetic"] = ["users": 150, "movies": 200, "ratings": 6000, "seed": 7]
    var svd = params["svd"] as! [String: Any]
    svd["factors"] = 8
    svd["epochs"] = 15
    params["svd"] = svd
    params["als"] = ["factors": 4, "iterations": 3, "reg": 0.05, "alpha": 2, "seed": 42]
    tweak(&params)
    try write(params, to: repo.path + "/params.json")
    return repo
  }

  static func write(_ params: [String: Any], to path: String) throws {
    let data = try JSONSerialization.data(withJSONObject: params, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
  }

  static func ran(_ r: TempRepo.Result) -> [String] {
    r.stdout.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("Running stage '") else { return nil }
      return String(line.dropFirst(15).prefix { $0 != "'" })
    }.sorted()
  }

  static func metrics(_ repo: TempRepo) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: repo.bytes("artifacts/metrics.json")) as! [String: Any]
  }

  @Test func fullRunThenNothingThenOnlyWhatAParamTouches() throws {
    let repo = try Self.makeRepo()
    let first = try repo.pipeline("repro")
    #expect(first.status == 0, "\(first.stderr)")
    #expect(
      Self.ran(first) == [
        "crossval", "download", "evaluate", "package", "parse", "split", "tfidf", "train", "train_als", "train_ease", "train_knn",
        "train_validation", "validation", "validation_als", "validation_ease", "validation_knn",
      ])
    #expect(first.stdout.contains("\nartifacts/metrics.json\n"))
    #expect(first.stdout.contains("    baseline  "))
    // One fold (the default) is a no-op that still leaves its metrics file.
    let oneFold = try JSONSerialization.jsonObject(with: repo.bytes("artifacts/crossval.json")) as! [String: Any]
    #expect(NSDictionary(dictionary: oneFold) == ["folds": 1])
    let second = try repo.pipeline("repro")
    #expect(Self.ran(second).isEmpty)
    #expect(second.stdout.contains("Data and pipelines are up to date."))

    // The model learned something real: MF beats the bias baseline, and the ranking
    // models beat random.
    let m = try Self.metrics(repo)
    let rating = m["rating"] as! [String: [String: Double]]
    #expect(rating["mf"]!["rmse"]! < rating["baseline"]!["rmse"]!)
    let ranking = m["ranking"] as! [String: [String: Double]]
    for model in ["svd", "ease", "als", "knn", "hybrid"] {
      #expect(ranking[model]!["ndcg"]! > ranking["random"]!["ndcg"]!, "\(model)")
      #expect(ranking[model]!["mrr"]! > 0, "\(model)")
    }
    #expect(ranking["content"]!["mrr"]! >= 0)
    // The served hybrid was chosen on validation: the collaborative part is the best
    // single model there, and its validation NDCG is at least that model's.
    let hybrid = m["hybrid"] as! [String: Any]
    let validation = hybrid["validation"] as! [String: Any]
    let modelNDCG = validation["model_ndcg"] as! [String: Double]
    let best = modelNDCG.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!
    #expect(hybrid["model"] as? String == best.key)
    #expect((validation["ndcg"] as! Double) >= best.value)
    let sweep = try JSONSerialization.jsonObject(with: repo.bytes("artifacts/plots.json")) as! [String: Any]
    #expect((sweep["hybrid_sweep"] as! [[String: Any]]).map { $0["alpha"] as! Double } == (0...10).map { Double($0) / 10 })

    let factors = try repo.pipeline("repro", "-S", "svd.factors=4")
    #expect(Self.ran(factors) == ["crossval", "evaluate", "package", "train", "train_validation"])
    let tfidf = try repo.pipeline("repro", "-S", "tfidf.neighbours=5")
    #expect(Self.ran(tfidf) == ["crossval", "evaluate", "package", "tfidf"])

    // Switching the served ranker re-runs exactly what depends on the choice, and the
    // bundle serves the new one; the original system's 70/30 weight is reachable.
    let als = try repo.pipeline("repro", "-S", "hybrid.model=als", "-S", "hybrid.alpha=0.7")
    #expect(als.status == 0, "\(als.stderr)")
    #expect(Self.ran(als) == ["crossval", "evaluate", "package"])
    let chosen = try Self.metrics(repo)["hybrid"] as! [String: Any]
    #expect(chosen["model"] as? String == "als")
    #expect(chosen["alpha"] as? Double == 0.7)
    let served = try repo.run(Tools.recommend, ["user", "1", "--json"])
    let answer = try JSONSerialization.jsonObject(with: Data(served.stdout.utf8)) as! [String: Any]
    #expect(answer["model"] as? String == "als")
    #expect(answer["alpha"] as? Double == 0.7)

    // K-fold is its own target: two folds re-run only crossval, and the lock records
    // the mean and standard deviation of every model's metrics.
    let folds = try repo.pipeline("repro", "crossval", "-S", "eval.folds=2")
    #expect(folds.status == 0, "\(folds.stderr)")
    #expect(Self.ran(folds) == ["crossval"])
    let lock = try JSONSerialization.jsonObject(with: repo.bytes("pipeline.lock")) as! [String: Any]
    let crossval = ((lock["stages"] as! [String: Any])["crossval"] as! [String: Any])["metrics"] as! [String: Any]
    let recorded = crossval["artifacts/crossval.json"] as! [String: Double]
    #expect(recorded["folds"] == 2)
    for model in ["popularity", "random", "svd", "ease", "als", "knn", "content", "hybrid"] {
      #expect(recorded["mean.ranking.\(model).ndcg"] != nil && recorded["std.ranking.\(model).ndcg"] != nil, "\(model)")
    }
    #expect(recorded["mean.ranking.hybrid.ndcg"]! > recorded["mean.ranking.random.ndcg"]!)
    let shown = try repo.pipeline("metrics", "show")
    #expect(shown.stdout.contains("artifacts/crossval.json\n"), "\(shown.stdout)")
  }

  /// A catalog past `ease.max_items` (ML-25M's 62k movies against the default 20k) does
  /// not stop the pipeline: both EASE stages record the skip, evaluate and the validation
  /// choice leave EASE out, the bundle serves another model, and asking for EASE by name
  /// says why it cannot be served.
  @Test func easePastMaxItemsIsSkippedAndTheRestCompletes() throws {
    let repo = try Self.makeRepo()
    let run = try repo.pipeline("repro", "-S", "ease.max_items=10")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(Self.ran(run).contains("train_ease") && Self.ran(run).contains("package"))
    let note =
      "ease: 200 items > ease.max_items 10; EASE skipped (its items x items matrix would need 160.0 KB); the hybrid chooses among the other models"
    #expect((run.stdout + run.stderr).contains(note))
    for folder in ["ease", "validation_ease"] {
      let summary =
        try JSONSerialization.jsonObject(with: repo.bytes("artifacts/\(folder)/ranker.json"))
        as! [String: Any]
      #expect(summary["skipped"] as? Bool == true, "\(folder)")
    }
    let m = try Self.metrics(repo)
    let ranking = m["ranking"] as! [String: Any]
    #expect(ranking["ease"] == nil)
    #expect(ranking["als"] != nil && ranking["knn"] != nil && ranking["svd"] != nil)
    let hybrid = m["hybrid"] as! [String: Any]
    let modelNDCG = (hybrid["validation"] as! [String: Any])["model_ndcg"] as! [String: Double]
    #expect(modelNDCG.keys.sorted() == ["als", "knn", "svd"])
    let model = hybrid["model"] as! String
    #expect(["als", "knn", "svd"].contains(model))

    let served = try repo.run(Tools.recommend, ["user", "1", "-n", "5", "--json"])
    #expect(served.status == 0, "\(served.stderr)")
    let answer = try JSONSerialization.jsonObject(with: Data(served.stdout.utf8)) as! [String: Any]
    #expect(answer["model"] as? String == model)
    #expect((answer["items"] as! [[String: Any]]).count == 5)

    let forced = try repo.pipeline("repro", "-S", "ease.max_items=10", "-S", "hybrid.model=ease")
    #expect(forced.status != 0)
    #expect(
      forced.stderr.contains(
        "error: parameter 'hybrid.model' is ease: expected a trained model, but ease was skipped (200 items > ease.max_items 10); set hybrid.model to auto or one of svd, als, knn, or raise ease.max_items if memory allows"
      ), "\(forced.stderr)")
  }

  /// The blocked SGD runs on every core; the model and curve files it writes must be the
  /// same bytes for 1, 2 or 5 threads (and the same as the pipeline's own run).
  @Test func trainWritesTheSameModelForAnyThreadCount() throws {
    let repo = try Self.makeRepo()
    let run = try repo.pipeline("repro", "train")
    #expect(run.status == 0, "\(run.stderr)")
    let lock = try JSONSerialization.jsonObject(with: repo.bytes("pipeline.lock")) as! [String: Any]
    let command = ((lock["stages"] as! [String: Any])["train"] as! [String: Any])["cmd"] as! String
    #expect(command.contains("--order=blocked"))
    let arguments = command.split(separator: " ").dropFirst().map(String.init).filter { !$0.hasPrefix("--out=") }
    for threads in [1, 2, 5] {
      let out = "threads\(threads)"
      let trained = try repo.run(Tools.recsys, arguments + ["--out=\(out)", "--threads=\(threads)"])
      #expect(trained.status == 0, "\(trained.stderr)")
      #expect(try repo.bytes(out + "/model.bin") == repo.bytes("artifacts/model/model.bin"), "\(threads) threads")
      #expect(try repo.bytes(out + "/curve.json") == repo.bytes("artifacts/model/curve.json"), "\(threads) threads")
    }
  }

  @Test func forcedRunsGiveIdenticalLockAndBundle() throws {
    let repo = try Self.makeRepo()
    #expect(try repo.pipeline("repro").status == 0)
    let lock = try repo.bytes("pipeline.lock")
    let bundleName = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/artifacts/bundle")
      .first { $0.hasSuffix(".mlb") }!
    let bundle = try repo.bytes("artifacts/bundle/" + bundleName)
    #expect(try repo.pipeline("repro", "--force").status == 0)
    #expect(try repo.bytes("pipeline.lock") == lock)
    #expect(try repo.bytes("artifacts/bundle/" + bundleName) == bundle)
    // And a verify from scratch agrees.
    let verify = try repo.pipeline("verify")
    #expect(verify.status == 0, "\(verify.stderr)")

    // The bundle answers queries.
    let user = try repo.run(Tools.recommend, ["user", "1", "-n", "5", "--json"])
    #expect(user.status == 0, "\(user.stderr)")
    let answer = try JSONSerialization.jsonObject(with: Data(user.stdout.utf8)) as! [String: Any]
    let items = answer["items"] as! [[String: Any]]
    #expect(items.count == 5)
    let train = try repo.read("artifacts/split/train.csv").split(separator: "\n").dropFirst()
      .map { $0.split(separator: ",") }.filter { $0[0] == "1" }.map { Int($0[1])! }
    #expect(!items.contains { train.contains($0["movie_id"] as! Int) })
    #expect(try repo.run(Tools.recommend, ["popular", "--genre", "Comedy"]).status == 0)
    #expect(try repo.run(Tools.recommend, ["similar", "1"]).status == 0)
  }
}
