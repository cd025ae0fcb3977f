#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics
import Synchronization

/// Talks to a Slurm cluster through its command-line tools: `sbatch` to submit,
/// `squeue` to follow jobs, `scontrol show job` for how a finished one ended (with
/// `sacct` as a fallback once the controller forgot it, so no accounting database
/// is needed), `scancel` to stop.
///
/// However many stages wait, one `squeue` call at a time looks at all their jobs:
/// the first waiter to find the last look too old takes a new one for everybody.
///
/// Each tool is found on `PATH` once, up front, so a machine without Slurm gets one
/// clear error before anything runs. Tools run without a shell (arguments are
/// arguments) under the same guarded spawn as stages.
public final class SlurmClient: Sendable {
  /// `--partition` for stages whose `resources` name none.
  public let partition: String?
  let sbatch: String
  let squeue: String
  let scontrol: String
  let scancel: String
  let sacct: String?
  /// The longest pause between two looks at a running job.
  let maxPoll: Double
  /// The environment of jobs and tools: ours, with `pipeline`'s folder first on PATH.
  let environment: [String]
  /// The shortest time between two looks at the queue.
  let minPoll = 0.2

  private struct Board {
    var watched: Set<String> = []
    var states: [String: SlurmJobState] = [:]
    var taken = -Double.infinity
  }
  private let board = Mutex(Board())

  /// Finds the Slurm tools on `PATH`.
  /// - Throws: `PipelineError.executorUnavailable` when `sbatch`, `scontrol` or `scancel` is missing.
  public init(partition: String? = nil, maxPoll: Double = 0.5) throws(PipelineError) {
    if let partition, !StageResources.isName(partition) {
      throw .usage("'\(partition)' is not a partition name (letters, digits, '_', '-', '.')")
    }
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
    func find(_ tool: String) -> String? {
      for folder in path.split(separator: ":") where !folder.isEmpty {
        let candidate = folder + "/" + tool
        if access(candidate, X_OK) == 0 { return candidate }
      }
      return nil
    }
    guard let sbatch = find("sbatch"), let squeue = find("squeue"), let scontrol = find("scontrol"),
      let scancel = find("scancel")
    else {
      throw .executorUnavailable("Slurm not found: install slurm-wlm or run scripts/slurm-local.sh start")
    }
    self.partition = partition
    self.sbatch = sbatch
    self.squeue = squeue
    self.scontrol = scontrol
    self.scancel = scancel
    self.sacct = find("sacct")
    self.maxPoll = maxPoll
    self.environment = Repository.stageEnvironment()
  }

  /// Runs a tool and collects its output.
  func capture(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
    var out: [String] = []
    var err: [String] = []
    let end = StageProcess.run(
      arguments: arguments, directory: "/", environment: environment, onStart: { _ in },
      onLine: { line, isError in
        if isError { err.append(line) } else { out.append(line) }
      })
    let status: Int32
    switch end {
    case .exited(let code): status = code
    case .signaled(let sig): status = 128 + sig
    case .couldNotStart(let message):
      status = 127
      err.append(message)
    }
    return (status, out.joined(separator: "\n"), err.joined(separator: "\n"))
  }

  /// Submits the job; sbatch passes our environment on to it (`--export=ALL`).
  /// - Returns: the job id.
  func submit(_ job: SlurmJob) throws(PipelineError) -> String {
    let answer = capture([sbatch] + job.arguments)
    guard answer.status == 0, let id = SlurmJob.parseSubmission(answer.out) else {
      let said = (answer.err.isEmpty ? answer.out : answer.err).trimmingSpaces()
      throw .executorUnavailable("sbatch refused stage '\(job.stage)' (status \(answer.status)): \(said)")
    }
    return id
  }

  /// The job's state now (at most `minPoll` old), or nil when no tool knows it.
  func state(of job: String) -> SlurmJobState? {
    let seen = board.withLock { board -> SlurmJobState? in
      board.watched.insert(job)
      let now = monotonicSeconds()
      if now - board.taken >= minPoll {
        let ids = board.watched.sorted().joined(separator: ",")
        let listed = capture([squeue, "-h", "-t", "all", "-j", ids, "-o", "%i|%T|%r"])
        board.states = listed.status == 0 ? SlurmJobState.parse(squeue: listed.out) : [:]
        board.taken = now
      }
      return board.states[job]
    }
    if let seen, !seen.isFinal { return seen }
    // Finished, or not listed (squeue refuses a list holding a forgotten id): ask
    // about this job alone, once, for its exit code.
    board.withLock { _ = $0.watched.remove(job) }
    return finalState(of: job) ?? seen
  }

  /// How the job ended, from `scontrol`, or from `sacct` once the controller forgot it.
  private func finalState(of job: String) -> SlurmJobState? {
    let shown = capture([scontrol, "show", "job", "-o", job])
    if shown.status == 0, let state = SlurmJobState.parse(scontrol: shown.out) { return state }
    guard let sacct else { return nil }
    let accounted = capture([sacct, "-n", "-P", "-X", "-j", job, "-o", "JobID,State,ExitCode"])
    return accounted.status == 0 ? SlurmJobState.parse(sacct: accounted.out)[job] : nil
  }

  /// Cancels the jobs (those already finished are left as they are).
  func cancel(_ jobs: [String]) {
    guard !jobs.isEmpty else { return }
    _ = capture([scancel] + jobs)
  }

  /// Waits until the job ends, looking more and more rarely while it runs (from 50 ms
  /// up to `maxPoll`), and cancels it once `shouldCancel` says so.
  ///
  /// A job not final per scontrol (say still COMPLETING) is watched again.
  /// - Returns: its final state; a job no tool knows for 30 looks in a row ends as `UNKNOWN`.
  func wait(for job: String, shouldCancel: () -> Bool) -> SlurmJobState {
    var delay = 0.05
    var cancelled = false
    var unknown = 0
    while true {
      if !cancelled, shouldCancel() {
        cancel([job])
        cancelled = true
        delay = 0.05
      }
      if let state = state(of: job) {
        unknown = 0
        if state.isFinal { return state }
      } else {
        unknown += 1
        if unknown >= 30 {
          return SlurmJobState(state: "UNKNOWN", reason: "neither scontrol nor sacct knows the job any more")
        }
      }
      usleep(useconds_t(delay * 1_000_000))
      delay = min(delay * 2, maxPoll)
    }
  }

  /// Writes the job's script (its old logs removed), submits it, and waits for it to
  /// end; `shouldCancel(id)` is asked while it waits. The logs are the caller's to read.
  /// - Returns: the job id and how the job ended.
  func run(_ job: SlurmJob, submitted: (String) -> Void, shouldCancel: (String) -> Bool) throws(PipelineError) -> (
    id: String, end: SlurmJobState
  ) {
    try FileSystem.makeDirectories(FileSystem.parent(of: job.script))
    try FileSystem.remove(job.output)
    try FileSystem.remove(job.error)
    do {
      try AtomicFile.write(job.scriptText, to: job.script, mode: 0o755)
    } catch { throw PipelineError(error) }
    let id = try submit(job)
    submitted(id)
    return (id, wait(for: id) { shouldCancel(id) })
  }

  /// The lines of a job's log (none when it is missing or empty).
  static func lines(of path: String) -> [String] {
    guard let bytes = try? FileSystem.read(path), !bytes.isEmpty else { return [] }
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    return lines.dropLast(bytes.last == UInt8(ascii: "\n") ? 1 : 0).map(String.init)
  }
}
