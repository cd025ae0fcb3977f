import Basics
import StrictJSON

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// What `exp run --run-all` did with one experiment.
public struct QueueRunResult: Sendable {
  public var name: String
  /// `done`, `failed`, or `queued` again (interrupted: it runs at the next --run-all).
  public var state: QueuedExperiment.State
  public var run: String?
  public var message: String?
  public var seconds: Double
}

public struct QueueRunReport: Sendable {
  public var results: [QueueRunResult]
  public var interrupted: Bool
  public var failed: [String] { results.filter { $0.state == .failed }.map(\.name) }
}

/// How one experiment's child process ended, handed from its thread to the runner.
struct ExperimentOutcome: Sendable {
  var termination: ProcessTermination
  /// The last lines it wrote to stderr.
  var tail: [String]
  var seconds: Double
}

/// The queue's files, all in `.pipeline/queue/`:
/// - `entries/NNNNNN.json`: one per experiment, atomic writes, changed only under
///   `lock` (an `flock` every queue writer holds for a moment);
/// - `runner.lock`: held by the one `--run-all` (and by `gc`, which must not drop
///   objects a running experiment has stored but not yet recorded);
/// - `work/NAME/`: the scratch workspace of a running experiment (its
///   `.pipeline/cache` and `.pipeline/runcache` link to the main ones);
/// - `logs/NAME.log`: everything its `pipeline` printed.
///
/// Locks are always taken in the order repository lock, then queue lock.
extension Repository {
  var queueDirectory: String { stateDirectory + "/queue" }
  var queueEntriesDirectory: String { queueDirectory + "/entries" }
  var queueWorkDirectory: String { queueDirectory + "/work" }
  var queueLogsDirectory: String { queueDirectory + "/logs" }

  /// The lock every change to the queue's entries is made under (held briefly).
  func lockQueue() throws(PipelineError) -> RepoLock {
    try RepoLock(path: queueDirectory + "/lock", wait: true)
  }

  /// The runner lock: one `--run-all` (or one `gc`) at a time.
  func lockQueueRunner() throws(PipelineError) -> RepoLock {
    do {
      return try RepoLock(path: queueDirectory + "/runner.lock", wait: false)
    } catch .locked(let pid) {
      let holder = pid.map { "pid \($0)" } ?? "another process"
      throw .io(
        path: ".pipeline/queue",
        message:
          "the queue is being run (or the cache collected) by \(holder); wait for it to finish")
    }
  }

  /// The pid of the live `--run-all` (or `gc`), if any.
  public func queueRunner() -> pid_t? {
    guard let text = try? FileSystem.readText(queueDirectory + "/runner.lock"),
      let pid = pid_t(text.split(separator: "\n").first ?? ""), Syscall.isAlive(pid)
    else { return nil }
    return pid
  }

  /// The queue, in the order experiments were queued. An entry marked running
  /// whose runner is gone reads as queued (the next --run-all runs it again).
  public func queue() throws(PipelineError) -> [QueuedExperiment] {
    let live = queueRunner() != nil
    return try queueEntries().map { entry in
      var e = entry
      if e.state == .running && !live { e.state = .queued }
      return e
    }
  }

  /// The entries as stored.
  func queueEntries() throws(PipelineError) -> [QueuedExperiment] {
    guard FileSystem.exists(queueEntriesDirectory) else { return [] }
    var result: [QueuedExperiment] = []
    for name in try FileSystem.list(queueEntriesDirectory)
    where name.hasSuffix(".json") && !name.hasPrefix(".") {
      let path = queueEntriesDirectory + "/" + name
      guard let bytes = try? FileSystem.read(path),
        let value = try? JSONParser.parse(bytes, file: path),
        let entry = QueuedExperiment(value)
      else {
        throw .io(
          path: path,
          message: "is not a queue entry; remove it (or the whole .pipeline/queue/entries)")
      }
      result.append(entry)
    }
    return result.sorted { $0.seq < $1.seq }
  }

