#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics
import StrictJSON
import Synchronization

/// How `pipeline repro` should run.
public struct ReproOptions: Sendable {
  public var targets: [String] = []
  public var force = false
  public var dry = false
  public var singleItem = false
  public var keepGoing = false
  public var jobs = 1
  public var wait = false
  /// The process's signals, forwarded to running stages during the run (the CLI;
  /// nil in in-process tests).
  public var signals: SignalWatcher?
  /// Keep outputs in the object cache (off for verify's scratch copy).
  public var useCache = true
  /// Never restore outputs from the run-cache.
  public var noRunCache = false
  /// Record the run as this experiment.
  public var experiment: String?
  /// The `-S` settings applied before the run, for the run record.
  public var setParams: [JSON.Member] = []
  /// Params to use instead of reading `params.json` (`--dry -S`, which writes nothing).
  public var params: JSON?
  /// Where stage commands run (`--executor`).
  public var executor: Executor = .local
  /// Ask this remote for runs the local run-cache does not know (`--pull`).
  public var pull: RemoteCache?

  public init() {}
}

/// What happened to one stage in a run.
public struct StageReport: Sendable {
  public enum Status: String, Sendable {
    case ran, restored, skipped, frozen, failed, notRun = "not run", interrupted, wouldRun = "would run"
  }
  public var name: String
  public var status: Status
  public var reasons: [StaleReason]
  public var seconds: Double
  /// Why it failed or was not run.
  public var message: String?
}

/// The outcome of `repro`: per-stage reports in dependency order and the final lock.
public struct ReproReport: Sendable {
  public var stages: [StageReport]
  public var lock: Lockfile
  public var pipeline: Pipeline
  public var interrupted: Bool
  /// The run record written for this run (nil for --dry and verify).
  public var run: RunRecord?
  public var failed: [String] { stages.filter { $0.status == .failed }.map(\.name) }
  public var ranAny: Bool { stages.contains { $0.status == .ran || $0.status == .restored } }
}

