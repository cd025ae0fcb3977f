import Foundation
import PipelineCore
import TestSupport
import Testing

/// When `pipeline` dies, its stages die with it; signals are handled from the
/// first instruction; readers never block writers; killed runs leave no debris.
@Suite struct ProcessLifetimeTests {
  /// SIGKILL while a stage (a shell with a background grandchild and a foreground
  /// child) runs: every process of the stage is gone shortly after, and the late
  /// writes never land.
  @Test func killedPipelineTakesItsStageProcessesWithIt() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"slow": {"cmd": "(sleep 1.5; echo late > late.txt) & touch started; sleep 1.5; echo late > out.txt", "outs": ["out.txt"]}}}"#
    )
    let run = try RunningPipeline(in: repo, ["repro"])
    var waited = 0
    while !repo.exists("started") && waited < 500 {
      usleep(10_000)
      waited += 1
    }
    #expect(repo.exists("started"))
    #expect(run.survivors().count >= 4, "pipeline, guardian, shell, subshell and sleeps")
    run.signal(SIGKILL)
    run.wait()
    #expect(run.survivorsAfterSettling() == [])
    // Past the moment the stage would have written: nothing landed.
    usleep(2_000_000)
    #expect(!repo.exists("late.txt"))
    #expect(!repo.exists("out.txt"))
    // The next run takes the lock and finishes the stage.
    #expect(try repo.pipeline("repro").status == 0)
    #expect(try repo.read("out.txt") == "late\n")
  }

  /// A stage's leftover background process is ended when the stage's shell exits:
  /// the run does not wait for it, and it never writes after the run.
  @Test func backgroundProcessOfAFinishedStageIsEnded() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "(sleep 1; echo late > late.txt) & echo ok > out.txt", "outs": ["out.txt"]}}}"#
    )
    let run = try RunningPipeline(in: repo, ["repro"])
    run.wait()
    #expect(run.process.terminationStatus == 0)
    #expect(run.survivors() == [])
    usleep(1_500_000)
    #expect(!repo.exists("late.txt"))
    #expect(try repo.pipeline("status", "--exit-code").status == 0)
  }

  /// SIGINT in the first milliseconds of the program always ends with exit 130
  /// (never death by signal) and leaves nothing partial, whatever the command. The
  /// clock starts when the executable's own code first runs (SIGINT shows as
  /// blocked in /proc), not at exec: before that the dynamic loader is still
  /// mapping libraries and no program can handle a signal.
  @Test func earlySignalsEndWith130() throws {
    let repo = try TempRepo()
    // A status that reads 8 MB (no stat cache): long enough to be interrupted.
    try repo.write("big.bin", String(repeating: "0123456789abcdef", count: 512 * 1024))
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "sleep 2; echo x > o.txt", "deps": ["big.bin"], "outs": ["o.txt"]}}}"#
    )
    for command in ["status", "repro"] {
      for delay in stride(from: 0, through: 20_000, by: 4_000) {
        try? FileManager.default.removeItem(atPath: repo.path + "/.pipeline")
        let run = try RunningPipeline(in: repo, [command])
        run.waitUntilSignalsBlocked()
        usleep(useconds_t(delay))
        run.signal(SIGINT)
        run.wait()
        #expect(
          run.process.terminationReason == .exit, "\(command), \(delay) us: killed by a signal")
        #expect(run.process.terminationStatus == 130, "\(command), \(delay) us")
        #expect(run.survivorsAfterSettling() == [])
      }
    }
    #expect(!repo.exists("o.txt"))
    #expect(!repo.exists("pipeline.lock"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo.path).filter {
      $0.contains("tmp")
    }
    #expect(leftovers == [])
  }

  /// `status` in loops while `repro` runs again and again: no repro is refused.
  @Test func readersNeverFailAWriter() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "date +%N > a.txt", "outs": ["a.txt"]}, "b": {"cmd": "cat a.txt > b.txt", "deps": ["a.txt"], "outs": ["b.txt"]}}}"#
    )
    #expect(try repo.pipeline("repro").status == 0)
    let stop = StopFlag()
    let group = DispatchGroup()
    let readerFailures = Counter()
    let path = repo.path
    for _ in 0..<3 {
      DispatchQueue.global().async(group: group) {
        while !stop.isSet {
          let r = try? TempRepo.run(in: path, Tools.pipeline, ["status"])
          if r?.status != 0 { readerFailures.add() }
        }
      }
    }
    var failures: [String] = []
    for _ in 0..<25 {
      let r = try repo.pipeline("repro", "--force")
      if r.status != 0 { failures.append(r.stderr) }
    }
    stop.set()
    group.wait()
    #expect(failures == [])
    #expect(readerFailures.value == 0)
  }

  /// `status` never takes the repository lock, not even for a moment: a writer
  /// trying the lock all the while it runs always gets it.
  @Test func statusNeverTakesTheWriteLock() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "seq 1 500 > a.txt", "outs": ["a.txt"]}, "b": {"cmd": "cat a.txt > b.txt", "deps": ["a.txt"], "outs": ["b.txt"]}}}"#
    )
    #expect(try repo.pipeline("repro").status == 0)
    let stop = StopFlag()
    let refused = Counter()
    let tries = Counter()
    let lockPath = repo.path + "/.pipeline/lock"
    let writer = Thread {
      let fd = open(lockPath, O_RDWR)
      defer { close(fd) }
      while !stop.isSet {
        tries.add()
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { flock(fd, LOCK_UN) } else { refused.add() }
      }
    }
    writer.start()
    let repository = Repository(root: repo.path)
    for _ in 0..<30 {
      try? FileManager.default.removeItem(atPath: repo.path + "/.pipeline/state")
      #expect(try repository.status().allSatisfy { !$0.isStale })
    }
    stop.set()
    while !writer.isFinished { usleep(1_000) }
    #expect(tries.value > 0)
    #expect(refused.value == 0)
  }

  /// A refusal names the holder's pid, even when the holder took the lock a
  /// moment ago and has not written its pid yet.
  @Test func refusalNamesTheHolder() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json", #"{"stages": {"a": {"cmd": "echo x > o.txt", "outs": ["o.txt"]}}}"#)
    try FileManager.default.createDirectory(
      atPath: repo.path + "/.pipeline", withIntermediateDirectories: true)
    let fd = open(repo.path + "/.pipeline/lock", O_RDWR | O_CREAT | O_TRUNC, 0o644)
    #expect(fd >= 0)
    defer { close(fd) }
    #expect(flock(fd, LOCK_EX) == 0)
    // Write our pid only once the other process has the lock file open (it is
    // trying the lock): a refusal must not name "another process" for a holder
    // that took the lock a moment ago.
    let holder = getpid()
    let run = try RunningPipeline(in: repo, ["repro"], captureOutput: true)
    let lockPath = repo.path + "/.pipeline/lock"
    var opened = false
    for _ in 0..<20_000 where !opened {
      let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(run.pid)/fd")) ?? []
      opened = fds.contains {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(run.pid)/fd/\($0)"))
          == lockPath
      }
      if !opened { usleep(250) }
    }
    #expect(opened)
    let text = Array("\(holder)\n".utf8)
    _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
    let r = run.finish()
    #expect(r.status == 1)
    #expect(r.stderr.contains("(pid \(holder))"), "\(r.stderr)")
    #expect(!repo.exists("o.txt"))
  }

  /// Temp files and staging folders of killed runs (owner pid gone) are removed
  /// by the next run or by gc; those of live processes are kept.
  @Test func staleTempsAreRemoved() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json", #"{"stages": {"a": {"cmd": "echo x > art/o.txt", "outs": ["art/o.txt"]}}}"#)
    #expect(try repo.pipeline("repro").status == 0)
    let dead = try deadPid()
    let live = getpid()
    let staleFiles = [
      ".pipeline.lock.tmp-\(dead)-1a2b", ".pipeline/.state.tmp-\(dead)-9",
      ".pipeline/cache/tmp/3fa1.tmp-\(dead)-77",
      "art/.o.txt.tmp-\(dead)-5", "art/.o.txt.restore-\(dead)",
      ".pipeline/runs/.x.json.tmp-\(dead)-2",
    ]
    for name in staleFiles { try repo.write(name, "partial") }
    try repo.write("art/.raw.\(dead).extracting/inner/file", "partial")
    try repo.write(".pipeline.lock.tmp-\(live)-1", "being written")
    try repo.write("art/notes.tmp-\(dead)", "a user's file, not ours")
    #expect(try repo.pipeline("repro").status == 0)
    for name in staleFiles { #expect(!repo.exists(name), "\(name)") }
    #expect(!repo.exists("art/.raw.\(dead).extracting"))
    #expect(repo.exists(".pipeline.lock.tmp-\(live)-1"))
    #expect(repo.exists("art/notes.tmp-\(dead)"))

    // gc sweeps the rest of .pipeline too.
    let deeper = [".pipeline/runcache/ab/.cd.json.tmp-\(dead)-3"]
    for name in deeper { try repo.write(name, "partial") }
    #expect(try repo.pipeline("gc").status == 0)
    for name in deeper { #expect(!repo.exists(name), "\(name)") }
    #expect(try repo.pipeline("status", "--exit-code").status == 0)

    // A queue runner killed while it wrote a record or an entry: the next runner
    // sweeps what it left (a whole record under a temp name is not a record).
    let queueLeftovers = [
      ".pipeline/runs/.20261203-101010-1.json.tmp-\(dead)-4",
      ".pipeline/queue/entries/.000001.json.tmp-\(dead)-5",
    ]
    for name in queueLeftovers { try repo.write(name, "{}") }
    let runAll = try repo.pipeline("exp", "run", "--run-all")
    #expect(runAll.status == 0, "\(runAll.stderr)")
    for name in queueLeftovers { #expect(!repo.exists(name), "\(name)") }
  }

  /// 50 random SIGKILLs of `repro --force` on a small shell pipeline: afterwards no
  /// stage process of a killed run is alive, the cache verifies, and the next repro
  /// and status are clean.
  @Test func fiftyRandomKills() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"""
      {"stages": {
        "a": {"cmd": "mkdir -p d && seq 1 2000 > d/a.txt && sleep 0.05", "outs": ["d"]},
        "b": {"cmd": "(sleep 0.3; echo late > late-b.txt) & sort -r d/a.txt > b.txt; sleep 0.05", "deps": ["d"], "outs": ["b.txt"]},
        "c": {"cmd": "cat b.txt d/a.txt | wc -l > c.txt", "deps": ["b.txt", "d"], "outs": ["c.txt"]}
      }}
      """#)
    #expect(try repo.pipeline("repro").status == 0)
    var generator = TestGenerator(state: 8)
    var leftAlive = 0
    var exitedBeforeKill = 0
    for _ in 0..<50 {
      let run = try RunningPipeline(in: repo, ["repro", "--force", "--wait"])
      usleep(useconds_t(generator.next(below: 250_000)))
      run.signal(SIGKILL)
      run.wait()
      if run.process.terminationReason == .exit { exitedBeforeKill += 1 }
      leftAlive += run.survivorsAfterSettling().count
    }
    print(
      "kill test: 50 SIGKILLs, \(exitedBeforeKill) runs had finished first, \(leftAlive) processes left alive"
    )
    #expect(leftAlive == 0)
    #expect(!repo.exists("late-b.txt"))
    let verify = try repo.pipeline("cache", "verify")
    #expect(verify.status == 0, "\(verify.stdout)")
    let repro = try repo.pipeline("repro")
    #expect(repro.status == 0, "\(repro.stderr)")
    #expect(try repo.pipeline("status", "--exit-code").status == 0)
    #expect(try repo.read("c.txt").trimmingCharacters(in: .whitespacesAndNewlines) == "4000")
  }
}

final class StopFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false
  var isSet: Bool { lock.withLock { value } }
  func set() { lock.withLock { value = true } }
}

final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  var value: Int { lock.withLock { count } }
  func add() { lock.withLock { count += 1 } }
}
