import Foundation
import TestSupport
import Testing

/// The Slurm executor against a real cluster: the single node that
/// `scripts/slurm-local.sh start` brings up (.ci/run does). With CI set these fail
/// when Slurm is unreachable; elsewhere they say why and pass without a cluster.
@Suite(.serialized) struct SlurmClusterTests {
  /// Whether a Slurm controller answers and has a usable node.
  static func clusterUp() -> Bool {
    guard let sinfo = ["/usr/bin/sinfo", "/usr/local/bin/sinfo"].first(where: FileManager.default.isExecutableFile),
      let r = try? TempRepo.run(in: "/", sinfo, ["-h", "-o", "%T"])
    else { return false }
    return r.status == 0 && r.stdout.split(separator: "\n").contains { ["idle", "mixed", "allocated"].contains($0) }
  }

  /// True when the tests may use the cluster; with CI set, a missing one is a failure.
  static func requireCluster() -> Bool {
    if clusterUp() { return true }
    if ProcessInfo.processInfo.environment["CI"] != nil {
      Issue.record("Slurm is unreachable (sinfo shows no usable node); .ci/run starts it with scripts/slurm-local.sh start")
    } else {
      print("SlurmClusterTests: no local Slurm (run scripts/slurm-local.sh start); not exercised")
    }
    return false
  }

  static func squeue(_ args: String...) throws -> String {
    try TempRepo.run(in: "/", "/usr/bin/squeue", ["-h"] + args).stdout
  }