extension Repository {
  /// Runs the stale stages the targets need, independent ones in parallel, and
  /// records each successful stage in `pipeline.lock` as soon as it finishes.
  /// - Parameter held: the repository lock when the caller already holds it.
  public func repro(_ options: ReproOptions, console: Console, holding held: RepoLock? = nil) throws(PipelineError)
    -> ReproReport
  {
    let pipeline: Pipeline
    if let params = options.params {
      pipeline = try Pipeline.load(root: root, params: params)
    } else {
      pipeline = try loadPipeline()
    }
    let repoLock = options.dry || held != nil ? held : try acquireLock(wait: options.wait)
    defer { withExtendedLifetime(repoLock) {} }
    var lock = try loadLock()
    let targets = try Self.resolve(options.targets, in: pipeline)
    var needed: [Bool]
    if targets.isEmpty {
      needed = [Bool](repeating: true, count: pipeline.stages.count)
    } else if options.singleItem {
      needed = [Bool](repeating: false, count: pipeline.stages.count)
      for t in targets { needed[t] = true }
    } else {
      needed = pipeline.closure(of: targets)
    }
    let hasher = makeHasher()
    if options.dry {
      return try dryRun(pipeline: pipeline, lock: lock, needed: needed, options: options, hasher: hasher, console: console)
    }

    removeStaleTemps(pipeline: pipeline)
    let run = RunState<StageOutcome>()
    options.signals?.route(to: run)
    defer { options.signals?.release() }
    let width = pipeline.stages.map(\.name.count).max() ?? 0
    let prefixed = options.jobs > 1 && needed.filter { $0 }.count > 1
    let environment = Self.stageEnvironment(cpus: try Self.stageCPUs())

    enum Phase { case waiting, running, succeeded, failed, blocked }
    var phase = [Phase](repeating: .waiting, count: pipeline.stages.count)
    var reports = [StageReport?](repeating: nil, count: pipeline.stages.count)
    var running = 0
    var stopping = false
    let snapshot = lock
    let producers = pipeline.stages.map(\.outs)  // once, not once per stage
    // With an executor that submits ahead, a stage is handed over as soon as its
    // upstream stages' jobs are submitted, and the cluster, not --jobs, decides how
    // many run at once.
    let ahead = options.executor.submitsAhead
    var jobs = [String?](repeating: nil, count: pipeline.stages.count)
    var held: [(Int, StageOutcome)] = []
    func didNotSucceed(_ j: Int) -> Bool { phase[j] == .failed || phase[j] == .blocked }
    func block(_ i: Int, by cause: Int) {
      phase[i] = .blocked
      reports[i] = StageReport(
        name: pipeline.stages[i].name, status: .notRun, reasons: [], seconds: 0,
        message: "upstream stage '\(pipeline.stages[cause].name)' did not succeed")
    }

    while true {
      if run.isInterrupted { stopping = true }
      // Launch what is ready, in dependency order, up to the job limit.
      if !stopping {
        for i in pipeline.order where needed[i] && phase[i] == .waiting {
          let ups = pipeline.upstream[i].filter { needed[$0] }
          if let cause = ups.first(where: didNotSucceed) {
            block(i, by: cause)
            continue
          }
          let upstreamReady = ups.allSatisfy { phase[$0] == .succeeded || (phase[$0] == .running && jobs[$0] != nil) }
          guard ahead || running < max(1, options.jobs), upstreamReady else { continue }
          phase[i] = .running
          running += 1
          let stage = pipeline.stages[i]
          let entry = snapshot.stages[stage.name]
          var context = StageContext(
            stage: stage, entry: entry, params: pipeline.params, hasher: hasher, console: console,
            prefix: prefixed ? stage.name.padding(width) + " | " : nil, environment: environment,
            root: root, force: options.force, producers: producers,
            cache: options.useCache ? objectCache : nil,
            runCache: RunCache(directory: runCacheDirectory),
            restoreFromRunCache: !options.force && !options.noRunCache && !stage.alwaysChanged)
          context.lock = repoLock?.descriptor ?? -1
          context.executor = options.executor
          context.index = i
          context.after = ups.compactMap { up in
            phase[up] == .running ? jobs[up].map { (pipeline.stages[up].name, $0) } : nil
          }
          context.remote = options.pull
          let ready = context
          startThread { run.finish(i, ready.execute(run: run)) }
        }
      }
      if running == 0 { break }
      switch run.nextEvent() {
      case .submitted(let i, let job):
        jobs[i] = job
        if pipeline.upstream[i].contains(where: didNotSucceed) { run.abandon(job) }
        continue
      case .finished(let i, let outcome):
        running -= 1
        held.append((i, outcome))
      }
      // A stage is settled after its upstream stages (a job that waited for them can
      // report first): hold it back until none of them is still running.
      while let k = held.firstIndex(where: { h in !pipeline.upstream[h.0].contains { needed[$0] && phase[$0] == .running } }) {
        let (i, outcome) = held.remove(at: k)
        let name = pipeline.stages[i].name
        if let cause = pipeline.upstream[i].first(where: { needed[$0] && didNotSucceed($0) }) {
          block(i, by: cause)
          continue
        }
        switch outcome.result {
        case .ran(let entry), .restored(let entry):
          let status: StageReport.Status
          if case .restored = outcome.result { status = .restored } else { status = .ran }
          if run.isInterrupted {
            phase[i] = .failed
            reports[i] = StageReport(name: name, status: .interrupted, reasons: outcome.reasons, seconds: outcome.seconds)
            break
          }
          lock.stages[name] = entry
          do {
            try lock.save(root: root, pipeline: pipeline)
            phase[i] = .succeeded
            reports[i] = StageReport(name: name, status: status, reasons: outcome.reasons, seconds: outcome.seconds)
            if status == .ran { console.out("Stage '\(name)' finished in \(formatSeconds(outcome.seconds))") }
          } catch {
            lock.stages[name] = snapshot.stages[name]
            phase[i] = .failed
            reports[i] = StageReport(
              name: name, status: .failed, reasons: outcome.reasons, seconds: outcome.seconds,
              message: String(describing: error))
            stopping = stopping || !options.keepGoing
          }
        case .skipped(let frozen):
          phase[i] = .succeeded
          reports[i] = StageReport(name: name, status: frozen ? .frozen : .skipped, reasons: [], seconds: outcome.seconds)
        case .failed(let message):
          phase[i] = .failed
          let status: StageReport.Status = run.isInterrupted ? .interrupted : .failed
          reports[i] = StageReport(
            name: name, status: status, reasons: outcome.reasons, seconds: outcome.seconds, message: message)
          if status == .failed {
            console.err(console.red("Stage '\(name)' failed: ") + message)
          }
          stopping = stopping || !options.keepGoing
        }
        // Jobs already submitted behind a stage that failed can never be recorded.
        if phase[i] == .failed { abandonDownstream(of: i, pipeline: pipeline, jobs: jobs, run: run) }
      }
    }
    _ = try? hasher.cache.save(root: root)

    var result: [StageReport] = []
    for i in pipeline.order where needed[i] {
      result.append(
        reports[i]
          ?? StageReport(
            name: pipeline.stages[i].name, status: .notRun, reasons: [], seconds: 0,
            message: run.isInterrupted ? "interrupted" : "stopped after a failure"))
    }
    var report = ReproReport(stages: result, lock: lock, pipeline: pipeline, interrupted: run.isInterrupted)
    if options.useCache {
      report.run = try recordRun(report: report, experiment: options.experiment, setParams: options.setParams)
    }
    return report
  }

