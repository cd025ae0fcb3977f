import Foundation
import Testing
import TestSupport

@Suite struct FailureTests {
  /// Each bad pipeline exits 2 with `file:line:col: error: message` on one line,
  /// and nothing runs.
  @Test(arguments: [
    (
      #"{"stages": {"a": {"cmd": "touch ran", "deps": ["b.txt"], "outs": ["a.txt"]}, "b": {"cmd": "touch ran", "deps": ["a.txt"], "outs": ["b.txt"]}}}"#,
      "pipeline.json:1:13: error: dependency cycle: a -> b -> a"
    ),
    (
      "{\"stages\": {\n  \"a\": {\"cmd\": \"touch ran\", \"dep\": [\"x\"]}}}",
      "pipeline.json:2:29: error: stage 'a': unknown field 'dep' (did you mean 'deps'?)"
    ),
    (
      #"{"stages": {"a": {"cmd": "touch ran", "outs": ["o"]}, "b": {"cmd": "touch ran", "outs": ["./o"]}}}"#,
      "pipeline.json:1:55: error: out 'o' is owned by two stages: 'a' and 'b'"
    ),
    (
      #"{"stages": {"a": {"cmd": "touch ran", "outs": ["../o"]}}}"#,
      "pipeline.json:1:48: error: stage 'a': out '../o' leaves the repository; paths are relative to the repository root"
    ),
    (
      #"{"stages": {"a": {"cmd": "touch ran", "outs": ["/tmp/o"]}}}"#,
      "pipeline.json:1:48: error: stage 'a': out '/tmp/o' is absolute; paths are relative to the repository root"
    ),
    (
      #"{"stages": {"a": {"cmd": "touch ran", "params": ["x.nn"]}}}"#,
      "pipeline.json:1:50: error: stage 'a': param 'x.nn' is not in params.json (did you mean 'x.n'?)"
    ),
    (
      #"{"stages": {"a": {"cmd": "touch ran ${x.m}"}}}"#,
      "pipeline.json:1:37: error: stage 'a': unresolved '${x.m}' in cmd: no such key in params.json (did you mean 'x.n'?)"
    ),
    (
      #"{"stages": {"a": {"cmd": "touch ran",}}}"#,
      "pipeline.json:1:37: error:"
    ),
    (
      #"{"stages": {"a": {"outs": ["o"]}}}"#,
      "pipeline.json:1:13: error: stage 'a': missing field 'cmd'"
    ),
    (
      #"{"stages": {"a": {"cmd": "touch ran", "outs": ["o"]}, "b": {"cmd": "touch ran", "outs": ["o/p"]}}}"#,
      "pipeline.json:1:55: error: outs overlap: 'o/p' lies inside 'o' (stages 'a' and 'b'); give each stage its own folder"
    ),
  ])
  func invalidPipelineIsRejectedBeforeAnythingRuns(spec: String, expected: String) throws {
    let repo = try TempRepo()
    try repo.write("pipeline.json", spec)
    try repo.write("params.json", #"{"x": {"n": 1}}"#)
    let r = try repo.pipeline("repro")
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix(expected), "\(r.stderr)")
    #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    #expect(!repo.exists("ran"))
    #expect(!repo.exists("pipeline.lock"))
  }

  @Test func missingPipelineFileSaysWhatToDo() throws {
    let repo = try TempRepo()
    let r = try repo.pipeline("status")
    #expect(r.status == 2)
    #expect(r.stderr.contains("no pipeline.json in"))
  }

