import Foundation
import Testing
import TestSupport

/// Cache, run-cache, experiments, diffs, checkout, gc and verify, end to end.
@Suite struct ExperimentTests {
  static let spec = """
    {"stages": {
      "train": {"cmd": "mkdir -p out && echo ${m.k} > out/model.txt && echo trained-${m.k} > train.log", "params": ["m.k"], "outs": ["out", "train.log"]},
      "eval": {"cmd": "echo \\"{\\\\\\"score\\\\\\": $(cat out/model.txt), \\\\\\"n\\\\\\": 1}\\" > metrics.json", "deps": ["out"], "metrics": ["metrics.json"]}
    }}
    """

  func makeRepo() throws -> TempRepo {
    let repo = try TempRepo()
    try repo.write("pipeline.json", Self.spec)
    try repo.write("params.json", #"{"m": {"k": 3, "other": "x"}}"#)
    return repo
  }

  @Test func experimentsAreListedComparedAndRestoredFromRunCache() throws {
    let repo = try makeRepo()
    let one = try repo.pipeline("exp", "run", "-S", "m.k=32")
    #expect(one.status == 0, "\(one.stderr)")
    #expect(one.stdout.contains("Experiment 'exp-1' recorded"))
    #expect(try repo.pipeline("exp", "run", "-S", "m.k=128", "--name", "big").status == 0)
    let twin = try repo.pipeline("exp", "run", "-S", "m.k=32")
    #expect(twin.status == 1)
    #expect(twin.stderr.contains("experiment 'exp-1'"), "\(twin.stderr)")
    let again = try repo.pipeline("exp", "run", "-S", "m.k=32", "--force")
    #expect(again.stdout.contains("Stage 'train' restored from run-cache"))
    #expect(!again.stdout.contains("Running stage 'train'"))
    #expect(try repo.read("out/model.txt") == "32\n")

    let show = try repo.pipeline("exp", "show")
    let lines = show.stdout.split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("experiment  run"))
    #expect(lines[0].contains("m.k") && lines[0].contains("score"))
    #expect(lines.count == 4)
    let cells = lines.map { $0.split(separator: " ").map(String.init) }
    // By default the metrics that differ ('n' is 1 everywhere); --all shows it too.
    #expect(cells[0] == ["experiment", "run", "m.k", "score"])
    #expect(cells[1][0] == "exp-1" && Array(cells[1][2...]) == ["32", "32"])
    #expect(cells[2][0] == "big" && Array(cells[2][2...]) == ["128", "128"])
    let all = try repo.pipeline("exp", "show", "--all").stdout.split(separator: "\n")[0].split(separator: " ")
    #expect(all == ["experiment", "run", "m.k", "n", "score"])

    let sorted = try repo.pipeline("exp", "show", "--sort", "score", "--desc", "--csv")
    #expect(sorted.stdout.split(separator: "\n")[1].hasPrefix("big,"))
    let json = try repo.pipeline("exp", "show", "--json")
    let items = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
    #expect(items.map { $0["name"] as! String } == ["exp-1", "big", "exp-3"])
    #expect((items[1]["metrics"] as! [String: Any])["score"] as? Double == 128)

    let diff = try repo.pipeline("metrics", "diff", "exp-1", "big")
    #expect(diff.stdout.contains("metrics.json  score   32     128  +96 (+300%)"), "\(diff.stdout)")
    #expect(!diff.stdout.contains(" n "))
    let params = try repo.pipeline("params", "diff", "exp-1", "big")
    #expect(params.stdout.contains("m.k    32     128  +96 (+300%)"), "\(params.stdout)")
    // The default left side is the newest run that differs from the workspace: exp-3
    // equals it (m.k 32), so `big` is the previous run.
    let previous = try repo.pipeline("params", "diff")
    #expect(previous.stdout.contains("m.k    128  32         -96 (-75%)"), "\(previous.stdout)")
    let same = try repo.pipeline("params", "diff", "exp-1")
    #expect(same.stdout.contains("No param changes between exp-1 and workspace"), "\(same.stdout)")
    let bad = try repo.pipeline("metrics", "diff", "nope")
    #expect(bad.status == 64)
    let dup = try repo.pipeline("exp", "run", "--name", "big")
    #expect(dup.status == 64)
    #expect(dup.stderr.contains("exists already"))
  }