  /// Marks the submitted jobs of every stage downstream of `failed` to be cancelled.
  private func abandonDownstream(of failed: Int, pipeline: Pipeline, jobs: [String?], run: RunState<StageOutcome>) {
    var doomed = [Bool](repeating: false, count: pipeline.stages.count)
    doomed[failed] = true
    for j in pipeline.order where pipeline.upstream[j].contains(where: { doomed[$0] }) {
      doomed[j] = true
      if let job = jobs[j] { run.abandon(job) }
    }
  }

  /// Removes what killed runs left behind (temp files and staging folders whose
  /// owner pid is gone) where a run writes: the root, `.pipeline`, the cache's
  /// staging folder, the run records, and the folders holding outs. `gc` sweeps
  /// everywhere.
  func removeStaleTemps(pipeline: Pipeline) {
    TempName.removeStale(in: stateDirectory, hiddenOnly: false)
    TempName.removeStale(in: runsDirectory, hiddenOnly: false)
    TempName.removeStale(in: objectCache.tempDirectory, hiddenOnly: false)
    // Beside the user's files only hidden names are ours.
    var folders = [root]
    for stage in pipeline.stages {
      for out in stage.outs {
        let parent = FileSystem.parent(of: out)
        folders.append(parent.isEmpty ? root : root + "/" + parent)
      }
    }
    var seen = Set<String>()
    for folder in folders where seen.insert(folder).inserted { TempName.removeStale(in: folder) }
  }

  /// `--dry`: what would run and why, without running anything.
  private func dryRun(
    pipeline: Pipeline, lock: Lockfile, needed: [Bool], options: ReproOptions, hasher: ContentHasher, console: Console
  ) throws(PipelineError) -> ReproReport {
    var result: [StageReport] = []
    var willRun = [Bool](repeating: false, count: pipeline.stages.count)
    for i in pipeline.order where needed[i] {
      let stage = pipeline.stages[i]
      var reasons = try stage.check(lock: lock.stages[stage.name], params: pipeline.params, hasher: hasher).reasons
      if options.force { reasons.insert(.forced, at: 0) }
      if stage.frozen {
        result.append(StageReport(name: stage.name, status: .frozen, reasons: [], seconds: 0))
      } else if !reasons.isEmpty {
        willRun[i] = true
        console.out("would run '\(stage.name)': \(reasons.map(\.description).joined(separator: ", "))")
        console.out("> \(stage.command)")
        result.append(StageReport(name: stage.name, status: .wouldRun, reasons: reasons, seconds: 0))
      } else if let up = pipeline.upstream[i].first(where: { willRun[$0] }) {
        console.out(
          "'\(stage.name)' is up to date; it runs only if '\(pipeline.stages[up].name)' changes its outputs")
        result.append(StageReport(name: stage.name, status: .skipped, reasons: [], seconds: 0))
      } else {
        result.append(StageReport(name: stage.name, status: .skipped, reasons: [], seconds: 0))
      }
    }
    return ReproReport(stages: result, lock: lock, pipeline: pipeline, interrupted: false)
  }

  /// The CPU budget of the stages this process runs: `PIPELINE_CPUS` when our own
  /// environment sets it (a parent `exp run --run-all` gave us a share, or the user chose),
  /// else all online cores.
  /// - Throws: `.invalidPipeline` naming the variable when its value is not a CPU count.
  static func stageCPUs() throws(PipelineError) -> Int {
    do throws(CPUBudgetError) {
      return try CPUBudget.fromEnvironment() ?? CPUBudget.onlineCores
    } catch {
      throw .invalidPipeline(String(describing: error))
    }
  }

  /// `stageEnvironment()` with the CPU budget: `PIPELINE_CPUS=cpus`, and
  /// `OMP_NUM_THREADS=cpus` unless it is already set.
  static func stageEnvironment(cpus: Int) -> [String] {
    CPUBudget.environment(stageEnvironment(), cpus: cpus)
  }

  /// The environment of stage commands: ours, with the folder of the running
  /// `pipeline` executable first on PATH, so `pipeline.json` can say `recsys train`.
  static func stageEnvironment() -> [String] {
    var env: [String] = []
    var i = 0
    while let entry = environ[i] {
      env.append(String(cString: entry))
      i += 1
    }
    guard let exe = FileSystem.realPath("/proc/self/exe") else { return env }
    let folder = FileSystem.parent(of: exe)
    if let p = env.firstIndex(where: { $0.hasPrefix("PATH=") }) {
      env[p] = "PATH=" + folder + ":" + env[p].dropFirst(5)
    } else {
      env.append("PATH=" + folder + ":/usr/local/bin:/usr/bin:/bin")
    }
    return env
  }
}

/// Seconds as `2.75s`: durations in tables and messages, never in output files.
public func formatSeconds(_ s: Double) -> String {
  let hundredths = Int((s * 100).rounded())
  let fraction = hundredths % 100
  return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)s"
}

extension String {
  /// The string padded with spaces to `width` characters.
  public func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
