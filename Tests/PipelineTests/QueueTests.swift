import Foundation
import PipelineCore
import TestSupport
import Testing

/// Queued grid sweeps: `exp run --queue`, `exp queue`, `exp run --run-all -j N`,
/// `exp remove`, `exp apply`, and the readable `exp show`.
@Suite struct QueueTests {
  /// Three stages; `train` fails with a message on stderr when `m.k` is `fail_on`.
  static func spec(sleep: String = "0", failOn: Int = -1) -> String {
    #"""
    {"stages": {
      "prep": {"cmd": "seq 1 300 > base.txt", "outs": ["base.txt"]},
      "train": {"cmd": "test ${m.k} != \#(failOn) || { echo boom-${m.k} >&2; exit 3; }; mkdir -p out && echo ${m.k} ${m.r} > out/model.txt && sleep \#(sleep)", "deps": ["base.txt", "src.txt"], "params": ["m.k", "m.r"], "outs": ["out"]},
      "eval": {"cmd": "echo \"{\\\"score\\\": $(cut -d' ' -f1 out/model.txt), \\\"r\\\": $(cut -d' ' -f2 out/model.txt), \\\"n\\\": 1}\" > metrics.json", "deps": ["out"], "metrics": ["metrics.json"]}
    }}
    """#
  }

  func makeRepo(sleep: String = "0", failOn: Int = -1) throws -> TempRepo {
    let repo = try TempRepo()
    try repo.write("pipeline.json", Self.spec(sleep: sleep, failOn: failOn))
    // Layout on purpose: exp apply must keep it.
    try repo.write(
      "params.json", "{\n  \"m\": {\"k\": 3,   \"r\": 0.5, \"tags\": [\"a\"], \"s\": \"x\"}\n}\n")
    try repo.write("src.txt", "source\n")
    return repo
  }

  @Test func gridExpandsValueListsAndRanges() throws {
    #expect(
      try ParamGrid.expand(["a=1,2", "b=x,y"]) == [
        ["a=1", "b=x"], ["a=1", "b=y"], ["a=2", "b=x"], ["a=2", "b=y"],
      ])
    #expect(try ParamGrid.expand(["a=range(1, 4)"]) == [["a=1"], ["a=2"], ["a=3"]])
    #expect(
      try ParamGrid.expand(["a=range(0.01,0.04,0.01)"]) == [["a=0.01"], ["a=0.02"], ["a=0.03"]])
    #expect(try ParamGrid.expand(["a=range(5, 0, -2)"]) == [["a=5"], ["a=3"], ["a=1"]])
    // Commas inside JSON lists and strings do not split.
    #expect(try ParamGrid.expand([#"t=["a","b"],["c"]"#]) == [[#"t=["a","b"]"#], [#"t=["c"]"#]])
    #expect(try ParamGrid.expand([#"s="a,b""#]) == [[#"s="a,b""#]])
    #expect(try ParamGrid.expand([]) == [[]])
    for (bad, message) in [
      ("a=range(1, 5", "no closing ')'"), ("a=range(3, 3)", "holds no values"),
      ("a=range(1, 5, 0)", "step is 0"),
      ("a=range(1)", "1 arguments"), ("a=range(x, 5)", "'x' is not a plain number"),
      ("a=1,,2", "value 2 of the list is empty"),
      ("a=1,1", "'1' is listed twice"), ("novalue", "-S takes key=value"),
    ] {
      #expect(throws: PipelineError.self, "\(bad)") { try ParamGrid.expand([bad]) }
      do {
        _ = try ParamGrid.expand([bad])
      } catch {
        #expect(error.description.contains(message), "\(bad): \(error)")
      }
    }
    #expect(throws: PipelineError.self) { try ParamGrid.expand(["a=1", "a=2"]) }
    #expect(throws: PipelineError.self) {
      try ParamGrid.expand(["a=range(0, 200)", "b=range(0, 200)"])
    }
  }

  @Test func queueIsTypeCheckedListedAndRemoved() throws {
    let repo = try makeRepo()
    // A value of the wrong type anywhere in the grid: nothing is queued.
    let bad = try repo.pipeline("exp", "run", "--queue", "-S", "m.k=1,x", "-S", "m.r=0.1")
    #expect(bad.status == 2, "\(bad.stderr)")
    #expect(bad.stderr.contains("'m.k' is an integer"), "\(bad.stderr)")
    let unknown = try repo.pipeline("exp", "run", "--queue", "-S", "m.kk=1,2")
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("did you mean 'm.k'"), "\(unknown.stderr)")
    #expect(try repo.pipeline("exp", "queue").stdout.contains("The queue is empty"))
    // Without --queue a grid is refused.
    let grid = try repo.pipeline("exp", "run", "-S", "m.k=1,2")
    #expect(grid.status == 64)
    #expect(grid.stderr.contains("add --queue"), "\(grid.stderr)")

    let queued = try repo.pipeline(
      "exp", "run", "--queue", "-S", "m.k=1,2", "-S", "m.r=range(0.1, 0.3, 0.1)", "--name", "sw")
    #expect(queued.status == 0, "\(queued.stderr)")
    #expect(queued.stdout.contains("Queued 'sw-4': m.k=2 m.r=0.2"), "\(queued.stdout)")
    #expect(
      try repo.read("params.json").contains("\"k\": 3,   \"r\": 0.5"), "queueing writes no params")
    let again = try repo.pipeline("exp", "run", "--queue", "-S", "m.k=2", "-S", "m.r=0.2")
    #expect(again.status == 64)
    #expect(again.stderr.contains("'sw-4' is queued with the same settings"), "\(again.stderr)")
    #expect(try repo.pipeline("exp", "run", "--queue", "-S", #"m.tags=["x,y"],["z"]"#).status == 0)

    let list = try repo.pipeline("exp", "queue").stdout.split(separator: "\n").map {
      $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }
    #expect(list[0] == ["experiment", "state", "run", "settings"])
    #expect(list.dropFirst().map { $0[0] } == ["sw-1", "sw-2", "sw-3", "sw-4", "exp-5", "exp-6"])
    #expect(list.dropFirst().allSatisfy { $0[1] == "queued" })
    #expect(list[5].last == #"m.tags=["x,y"]"#)

    #expect(try repo.pipeline("exp", "queue", "remove", "sw-2", "exp-6").status == 0)
    let missing = try repo.pipeline("exp", "queue", "remove", "sw-9")
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("no queued experiment named 'sw-9'"))
    let names = try repo.pipeline("exp", "queue").stdout.split(separator: "\n").dropFirst().map {
      String($0.prefix { $0 != " " })
    }
    #expect(names == ["sw-1", "sw-3", "sw-4", "exp-5"])
    #expect(try repo.pipeline("exp", "queue", "remove", "--queued").stdout.contains("Removed 4"))
    #expect(try repo.pipeline("exp", "queue").stdout.contains("The queue is empty"))
  }

  /// Run records of `repo`, by experiment name: params, set params, metrics and
  /// every output hash of the lock.
  func records(_ repo: TempRepo) throws -> [String: [String: String]] {
    var result: [String: [String: String]] = [:]
    guard repo.exists(".pipeline/runs") else { return result }
    // What `pipeline` reads as records: a runner killed mid-write leaves a whole
    // record under its hidden temp name until the next runner sweeps it.
    for file in try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.pipeline/runs")
    where file.hasSuffix(".json") && !file.hasPrefix(".") {
      let value =
        try JSONSerialization.jsonObject(with: repo.bytes(".pipeline/runs/" + file))
        as! [String: Any]
      guard let experiment = value["experiment"] as? [String: Any],
        let name = experiment["name"] as? String
      else { continue }
      #expect(result[name] == nil, "\(name) recorded twice")
      let lock = value["lock"] as! [String: Any]
      var fields: [String: String] = [:]
      for (stage, entry) in lock {
        let entry = entry as! [String: Any]
        for out in entry["outs"] as! [[String: Any]] {
          fields["out \(stage) \(out["path"]!)"] = out["sha256"] as? String
        }
        fields["metrics \(stage)"] = try canonical(entry["metrics"] ?? [:])
        fields["params \(stage)"] = try canonical(entry["params"] ?? [:])
      }
      fields["set"] = try canonical(experiment["set"]!)
      fields["params"] = try canonical(value["params"]!)
      fields["params_text"] = value["params_text"] as? String
      fields["outcome"] = value["outcome"] as? String
      result[name] = fields
    }
    return result
  }

  func canonical(_ value: Any) throws -> String {
    String(
      decoding: try JSONSerialization.data(
        withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
  }

  @Test func runAllRecordsEachExperimentAsASequentialRunWould() throws {
    let queued = try makeRepo(sleep: "0.2")
    let sequential = try makeRepo(sleep: "0.2")
    let q = try queued.pipeline("exp", "run", "--queue", "-S", "m.k=1,2", "-S", "m.r=0.25,0.5")
    #expect(q.status == 0, "\(q.stderr)")
    let run = try queued.pipeline("exp", "run", "--run-all", "-j", "2")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("exp-4: done"), "\(run.stdout)")
    for (k, r) in [("1", "0.25"), ("1", "0.5"), ("2", "0.25"), ("2", "0.5")] {
      let one = try sequential.pipeline("exp", "run", "-S", "m.k=\(k)", "-S", "m.r=\(r)")
      #expect(one.status == 0, "\(one.stderr)")
    }
    let a = try records(queued)
    let b = try records(sequential)
    #expect(a.keys.sorted() == ["exp-1", "exp-2", "exp-3", "exp-4"])
    #expect(a == b)
    // The user's workspace was never touched.
    #expect(
      !queued.exists("out") && !queued.exists("metrics.json") && !queued.exists("pipeline.lock"))
    #expect(try queued.read("params.json").contains("\"k\": 3,   \"r\": 0.5"))
    #expect(
      try !FileManager.default.fileExists(atPath: queued.path + "/.pipeline/queue/work/exp-1"))
    let list = try queued.pipeline("exp", "queue").stdout
    #expect(list.split(separator: "\n").dropFirst().allSatisfy { $0.contains(" done ") }, "\(list)")
    #expect(try queued.pipeline("exp", "run", "--run-all").stdout.contains("Nothing queued"))

    // exp show: the params that differ and the metrics that differ.
    let show = try queued.pipeline("exp", "show").stdout.split(separator: "\n").map {
      $0.split(separator: " ").map(String.init)
    }
    #expect(show[0] == ["experiment", "run", "m.k", "m.r", "r", "score"])
    // Rows in the order the runs were recorded (with -j 2, the order they finished).
    #expect(show.dropFirst().map { $0[0] }.sorted() == ["exp-1", "exp-2", "exp-3", "exp-4"])
    #expect(show.first { $0[0] == "exp-4" }.map { Array($0[2...]) } == ["2", "0.5", "0.5", "2"])
    let all = try queued.pipeline("exp", "show", "--all").stdout.split(separator: "\n")[0].split(
      separator: " ")
    #expect(all == ["experiment", "run", "m.k", "m.r", "n", "r", "score"])

    // exp apply: params.json as that experiment ran (layout kept), outputs from the cache.
    let apply = try queued.pipeline("exp", "apply", "exp-3")
    #expect(apply.status == 0, "\(apply.stderr)")
    #expect(
      try queued.read("params.json")
        == "{\n  \"m\": {\"k\": 2,   \"r\": 0.25, \"tags\": [\"a\"], \"s\": \"x\"}\n}\n")
    #expect(try queued.read("out/model.txt") == "2 0.25\n")
    #expect(try queued.pipeline("status", "--exit-code").status == 0)
    #expect(try queued.pipeline("exp", "apply", "nope").status == 64)

    // exp remove: the records go, the cache stays until gc.
    let remove = try queued.pipeline("exp", "remove", "exp-1", "exp-2")
    #expect(remove.status == 0, "\(remove.stderr)")
    #expect(try records(queued).keys.sorted() == ["exp-3", "exp-4"])
    #expect(try queued.pipeline("exp", "remove", "exp-1").status == 64)
  }

  @Test func aFailedExperimentIsReportedAndTheOthersRun() throws {
    let repo = try makeRepo(failOn: 2)
    #expect(try repo.pipeline("exp", "run", "--queue", "-S", "m.k=1,2,3").status == 0)
    let run = try repo.pipeline("exp", "run", "--run-all", "-j", "2")
    #expect(run.status == 1)
    #expect(run.stderr.contains("exp-2: failed: stage 'train' failed"), "\(run.stderr)")
    #expect(run.stderr.contains("boom-2"), "\(run.stderr)")
    #expect(run.stderr.contains("1 of 3 experiments failed: exp-2"), "\(run.stderr)")
    let list = try repo.pipeline("exp", "queue").stdout
    #expect(list.contains("exp-1       done"), "\(list)")
    #expect(list.contains("exp-2       failed"), "\(list)")
    #expect(list.contains("exp-3       done"), "\(list)")
    // Recorded as a sequential exp run records a failure.
    let records = try records(repo)
    #expect(records["exp-2"]?["outcome"] == "failed")
    #expect(records["exp-3"]?["outcome"] == "ok")
    #expect(try repo.pipeline("exp", "queue", "remove", "--failed").stdout.contains("exp-2"))
  }

  @Test func showFitsAHundredColumnsAndNamesSummaryMetrics() throws {
    let repo = try TempRepo()
    let keys = (1...30).map { "a_fairly_long_metric_name_\($0)" }
    let body = keys.map { #"\\\"\#($0)\\\": ${m.k}"# }.joined(separator: ", ")
    let stages =
      #""stages": {"s": {"cmd": "echo \"{"# + body
      + #"}\" > m.json", "params": ["m.k"], "metrics": ["m.json"]}}"#
    try repo.write("pipeline.json", "{" + stages + "}")
    try repo.write("params.json", #"{"m": {"k": 1}}"#)
    #expect(try repo.pipeline("exp", "run", "--queue", "-S", "m.k=1,2").status == 0)
    #expect(try repo.pipeline("exp", "run", "--run-all").status == 0)
    let show = try repo.pipeline("exp", "show").stdout
    let lines = show.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 100 }, "\(show)")
    #expect(lines.last?.contains("more metric(s): --all") == true, "\(show)")
    #expect(
      try repo.pipeline("exp", "show", "--all").stdout.contains("a_fairly_long_metric_name_30"))
    #expect(
      try repo.pipeline("exp", "show", "--csv").stdout.contains("a_fairly_long_metric_name_30"))

    try repo.write(
      "pipeline.json", #"{"summary_metrics": ["a_fairly_long_metric_name_7"], "# + stages + "}")
    let named = try repo.pipeline("exp", "show").stdout.split(separator: "\n")[0].split(
      separator: " ")
    #expect(named == ["experiment", "run", "m.k", "a_fairly_long_metric_name_7"])
    try repo.write("pipeline.json", #"{"summary_metrics": "x", "stages": {}}"#)
    #expect(try repo.pipeline("status").stderr.contains("'summary_metrics' must be a list"))
  }

  /// 24 random SIGKILLs and SIGINTs of `exp run --run-all -j 2`: no process of a
  /// killed run survives, the cache verifies, every experiment is recorded at
  /// most once and only whole, the queue reads back, and the next run completes.
  @Test func killingRunAllAtRandomMomentsKeepsEverythingIntact() throws {
    let repo = try makeRepo(sleep: "0.3")
    var generator = TestGenerator(state: 12)
    var leftAlive = 0
    var interruptedCleanly = 0
    for round in 0..<24 {
      let queue = try repo.pipeline("exp", "queue").stdout
      // Refill before the queue runs short, so the signal usually lands mid-run.
      if queue.components(separatedBy: " queued ").count - 1 < 4 {
        #expect(try repo.pipeline("exp", "remove", "--all").status == 0)
        // Values new to the run-cache, so each refill really runs (a restored
        // experiment finishes before any signal lands).
        let q = try repo.pipeline(
          "exp", "run", "--queue", "-S", "m.k=1,2,3", "-S", "m.r=\(round).1,\(round).2")
        #expect(q.status == 0, "\(q.stderr)")
      }
      let run = try RunningPipeline(in: repo, ["exp", "run", "--run-all", "-j", "2"])
      usleep(useconds_t(100_000 + generator.next(below: 900_000)))
      let sigint = round % 2 == 1
      run.signal(sigint ? SIGINT : SIGKILL)
      run.wait()
      if sigint && run.process.terminationReason == .exit && run.process.terminationStatus == 130 {
        interruptedCleanly += 1
      }
      leftAlive += run.survivorsAfterSettling().count
      if sigint && run.process.terminationStatus == 130 {
        // A clean interrupt leaves nothing running.
        #expect(!(try repo.pipeline("exp", "queue").stdout.contains(" running ")))
      }
      // Whatever was recorded is whole: its outputs are in the cache.
      for (name, fields) in try records(repo) {
        #expect(fields["outcome"] == "ok", "\(name)")
      }
    }
    print(
      "queue kill test: 24 kills, \(interruptedCleanly) clean SIGINT exits, \(leftAlive) processes left alive"
    )
    #expect(leftAlive == 0)
    #expect(interruptedCleanly > 0)
    let verify = try repo.pipeline("cache", "verify")
    #expect(verify.status == 0, "\(verify.stdout)")
    let finish = try repo.pipeline("exp", "run", "--run-all", "-j", "2")
    #expect(finish.status == 0, "\(finish.stderr)")
    let list = try repo.pipeline("exp", "queue").stdout
    #expect(list.split(separator: "\n").dropFirst().allSatisfy { $0.contains(" done ") }, "\(list)")
    let recorded = try records(repo)
    let expected = Set(
      list.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) })
    #expect(expected.isSubset(of: Set(recorded.keys)))
    // Each experiment's outputs restore from the cache, byte for byte what it made.
    let name = expected.sorted().last!
    #expect(try repo.pipeline("exp", "apply", name).status == 0)
    #expect(try repo.pipeline("status", "--exit-code").status == 0)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.pipeline/queue/work") == []
    )
    // The last runner swept the temps the killed ones left.
    for folder in [".pipeline/runs", ".pipeline/queue/entries"] {
      let names = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/" + folder)
      #expect(names.allSatisfy { !$0.hasPrefix(".") }, "\(folder): \(names)")
    }
  }
}
