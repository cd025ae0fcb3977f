import Foundation
import MovieData
import RecsysCore
import RecsysStages
import Testing
import TestSupport

/// `recsys crossval` on a tiny synthetic dataset: one fold is a no-op, and each of K
/// folds is exactly what the pipeline's own stages measure on that fold's files.
struct CrossValidateTests {
  /// Small, fast settings for every model (debug builds are slow).
  static let settings = [
    "--svd-factors=4", "--svd-epochs=5", "--svd-seed=1", "--ease-lambda=20", "--als-factors=4",
    "--als-iterations=2", "--knn-neighbours=5", "--top=5", "--seed=3",
  ]

  /// download -> parse -> tfidf in `repo`.
  static func prepare(_ repo: TempRepo) throws {
    let p = repo.path
    let steps: [[String]] = [
      [
        "download", "--source=synthetic", "--sha256=", "--md5=", "--users=40", "--movies=50", "--ratings=1500",
        "--seed=5", "--out=\(p)/raw",
      ],
      ["parse", "--in=\(p)/raw", "--out=\(p)/parsed"],
      ["tfidf", "--movies=\(p)/parsed/movies.csv", "--out=\(p)/tfidf", "--neighbours=5"],
    ]
    for step in steps {
      let r = StageCommand.execute(arguments: step)
      #expect(r.status == 0, "\(step[0]): \(r.stderr)")
    }
  }

  static func crossval(_ repo: TempRepo, folds: Int, out: String, _ extra: [String] = []) -> StageOutput {
    let p = repo.path
    return StageCommand.execute(
      arguments: [
        "crossval", "--ratings=\(p)/parsed/ratings.csv", "--movies=\(p)/parsed/movies.csv", "--tfidf=\(p)/tfidf",
        "--out=\(p)/\(out)", "--folds=\(folds)", "--fold-seed=11",
      ] + settings + extra)
  }