  /// Right after a repro (whose own run equals the workspace), the default diff says
  /// what that repro changed; with params edited and not run yet, what the edit changes.
  @Test func defaultDiffShowsWhatTheLastReproChanged() throws {
    let repo = try makeRepo()
    let none = try repo.pipeline("metrics", "diff")
    #expect(none.status == 64)
    #expect(none.stderr.contains("no runs yet to compare with"), "\(none.stderr)")
    #expect(try repo.pipeline("repro").status == 0)
    let nothing = try repo.pipeline("metrics", "diff")
    #expect(nothing.stdout.contains("No metric changes"), "\(nothing.stdout)")
    try repo.write("params.json", #"{"m": {"k": 5, "other": "x"}}"#)
    let edited = try repo.pipeline("params", "diff")
    #expect(edited.stdout.contains("m.k    3"), "\(edited.stdout)")
    #expect(try repo.pipeline("repro").status == 0)
    let metrics = try repo.pipeline("metrics", "diff")
    #expect(metrics.stdout.contains("metrics.json  score   3 "), "\(metrics.stdout)")
    #expect(metrics.stdout.contains("+2 (+66.6667%)"), "\(metrics.stdout)")
    let params = try repo.pipeline("params", "diff", "--json")
    #expect(params.stdout.contains(#""old": 3,"#) && params.stdout.contains(#""new": 5,"#), "\(params.stdout)")
    // A no-op repro records a run equal to the workspace: still the same baseline.
    #expect(try repo.pipeline("repro").status == 0)
    #expect(try repo.pipeline("metrics", "diff").stdout.contains("+2 (+66.6667%)"))
  }

  @Test func checkoutRestoresByteIdenticalOutputs() throws {
    let repo = try makeRepo()
    try repo.pipeline("exp", "run", "-S", "m.k=7", "--name", "seven")
    let model = try repo.bytes("out/model.txt")
    let metrics = try repo.bytes("metrics.json")
    try repo.pipeline("exp", "run", "-S", "m.k=9")
    try FileManager.default.removeItem(atPath: repo.path + "/out")
    try FileManager.default.removeItem(atPath: repo.path + "/metrics.json")
    let r = try repo.pipeline("checkout", "seven")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try repo.bytes("out/model.txt") == model)
    #expect(try repo.bytes("metrics.json") == metrics)
    #expect(try repo.read("params.json").contains("\"k\": 7"))
    #expect(try repo.pipeline("status", "--exit-code").status == 0)

    let unknown = try repo.pipeline("checkout", "no-such-run")
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("no run or experiment named 'no-such-run'"))
  }

  @Test func editingAWorkspaceOutputNeverCorruptsTheCache() throws {
    let repo = try makeRepo()
    try repo.pipeline("repro")
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: repo.path + "/train.log"))
    handle.seekToEndOfFile()
    handle.write(Data("tampered\n".utf8))
    try handle.close()
    try FileManager.default.removeItem(atPath: repo.path + "/train.log")
    try repo.pipeline("checkout")
    #expect(try repo.read("train.log") == "trained-3\n")
  }

  @Test func gcKeepsWhatRunsNeedAndDropsTheRest() throws {
    let repo = try makeRepo()
    try repo.pipeline("repro", "-S", "m.k=1")
    try repo.pipeline("repro", "-S", "m.k=2")
    let dry = try repo.pipeline("gc", "--dry")
    #expect(dry.stdout.hasPrefix("Would remove 0 object(s)"))
    // Forget the history: only the lock's objects are needed now.
    try FileManager.default.removeItem(atPath: repo.path + "/.pipeline/runs")
    try FileManager.default.removeItem(atPath: repo.path + "/.pipeline/runcache")
    let gc = try repo.pipeline("gc")
    // m.k=1 left four: the out folder's manifest and file, train.log, metrics.json.
    #expect(gc.stdout.hasPrefix("Removed 4 object(s)"), "\(gc.stdout)")
    try FileManager.default.removeItem(atPath: repo.path + "/out")
    #expect(try repo.pipeline("checkout").status == 0)
    #expect(try repo.read("out/model.txt") == "2\n")
  }

  @Test func verifyPassesOnACleanRepositoryAndNamesWhatDiffers() throws {
    let repo = try TempRepo()
    try repo.write("input.txt", "data\n")
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "cat input.txt > a.txt", "deps": ["input.txt"], "outs": ["a.txt"]}, "b": {"cmd": "cat a.txt > b.txt", "deps": ["a.txt"], "outs": ["b.txt"]}}}"#
    )
    try repo.pipeline("repro")
    let ok = try repo.pipeline("verify")
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(ok.stdout.contains("all 2 outputs reproduce bit for bit"))

    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "cat input.txt > a.txt", "deps": ["input.txt"], "outs": ["a.txt"]}, "b": {"cmd": "cat a.txt > b.txt; date +%s%N >> b.txt", "deps": ["a.txt"], "outs": ["b.txt"]}}}"#
    )
    try repo.pipeline("repro")
    let differs = try repo.pipeline("verify")
    #expect(differs.status == 1)
    #expect(differs.stdout.contains("b      b.txt"))
    #expect(differs.stdout.contains("DIFFERS"))
    #expect(differs.stdout.contains("a      a.txt   "))

    try repo.write("secret.txt", "undeclared\n")
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "cat input.txt secret.txt > a.txt", "deps": ["input.txt"], "outs": ["a.txt"]}}}"#)
    try repo.pipeline("repro")
    let undeclared = try repo.pipeline("verify")
    #expect(undeclared.status == 1)
    #expect(undeclared.stderr.contains("stage 'a'"))
    #expect(undeclared.stderr.contains("does not list in 'deps'"))
  }

  @Test func killingAnExperimentNeverCorruptsState() throws {
    let repo = try makeRepo()
    try repo.write(
      "pipeline.json",
      Self.spec.replacingOccurrences(of: "echo trained-${m.k} > train.log", with: "echo trained-${m.k} > train.log && sleep 0.2"))
    try repo.pipeline("exp", "run", "-S", "m.k=1")
    for k in 2...5 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Tools.pipeline)
      process.arguments = ["exp", "run", "-S", "m.k=\(k)"]
      process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(UInt32(50_000 * k))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    // Every state file parses, and every cached object still has the bytes its name says.
    _ = try JSONSerialization.jsonObject(with: repo.bytes("pipeline.lock"))
    for name in try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.pipeline/runs") {
      _ = try JSONSerialization.jsonObject(with: repo.bytes(".pipeline/runs/" + name))
    }
    let cache = repo.path + "/.pipeline/cache"
    for prefix in try FileManager.default.contentsOfDirectory(atPath: cache) {
      for rest in try FileManager.default.contentsOfDirectory(atPath: cache + "/" + prefix) where !rest.contains(".tmp") {
        #expect(try sha256sum(cache + "/" + prefix + "/" + rest) == prefix + rest)
      }
    }
    let after = try repo.pipeline("exp", "run", "-S", "m.k=6")
    #expect(after.status == 0, "\(after.stderr)")
    #expect(try repo.read("out/model.txt") == "6\n")
  }
}