  /// Three shell stages with a param, a wdir, a metric and resources: the lock written
  /// through Slurm is byte for byte the lock of a local run.
  @Test func slurmLockEqualsLocalLock() throws {
    guard Self.requireCluster() else { return }
    let repo = try TempRepo()
    try repo.write("params.json", #"{"msg": "it's a \"test\"", "n": 3}"#)
    try repo.write("sub/keep", "")
    try repo.write(
      "pipeline.json",
      #"""
      {"stages": {
        "make": {"cmd": "echo ${msg} > a.txt; echo note >&2", "params": ["msg"], "outs": ["a.txt"],
                 "resources": {"cpus": 1, "mem": "64M", "time": 5}},
        "upper": {"cmd": "tr a-z A-Z < ../a.txt > up.txt", "wdir": "sub", "deps": ["a.txt"], "outs": ["sub/up.txt"]},
        "count": {"cmd": "printf '{\"lines\": %s, \"n\": %s}\n' $(cat a.txt sub/up.txt | wc -l) ${n} > m.json",
                  "deps": ["a.txt", "sub/up.txt"], "params": ["n"], "metrics": ["m.json"]}
      }}
      """#)
    let local = try repo.pipeline("repro", "--force")
    #expect(local.status == 0, "\(local.stderr)")
    let localLock = try repo.bytes("pipeline.lock")

    let slurm = try repo.pipeline("repro", "--executor", "slurm", "--force")
    #expect(slurm.status == 0, "\(slurm.stderr)")
    #expect(slurm.stdout.contains("Submitted stage 'make' as Slurm job "))
    #expect(slurm.stdout.contains("after 'make' (job "))
    #expect(slurm.stderr.contains(/make +\| note/), "a job's stderr is shown")
    #expect(try repo.bytes("pipeline.lock") == localLock)
    #expect(try repo.read("sub/up.txt") == "IT'S A \"TEST\"\n")
    #expect(try repo.pipeline("status", "--exit-code").status == 0)
    // Nothing changed: the run-cache and the lock decide locally, nothing is submitted.
    let again = try repo.pipeline("repro", "--executor", "slurm")
    #expect(again.status == 0)
    #expect(!again.stdout.contains("Submitted"))
    #expect(again.stdout.contains("Data and pipelines are up to date."))
  }

  /// A failing job: its id, exit status and log tail; the stage downstream is not
  /// run (Slurm cancels its job) and neither is recorded; the independent one is.
  @Test func failingStageShowsJobIdAndLogTail() throws {
    guard Self.requireCluster() else { return }
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"""
      {"stages": {
        "first": {"cmd": "echo x > a.txt", "outs": ["a.txt"]},
        "broken": {"cmd": "echo one >&2; echo two >&2; exit 7", "deps": ["a.txt"], "outs": ["b.txt"]},
        "after_broken": {"cmd": "cp b.txt c.txt", "deps": ["b.txt"], "outs": ["c.txt"]},
        "aside": {"cmd": "cp a.txt d.txt", "deps": ["a.txt"], "outs": ["d.txt"]}
      }}
      """#)
    let r = try repo.pipeline("repro", "--executor", "slurm")
    #expect(r.status == 1)
    let job = try #require(r.stdout.firstMatch(of: /Submitted stage 'broken' as Slurm job (\d+)/)?.1)
    #expect(
      r.stderr.contains(
        "Stage 'broken' failed: Slurm job \(job) exited with status 7 (logs: .pipeline/slurm/broken.out, .pipeline/slurm/broken.err)\n  stderr (last 2 lines):\n    one\n    two"
      ), "\(r.stderr)")
    #expect(r.stdout.contains(/after_broken +not run/))
    let lock = try repo.read("pipeline.lock")
    #expect(lock.contains("\"first\"") && lock.contains("\"aside\""))
    #expect(!lock.contains("\"broken\"") && !lock.contains("\"after_broken\""))
    #expect(!repo.exists("c.txt"))
    let dependant = try #require(r.stdout.firstMatch(of: /Submitted stage 'after_broken' as Slurm job (\d+)/)?.1)
    #expect(try Self.squeue("-j", String(dependant), "-t", "PD,R").isEmpty, "the dependant's job is not left pending")
  }

  /// A job Slurm ends (here an administrator's scancel; a time limit or OOM is the
  /// same path, their messages are in SlurmJobTests) fails the stage with the reason.
  @Test func jobKilledBySlurmIsAFailedStageWithTheReason() throws {
    guard Self.requireCluster() else { return }
    let repo = try TempRepo()
    let name = "victim_" + String(UUID().uuidString.prefix(8))
    try repo.write("pipeline.json", #"{"stages": {"\#(name)": {"cmd": "sleep 60; echo x > a.txt", "outs": ["a.txt"]}}}"#)
    let run = try RunningPipeline(in: repo, ["repro", "--executor", "slurm"], captureOutput: true)
    let job = try Self.waitForRunningJob(named: name)
    _ = try TempRepo.run(in: "/", "/usr/bin/scancel", [job])
    let (status, _, stderr) = run.finish()
    #expect(status == 1)
    #expect(stderr.contains("Stage '\(name)' failed: Slurm job \(job) killed by Slurm: CANCELLED"), "\(stderr)")
    #expect(!repo.exists("pipeline.lock"))
  }

  /// Ctrl-C cancels every job of the run (the running one and the one waiting for
  /// it), exits 130 and records nothing.
  @Test func interruptCancelsTheJobs() throws {
    guard Self.requireCluster() else { return }
    let repo = try TempRepo()
    let name = "sleeper_" + String(UUID().uuidString.prefix(8))
    try repo.write(
      "pipeline.json",
      #"{"stages": {"\#(name)": {"cmd": "sleep 60; echo x > a.txt", "outs": ["a.txt"]}, "next_\#(name)": {"cmd": "cp a.txt b.txt", "deps": ["a.txt"], "outs": ["b.txt"]}}}"#
    )
    let run = try RunningPipeline(in: repo, ["repro", "--executor", "slurm"], captureOutput: true)
    _ = try Self.waitForRunningJob(named: name)
    run.signal(SIGINT)
    let (status, stdout, _) = run.finish()
    #expect(status == 130)
    #expect(try Self.squeue("-n", "\(name),next_\(name)", "-t", "PD,R,CG", "-o", "%i %j %T").isEmpty)
    #expect(stdout.contains(try Regex("\(name) +interrupted")))
    #expect(!repo.exists("pipeline.lock") && !repo.exists("a.txt"))
  }

  /// `exp run --executor slurm` records the experiment with the hashes a local one
  /// has; going back to its params later restores from the run-cache, locally.
  @Test func experimentThroughSlurmMatchesLocal() throws {
    guard Self.requireCluster() else { return }
    var locks: [Data] = []
    for executor in ["local", "slurm"] {
      let repo = try TempRepo()
      try repo.write("params.json", #"{"k": 1}"#)
      try repo.write("pipeline.json", #"{"stages": {"s": {"cmd": "echo ${k} > o.txt", "params": ["k"], "outs": ["o.txt"]}}}"#)
      let r = try repo.pipeline("exp", "run", "-S", "k=4", "--name", "four", "--executor", executor)
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stdout.contains("Submitted stage 's' as Slurm job") == (executor == "slurm"))
      #expect(r.stdout.contains("Experiment 'four' recorded"))
      locks.append(try repo.bytes("pipeline.lock"))
      guard executor == "slurm" else { continue }
      #expect(try repo.pipeline("exp", "run", "-S", "k=5", "--executor", "slurm").status == 0)
      let back = try repo.pipeline("exp", "run", "-S", "k=4", "--name", "back", "--force", "--executor", "slurm")
      #expect(back.status == 0)
      #expect(back.stdout.contains("Stage 's' restored from run-cache"))
      #expect(!back.stdout.contains("Submitted"))
      #expect(try repo.bytes("pipeline.lock") == locks[0])
    }
    #expect(locks[0] == locks[1])
  }

  /// `exp run --run-all --executor slurm`: one job per queued experiment, each
  /// recorded with its own metrics, the grid's outputs the same as local ones.
  @Test func queuedGridRunsAsOneJobPerExperiment() throws {
    guard Self.requireCluster() else { return }
    var outputs: [String: [String]] = [:]
    for executor in ["local", "slurm"] {
      let repo = try TempRepo()
      try repo.write("params.json", #"{"k": 1, "m": "a"}"#)
      try repo.write(
        "pipeline.json",
        #"{"stages": {"s": {"cmd": "echo ${k} ${m} > o.txt; echo '{\"v\": '${k}'}' > met.json", "params": ["k", "m"], "outs": ["o.txt"], "metrics": ["met.json"]}}}"#
      )
      #expect(try repo.pipeline("exp", "run", "--queue", "-S", "k=1,2", "-S", "m=a,b").status == 0)
      let r = try repo.pipeline("exp", "run", "--run-all", "-j", "2", "--executor", executor)
      #expect(r.status == 0, "\(r.stderr)")
      let shown = try repo.pipeline("exp", "show", "--csv", "--all")
      let rows = shown.stdout.split(separator: "\n").dropFirst().map { row in
        // experiment,run,...: drop the run id, which differs between repositories.
        row.split(separator: ",", omittingEmptySubsequences: false).enumerated().filter { $0.offset != 1 }
          .map(\.element).joined(separator: ",")
      }
      outputs[executor] = rows.sorted()
      #expect(rows.count == 4, "\(shown.stdout)")
      if executor == "slurm" {
        let logs = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.pipeline/queue/logs")
        #expect(logs.count == 4)
        for log in logs { #expect(try repo.read(".pipeline/queue/logs/" + log).hasPrefix("submitted as Slurm job ")) }
      }
    }
    #expect(outputs["local"] == outputs["slurm"])
  }

  /// Ctrl-C of `--run-all --executor slurm` cancels the experiments' jobs and puts
  /// them back in the queue, recording none.
  @Test func interruptedQueueCancelsItsJobs() throws {
    guard Self.requireCluster() else { return }
    let repo = try TempRepo()
    let name = "q" + String(UUID().uuidString.prefix(8))
    try repo.write("params.json", #"{"k": 1}"#)
    try repo.write("pipeline.json", #"{"stages": {"s": {"cmd": "sleep 60; echo ${k} > o.txt", "params": ["k"], "outs": ["o.txt"]}}}"#)
    #expect(try repo.pipeline("exp", "run", "--queue", "-S", "k=1", "--name", name).status == 0)
    let run = try RunningPipeline(in: repo, ["exp", "run", "--run-all", "--executor", "slurm"], captureOutput: true)
    _ = try Self.waitForRunningJob(named: name)
    run.signal(SIGINT)
    let (status, _, _) = run.finish()
    #expect(status == 130)
    #expect(try Self.squeue("-n", name, "-t", "PD,R,CG", "-o", "%i").isEmpty)
    let queue = try repo.pipeline("exp", "queue")
    #expect(queue.stdout.contains(try Regex("\\b\(name) +queued")), "\(queue.stdout)")
  }

  /// Polls squeue until a job of that name runs (at most 20 s); returns its id.
  static func waitForRunningJob(named name: String) throws -> String {
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
      let line = try squeue("-n", name, "-t", "R", "-o", "%i")
      if let id = line.split(separator: "\n").first { return String(id) }
      usleep(100_000)
    }
    throw NeverRan(name: name)
  }

  struct NeverRan: Error, CustomStringConvertible {
    var name: String
    var description: String { "no job named '\(name)' ran within 20 s" }
  }
}