  private func entryPath(_ seq: Int) -> String {
    let digits = String(seq)
    return queueEntriesDirectory + "/" + String(repeating: "0", count: max(0, 6 - digits.count))
      + digits + ".json"
  }

  func saveEntry(_ entry: QueuedExperiment) throws(PipelineError) {
    try FileSystem.writeAtomically(entry.json.canonicalText(), to: entryPath(entry.seq))
  }

  func deleteEntry(_ entry: QueuedExperiment) throws(PipelineError) {
    try FileSystem.remove(entryPath(entry.seq))
  }

  /// `exp run --queue`: expands the `-S` grid, checks every combination against
  /// `params.json` (types, the pipeline still loading) and against the
  /// experiments already run or queued, then queues them all, or nothing.
  ///
  /// - Parameter name: the experiment's name for a single one; for a grid, the
  ///   prefix of `NAME-1`, `NAME-2`, ... (default: `exp-N`).
  /// - Returns: the entries queued, in grid order.
  public func queueExperiments(settings: [String], name: String?, force: Bool = false)
    throws(PipelineError)
    -> [QueuedExperiment]
  {
    let grid = try ParamGrid.expand(settings)
    let original =
      FileSystem.exists(root + "/params.json") ? try FileSystem.readText(root + "/params.json") : ""
    var edits: [ParamsEdit] = []
    for combination in grid { edits.append(try planParams(combination)) }
    let records = try runs()
    let held = try lockQueue()
    defer { withExtendedLifetime(held) {} }
    let entries = try queueEntries()
    if !force {
      let commit = gitCommit()
      for edit in edits {
        let wanted = edit.params.canonicalText()
        if let twin = records.last(where: {
          $0.experiment != nil && $0.outcome == "ok" && $0.gitCommit == commit
            && $0.params.canonicalText() == wanted
        }) {
          throw .duplicateExperiment(name: twin.experiment!, run: twin.id)
        }
        let words = edit.settings.map { $0.key + "=" + $0.value.compactText() }.sorted()
        if let twin = entries.first(where: {
          ($0.state == .queued || $0.state == .running) && $0.paramsText == original
            && $0.settingWords.sorted() == words
        }) {
          throw .usage(
            "'\(twin.name)' is queued with the same settings already; --force queues it again")
        }
      }
    }
    let taken = records.compactMap(\.experiment) + entries.map(\.name)
    let names = try Self.experimentNames(count: edits.count, name: name, taken: taken)
    var seq = (entries.map(\.seq).max() ?? 0) + 1
    var queued: [QueuedExperiment] = []
    for (edit, chosen) in zip(edits, names) {
      let entry = QueuedExperiment(
        seq: seq, name: chosen, settings: edit.settings, paramsText: original)
      try saveEntry(entry)
      queued.append(entry)
      seq += 1
    }
    return queued
  }

  /// Removes queue entries by name, or every entry in one of `states`. A running
  /// entry cannot be removed while its runner lives.
  /// - Returns: the names removed, in queue order.
  public func removeFromQueue(names: [String], states: [QueuedExperiment.State] = [])
    throws(PipelineError)
    -> [String]
  {
    let held = try lockQueue()
    defer { withExtendedLifetime(held) {} }
    let entries = try queue()
    for name in names where !entries.contains(where: { $0.name == name }) {
      throw .usage(
        "no queued experiment named '\(name)'\(Spelling.didYouMean(name, among: entries.map(\.name))); see 'pipeline exp queue'"
      )
    }
    let chosen = entries.filter { names.contains($0.name) || states.contains($0.state) }
    if let busy = chosen.first(where: { $0.state == .running }) {
      throw .usage(
        "'\(busy.name)' is running; stop the 'exp run --run-all' (pid \(queueRunner() ?? 0)) first")
    }
    for entry in chosen {
      try deleteEntry(entry)
      try? FileSystem.remove(queueLogsDirectory + "/" + entry.name + ".log")
    }
    return chosen.map(\.name)
  }