  static func json(_ repo: TempRepo, _ name: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: repo.bytes(name)) as! [String: Any]
  }

  @Test func oneFoldWritesItsLineAndReadsNothing() throws {
    let repo = try TempRepo()
    let run = StageCommand.execute(arguments: ["crossval", "--folds=1", "--out=\(repo.path)/cv.json"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(NSDictionary(dictionary: try Self.json(repo, "cv.json")) == ["folds": 1])
  }

  @Test func badSettingsAreRefusedUnderTheirOwnNames() throws {
    let repo = try TempRepo()
    let factors = Self.crossval(repo, folds: 2, out: "cv.json", ["--svd-factors=-1"])
    #expect(factors.status == 64)
    #expect(factors.stderr.contains("invalid value '-1' for '--svd-factors'"), "\(factors.stderr)")
    let reg = Self.crossval(repo, folds: 2, out: "cv.json", ["--als-reg=x"])
    #expect(reg.status == 64)
    #expect(reg.stderr.contains("'--als-reg'"), "\(reg.stderr)")
    #expect(!repo.exists("cv.json"))
  }

  /// Fold 1 of the cross-validation, rebuilt as files and run through the stage commands
  /// (split for validation, train, rank, evaluate), gives the same numbers and choices:
  /// crossval reuses the pipeline's procedure rather than a copy of it. The mean and
  /// standard deviation are those of the folds.
  @Test func eachFoldIsWhatThePipelineStagesMeasure() throws {
    let repo = try TempRepo()
    try Self.prepare(repo)
    let run = Self.crossval(repo, folds: 3, out: "cv.json")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("crossval: fold 3/3\n"))
    let cv = try Self.json(repo, "cv.json")
    #expect(cv["folds"] as? Int == 3)
    let perFold = cv["per_fold"] as! [[String: Any]]
    #expect(perFold.count == 3)

    // Fold 1 (index 0) as the stages see it.
    let p = repo.path
    let lines = try repo.read("parsed/ratings.csv").split(separator: "\n")
    let folds = try DatasetSplitter.folds(try RatingsCSV.read(path: "\(p)/parsed/ratings.csv"), count: 3, seed: 11)
    let header = String(lines[0])
    let rows = lines.dropFirst()
    try FileManager.default.createDirectory(atPath: "\(p)/fold", withIntermediateDirectories: true)
    for (file, inTest) in [("train.csv", false), ("test.csv", true)] {
      let kept = zip(rows, folds).filter { ($0.1 == 0) == inTest }.map { String($0.0) }
      try repo.write("fold/" + file, ([header] + kept).joined(separator: "\n") + "\n")
    }
    let movies = "--movies=\(p)/parsed/movies.csv"
    var steps: [[String]] = [
      ["split", "--in=\(p)/fold/train.csv", "--out=\(p)/validation", "--test-fraction=0.2", "--seed=7"]
    ]
    for side in ["fold", "validation"] {
      steps.append(["train", "--in=\(p)/\(side)", "--out=\(p)/\(side)_model", "--factors=4", "--epochs=5", "--seed=1"])
      steps.append(["rank", "--model=ease", movies, "--in=\(p)/\(side)", "--out=\(p)/\(side)_ease", "--lambda=20"])
      steps.append([
        "rank", "--model=als", movies, "--in=\(p)/\(side)", "--out=\(p)/\(side)_als", "--factors=4", "--iterations=2",
      ])
      steps.append(["rank", "--model=knn", movies, "--in=\(p)/\(side)", "--out=\(p)/\(side)_knn", "--neighbours=5"])
    }
    steps.append([
      "evaluate", movies, "--split=\(p)/fold", "--model=\(p)/fold_model", "--validation=\(p)/validation",
      "--validation-model=\(p)/validation_model", "--tfidf=\(p)/tfidf",
      "--rankers=\(p)/fold_ease,\(p)/fold_als,\(p)/fold_knn",
      "--validation-rankers=\(p)/validation_ease,\(p)/validation_als,\(p)/validation_knn",
      "--out=\(p)/metrics.json", "--plots=\(p)/plots.json", "--top=5", "--seed=3",
    ])
    for step in steps {
      let r = StageCommand.execute(arguments: step)
      #expect(r.status == 0, "\(step[0]): \(r.stderr)")
    }
    let metrics = try Self.json(repo, "metrics.json")
    let first = perFold[0]
    for key in ["ranking", "rating"] {
      let fold = NSDictionary(dictionary: first[key] as! [String: Any])
      #expect(fold == NSDictionary(dictionary: metrics[key] as! [String: Any]), "\(key)")
    }
    let chosen = first["hybrid"] as! [String: Any]
    let served = metrics["hybrid"] as! [String: Any]
    for key in ["model", "normalize"] { #expect(chosen[key] as? String == served[key] as? String, "\(key)") }
    #expect(chosen["alpha"] as? Double == served["alpha"] as? Double)
    let ranking = metrics["ranking"] as! [String: Any]
    #expect(ranking.keys.sorted() == ["als", "content", "ease", "hybrid", "knn", "popularity", "random", "svd"])

    // Mean and population standard deviation over the folds, for every model and metric.
    let mean = (cv["mean"] as! [String: Any])["ranking"] as! [String: [String: Double]]
    let std = (cv["std"] as! [String: Any])["ranking"] as! [String: [String: Double]]
    #expect(mean.keys.sorted() == ranking.keys.sorted())
    for (model, values) in mean {
      for (metric, m) in values {
        let x = perFold.map { (($0["ranking"] as! [String: Any])[model] as! [String: Double])[metric]! }
        let expectedMean = x.reduce(0, +) / 3
        let expectedStd = (x.map { ($0 - expectedMean) * ($0 - expectedMean) }.reduce(0, +) / 3).squareRoot()
        #expect(abs(m - expectedMean) < 1e-6, "\(model).\(metric)")
        #expect(abs(std[model]![metric]! - expectedStd) < 1e-6, "\(model).\(metric)")
      }
    }
    let rmse = ((cv["mean"] as! [String: Any])["rating"] as! [String: [String: Double]])["mf"]!["rmse"]!
    #expect(rmse > 0.5 && rmse < 2)

    // Deterministic: the same bytes again.
    let again = Self.crossval(repo, folds: 3, out: "cv2.json")
    #expect(again.status == 0)
    #expect(try repo.bytes("cv2.json") == repo.bytes("cv.json"))
  }
}