  @Test func damagedLockIsLocatedAndDamagedStatCacheIsIgnored() throws {
    let repo = try TempRepo()
    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "echo x > a.txt", "outs": ["a.txt"]}}}"#)
    #expect(try repo.pipeline("repro").status == 0)
    try repo.write(".pipeline/state", "garbage\nnot a cache line at all\n")
    #expect(try repo.pipeline("status", "--exit-code").status == 0)
    try repo.write("pipeline.lock", "{\n  \"schema\": 1,\n  \"stages\": {\"a\": {\"cmd\": 3}}\n}\n")
    let r = try repo.pipeline("repro")
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("pipeline.lock:3:"), "\(r.stderr)")
    #expect(r.stderr.contains("restore pipeline.lock from version control or delete it"))
  }

  @Test func outThroughSymlinkLeavingTheRepoIsRejected() throws {
    let repo = try TempRepo()
    let outside = try TempRepo()
    try FileManager.default.createSymbolicLink(atPath: repo.path + "/link", withDestinationPath: outside.path)
    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "touch ran", "outs": ["link/o"]}}}"#)
    let r = try repo.pipeline("repro")
    #expect(r.status == 2)
    #expect(r.stderr.contains("leaves the repository through the symlink 'link'"))
  }

  @Test func malformedParamsIsLocated() throws {
    let repo = try TempRepo()
    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "true"}}}"#)
    try repo.write("params.json", "{\n  \"x\": 1,\n  \"x\": 2\n}")
    let r = try repo.pipeline("status")
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("params.json:3:3: error:"), "\(r.stderr)")
  }

  static let twoStages = """
    {"stages": {
      "a": {"cmd": "echo ${v} > a.txt", "params": ["v"], "outs": ["a.txt"]},
      "b": {"cmd": "cat a.txt > b.txt; test \\"$(cat fail 2>/dev/null)\\" != yes || { echo boom >&2; exit 3; }", "deps": ["a.txt"], "outs": ["b.txt"]},
      "c": {"cmd": "cp b.txt c.txt", "deps": ["b.txt"], "outs": ["c.txt"]}
    }}
    """

  @Test func failingStageKeepsThePreviousLockAndRerunsNextTime() throws {
    let repo = try TempRepo()
    try repo.write("pipeline.json", Self.twoStages)
    try repo.write("params.json", #"{"v": 1}"#)
    #expect(try repo.pipeline("repro").status == 0)
    let before = try repo.bytes("pipeline.lock")

    try repo.write("params.json", #"{"v": 2}"#)
    try repo.write("fail", "yes")
    let r = try repo.pipeline("repro")
    #expect(r.status == 1)
    #expect(r.stderr.contains("Stage 'b' failed: command exited with status 3"))
    #expect(r.stderr.contains("boom"))
    #expect(r.stderr.contains("'pipeline checkout' restores them"))
    #expect(r.stdout.contains("c      not run"))
    // a succeeded and is recorded; b is not; c never ran.
    let lock = try repo.read("pipeline.lock")
    #expect(lock != String(decoding: before, as: UTF8.self))
    #expect(lock.contains("\"cmd\": \"echo 2 > a.txt\""))
    let bEntry = try JSONSerialization.jsonObject(with: repo.bytes("pipeline.lock")) as! [String: Any]
    let old = try JSONSerialization.jsonObject(with: before) as! [String: Any]
    #expect(
      ((bEntry["stages"] as! [String: Any])["b"] as! NSDictionary)
        == ((old["stages"] as! [String: Any])["b"] as! NSDictionary))

    try FileManager.default.removeItem(atPath: repo.path + "/fail")
    let again = try repo.pipeline("repro")
    #expect(again.status == 0)
    #expect(again.stdout.contains("Running stage 'b'"))
    #expect(again.stdout.contains("Running stage 'c'"))
    #expect(!again.stdout.contains("Running stage 'a'"))
  }

  @Test func keepGoingRunsIndependentStages() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"bad": {"cmd": "exit 1", "outs": ["x"]}, "after": {"cmd": "touch y", "deps": ["x"], "outs": ["y"]}, "other": {"cmd": "touch z", "outs": ["z"]}}}"#
    )
    let r = try repo.pipeline("repro", "--keep-going", "--jobs", "1")
    #expect(r.status == 1)
    #expect(repo.exists("z"))
    #expect(!repo.exists("y"))
  }

  @Test func killedStageIsNotRecordedAndRerunsNextTime() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"slow": {"cmd": "echo $$ > pid; echo partial > out.txt; sleep 30; echo done >> out.txt", "outs": ["out.txt"]}}}"#
    )
    let waiter = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: TempRepo.Result?
    let path = repo.path
    Thread.detachNewThread {
      let r = try? TempRepo.run(in: path, Tools.pipeline, ["repro"])
      result = r
      waiter.signal()
    }
    // Wait for the stage to start, then SIGKILL its shell.
    var pid: Int32 = 0
    for _ in 0..<200 where pid == 0 {
      usleep(50_000)
      if let text = try? repo.read("pid"), let n = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
        pid = n
      }
    }
    #expect(pid > 0)
    kill(-pid, SIGKILL)
    waiter.wait()
    #expect(result?.status == 1)
    #expect(result?.stderr.contains("killed by signal 9") == true)
    #expect(!repo.exists("pipeline.lock"))
    try repo.write("pipeline.json", #"{"stages": {"slow": {"cmd": "echo whole > out.txt", "outs": ["out.txt"]}}}"#)
    let again = try repo.pipeline("repro")
    #expect(again.stdout.contains("Running stage 'slow'"))
  }

  @Test func secondProcessNamesTheLockHolder() throws {
    let repo = try TempRepo()
    try repo.write("pipeline.json", #"{"stages": {"s": {"cmd": "touch started; sleep 2; touch o", "outs": ["o"]}}}"#)
    let waiter = DispatchSemaphore(value: 0)
    let path = repo.path
    Thread.detachNewThread {
      _ = try? TempRepo.run(in: path, Tools.pipeline, ["repro"])
      waiter.signal()
    }
    for _ in 0..<200 where !repo.exists("started") { usleep(20_000) }
    let second = try repo.pipeline("repro")
    #expect(second.status == 1)
    #expect(second.stderr.contains("locked by another pipeline process (pid "), "\(second.stderr)")
    let waited = try repo.pipeline("repro", "--wait")
    #expect(waited.status == 0)
    #expect(waited.stdout.contains("up to date"))
    waiter.wait()
  }

  @Test func interruptStopsStagesAndRecordsNothing() throws {
    let repo = try TempRepo()
    try repo.write("pipeline.json", #"{"stages": {"s": {"cmd": "touch started; sleep 30; touch o", "outs": ["o"]}}}"#)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Tools.pipeline)
    process.arguments = ["repro"]
    process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    for _ in 0..<200 where !repo.exists("started") { usleep(20_000) }
    let start = Date()
    process.interrupt()
    process.waitUntilExit()
    #expect(process.terminationStatus == 130)
    #expect(Date().timeIntervalSince(start) < 20)
    #expect(!repo.exists("pipeline.lock"))
    #expect(!repo.exists("o"))
  }
}