  /// `exp run --run-all`: runs the queued experiments, `jobs` at a time, each as
  /// its own `pipeline exp run` (started by `launcher`) in a scratch workspace
  /// that shares this repository's object cache and run-cache, and records each
  /// here as `exp run` would have (the child's own run record, under a fresh id).
  ///
  /// A failed experiment is recorded as failed (as `exp run` records it) and the
  /// others go on. An interrupt stops every child; those that did not finish are
  /// recorded nowhere and go back to queued. Experiments queued meanwhile run too.
  /// - Throws: `.invalidPipeline` for a bad `PIPELINE_CPUS` in our environment.
  public func runQueue(
    jobs: Int, launcher: any ExperimentLauncher = LocalLauncher(), console: Console,
    signals: SignalWatcher? = nil
  ) throws(PipelineError) -> QueueRunReport {
    let runner = try lockQueueRunner()
    defer { withExtendedLifetime(runner) {} }
    try recoverQueue()
    let pipeline = try loadPipeline()
    for folder in [
      objectCache.directory, runCacheDirectory, queueWorkDirectory, queueLogsDirectory,
    ] {
      try FileSystem.makeDirectories(folder)
    }
    let base = FileSystem.realPath(root) ?? root
    let executable = FileSystem.realPath("/proc/self/exe") ?? "pipeline"
    // Each experiment gets an equal share of the CPU budget (PIPELINE_CPUS), which its
    // repro hands on to every stage, so N experiments side by side start about as many
    // threads as there are cores, not N per core.
    // The share is also each repro's --jobs (stages side by side).
    let share = max(1, try Self.stageCPUs() / max(1, jobs))
    let environment = Self.stageEnvironment(cpus: share)
    let run = RunState<ExperimentOutcome>()
    signals?.route(to: run)
    defer { signals?.release() }

    var active: [Int: QueuedExperiment] = [:]
    var tried = Set<Int>()
    var results: [QueueRunResult] = []
    while true {
      while !run.isInterrupted, active.count < max(1, jobs),
        let entry = try claimNext(skipping: tried)
      {
        tried.insert(entry.seq)
        let scratch = queueWorkDirectory + "/" + entry.name
        let log: Int32
        do throws(PipelineError) {
          try prepareScratch(scratch, for: entry, pipeline: pipeline, base: base)
          do {
            log = try Syscall.open(
              queueLogsDirectory + "/" + entry.name + ".log", O_WRONLY | O_CREAT | O_TRUNC)
          } catch { throw PipelineError(error) }
        } catch {
          let message = String(describing: error)
          try? FileSystem.remove(scratch)
          results.append(
            try settle(
              entry, state: .failed, run: nil, message: message, seconds: 0, console: console))
          continue
        }
        var arguments = [
          executable, "exp", "run", "--name", entry.name, "--no-progress", "--jobs",
          String(share),
        ]
        for word in entry.settingWords { arguments += ["-S", word] }
        let job = ExperimentJob(
          name: entry.name, directory: scratch, arguments: arguments, environment: environment)
        active[entry.seq] = entry
        console.out(
          "\(entry.name): running \(Self.describe(entry.settings)) (log: .pipeline/queue/logs/\(entry.name).log)"
        )
        let seq = entry.seq
        startThread {
          let start = monotonicSeconds()
          var tail: [String] = []
          var group: pid_t = 0
          let termination = launcher.run(
            job, stop: { run.isInterrupted },
            onStart: {
              group = $0
              run.started($0)
            },
            onLine: { line, isError in
              try? Syscall.writeAll(log, Array((line + "\n").utf8), path: "log")
              if isError {
                tail.append(line)
                if tail.count > 12 { tail.removeFirst() }
              }
            })
          if group != 0 { run.ended(group) }
          Syscall.close(log)
          run.finish(
            seq,
            ExperimentOutcome(
              termination: termination, tail: tail, seconds: monotonicSeconds() - start))
        }
      }
      if active.isEmpty { break }
      let (seq, outcome) = run.nextCompletion()
      let entry = active.removeValue(forKey: seq)!
      results.append(
        try finishExperiment(
          entry, outcome: outcome, interrupted: run.isInterrupted, console: console))
    }
    return QueueRunReport(results: results, interrupted: run.isInterrupted)
  }

  /// `svd.factors=32 svd.reg=0.05`, for messages.
  static func describe(_ settings: [JSON.Member]) -> String {
    settings.isEmpty
      ? "(no settings)"
      : settings.map { $0.key + "=" + Params.display($0.value) }.joined(separator: " ")
  }

  /// Marks the first queued entry not yet tried as running, under the queue lock.
  private func claimNext(skipping tried: Set<Int>) throws(PipelineError) -> QueuedExperiment? {
    let held = try lockQueue()
    defer { withExtendedLifetime(held) {} }
    guard
      var next = try queueEntries().first(where: { $0.state == .queued && !tried.contains($0.seq) })
    else {
      return nil
    }
    next.state = .running
    try saveEntry(next)
    return next
  }

  /// The scratch workspace: what `verify` copies, `params.json` as it was when the
  /// experiment was queued, and links to the shared cache and run-cache.
  private func prepareScratch(
    _ scratch: String, for entry: QueuedExperiment, pipeline: Pipeline, base: String
  )
    throws(PipelineError)
  {
    try FileSystem.remove(scratch)
    try FileSystem.makeDirectories(scratch + "/.pipeline")
    try populateScratch(
      scratch, pipeline: pipeline, needed: [Bool](repeating: true, count: pipeline.stages.count))
    try FileSystem.writeAtomically(entry.paramsText, to: scratch + "/params.json")
    for (folder, name) in [
      (base + "/.pipeline/cache", "cache"), (base + "/.pipeline/runcache", "runcache"),
    ] {
      guard symlink(folder, scratch + "/.pipeline/" + name) == 0 else {
        throw .io(
          path: scratch + "/.pipeline/" + name,
          message: "cannot link to the shared cache: \(FileSystem.errnoText())")
      }
    }
  }

  /// Records what one child did and settles its entry; never throws for the
  /// experiment's own failure (that is a result), only when the queue cannot be written.
  private func finishExperiment(
    _ entry: QueuedExperiment, outcome: ExperimentOutcome, interrupted: Bool, console: Console
  ) throws(PipelineError) -> QueueRunResult {
    let scratch = queueWorkDirectory + "/" + entry.name
    defer { try? FileSystem.remove(scratch) }
    let record = try? Repository(root: scratch).runs().last
    let succeeded = outcome.termination == .exited(0) && record?.outcome == "ok"
    if interrupted && !succeeded {
      return try settle(
        entry, state: .queued, run: nil, message: nil, seconds: outcome.seconds, console: console)
    }
    // A run that failed is recorded as `exp run` records it; one that never
    // started its stages (bad params, a broken pipeline.json) has no record.
    var id: String?
    if let record, record.outcome == "ok" || record.outcome == "failed" {
      do {
        id = try importRun(record)
      } catch {
        return try settle(
          entry, state: .failed, run: nil, message: "cannot record the run: \(error)",
          seconds: outcome.seconds,
          console: console)
      }
    }
    if succeeded {
      return try settle(
        entry, state: .done, run: id, message: nil, seconds: outcome.seconds, console: console)
    }
    var why: String
    switch outcome.termination {
    case .exited(let code): why = "exited with status \(code)"
    case .signaled(let sig): why = "was killed by signal \(sig)"
    case .couldNotStart(let reason): why = "could not start: \(reason)"
    }
    if let stages = record?.stages.filter({ $0.status == .failed }).map(\.name), !stages.isEmpty {
      why = "stage \(stages.map { "'\($0)'" }.joined(separator: ", ")) failed; pipeline \(why)"
    }
    if !outcome.tail.isEmpty {
      why +=
        "\n  stderr (last \(outcome.tail.count) lines):\n"
        + outcome.tail.map { "    " + $0 }.joined(separator: "\n")
    }
    return try settle(
      entry, state: .failed, run: id, message: why, seconds: outcome.seconds, console: console)
  }

  /// Writes an entry's new state (under the queue lock) and says what happened.
  private func settle(
    _ entry: QueuedExperiment, state: QueuedExperiment.State, run id: String?, message: String?,
    seconds: Double,
    console: Console
  ) throws(PipelineError) -> QueueRunResult {
    do {
      let held = try lockQueue()
      defer { withExtendedLifetime(held) {} }
      var updated = entry
      updated.state = state
      updated.run = id
      updated.message = message
      try saveEntry(updated)
    }
    switch state {
    case .done:
      console.out("\(entry.name): done in \(formatSeconds(seconds)), recorded as run \(id ?? "-")")
    case .failed: console.err(console.red("\(entry.name): failed: ") + (message ?? ""))
    default: console.out("\(entry.name): interrupted; queued again")
    }
    return QueueRunResult(
      name: entry.name, state: state, run: id, message: message, seconds: seconds)
  }

  /// Appends a run record made in a scratch workspace to this repository's runs,
  /// under a fresh id, holding the repository lock only for that.
  func importRun(_ record: RunRecord) throws(PipelineError) -> String {
    let held = try acquireLock(wait: true)
    defer { withExtendedLifetime(held) {} }
    var copy = record
    copy.id = freshRunID(
      stamp: String(record.id.split(separator: "-").prefix(2).joined(separator: "-")))
    try FileSystem.writeAtomically(
      copy.json.canonicalText(), to: runsDirectory + "/" + copy.id + ".json")
    return copy.id
  }

  /// After a killed runner: entries it left running are done if their run was
  /// recorded (it died between recording and settling), else queued again; its
  /// scratch workspaces are removed once every process of theirs is gone (each
  /// holds its workspace's repository lock until it dies), and so are the temp
  /// files it died writing (a run record or an entry caught before its rename).
  func recoverQueue() throws(PipelineError) {
    do {
      let held = try lockQueue()
      defer { withExtendedLifetime(held) {} }
      TempName.removeStale(in: runsDirectory, hiddenOnly: false)
      TempName.removeStale(in: queueEntriesDirectory, hiddenOnly: false)
      let records = try runs()
      for var entry in try queueEntries() where entry.state == .running {
        if let record = records.last(where: { $0.experiment == entry.name }) {
          entry.state = record.outcome == "ok" ? .done : .failed
          entry.run = record.id
        } else {
          entry.state = .queued
        }
        try saveEntry(entry)
      }
    }
    guard FileSystem.exists(queueWorkDirectory) else { return }
    for name in try FileSystem.list(queueWorkDirectory) {
      let folder = queueWorkDirectory + "/" + name
      if FileSystem.exists(folder + "/.pipeline/lock") {
        let last = try RepoLock(path: folder + "/.pipeline/lock", wait: true)
        withExtendedLifetime(last) {}
      }
      try FileSystem.remove(folder)
    }
  }

  /// Names for `count` new experiments: `name` itself for one, `name-1`... for
  /// several, else the next free `exp-N`s; none may be taken.
  static func experimentNames(count: Int, name: String?, taken: [String]) throws(PipelineError)
    -> [String]
  {
    var used = Set(taken)
    guard let name else {
      var n = taken.count + 1
      var result: [String] = []
      while result.count < count {
        while used.contains("exp-\(n)") { n += 1 }
        result.append("exp-\(n)")
        used.insert("exp-\(n)")
      }
      return result
    }
    let valid =
      !name.isEmpty && !name.hasPrefix(".")
      && name.utf8.allSatisfy { c in
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
          || c == 0x5F || c == 0x2D
          || c == 0x2E
      }
    guard valid else {
      throw .usage(
        "experiment name '\(name)' may only use letters, digits, '.', '_' and '-', and not start with '.'"
      )
    }
    let names = count == 1 ? [name] : (1...max(1, count)).map { "\(name)-\($0)" }
    if let clash = names.first(where: { used.contains($0) }) {
      throw .usage("an experiment named '\(clash)' exists already; choose another --name")
    }
    return names
  }
}
