import StrictJSON

/// Everything a worker thread needs to check and run one stage.
struct StageContext: Sendable {
  let stage: Stage
  let entry: LockEntry?
  let params: JSON
  let hasher: ContentHasher
  let console: Console
  /// `name | ` before each output line when stages run side by side.
  let prefix: String?
  let environment: [String]
  let root: String
  let force: Bool
  /// Each stage's outs, to say which stage writes a missing dep.
  let producers: [[String]]
  /// Where outputs are kept; nil when caching is off (verify).
  let cache: ObjectCache?
  /// Where runs are remembered (with the object cache).
  let runCache: RunCache
  /// Whether a remembered run may stand in for running (not with --force or always_changed).
  let restoreFromRunCache: Bool
  /// The repository lock's descriptor, inherited by the stage's processes (-1: none).
  var lock: Int32 = -1
  /// Where the command runs.
  var executor: Executor = .local
  /// The stage's place in the pipeline, for the scheduler's events.
  var index = 0
  /// Upstream stages whose jobs were submitted but have not finished: the executor
  /// holds this stage back until they succeed (only with `executor.submitsAhead`).
  var after: [(stage: String, job: String)] = []
  /// Asked for a run the local run-cache does not know (`repro --pull`).
  var remote: RemoteCache?

  /// Checks the stage and runs it if it is stale. Never throws: every problem
  /// becomes a failed outcome with a message.
  func execute(run: RunState<StageOutcome>) -> StageOutcome {
    let start = monotonicSeconds()
    var reasons: [StaleReason] = []
    func outcome(_ result: StageOutcome.Result) -> StageOutcome {
      StageOutcome(result: result, reasons: reasons, seconds: monotonicSeconds() - start)
    }
    do {
      var check: StageCheck
      var deps: [LockEntry.PathRecord] = []
      if after.isEmpty {
        check = try stage.check(lock: entry, params: params, hasher: hasher)
        reasons = check.reasons
        if stage.frozen { return outcome(.skipped(frozen: true)) }
        if force { reasons.insert(.forced, at: 0) }
        if reasons.isEmpty {
          console.out("Stage '\(stage.name)' didn't change, skipping")
          if let cache, let entry {
            for out in entry.outs where !cache.has(out.hash) { try cache.store(out.path, hash: out.hash, hasher: hasher) }
          }
          return outcome(.skipped(frozen: false))
        }
        deps = try depRecords(check, reasons: reasons)
        let key = RunCache.key(command: stage.command, deps: deps, params: check.params)
        let fromRemote = try restoreFromRunCache && cache != nil && fetchFromRemote(key)
        if restoreFromRunCache, let cache, let hit = runCache.lookup(key, outs: stage.outs),
          hit.outs.allSatisfy({ cache.has($0.hash) })
        {
          var damaged: ObjectCache.Damage?
          for out in hit.outs {
            damaged = try cache.restore(out.path, hash: out.hash, hasher: hasher)
            if damaged != nil { break }
          }
          if let damaged {
            // A damaged object is never used: it is quarantined and the stage runs.
            console.err("warning: \(damaged.message); running stage '\(stage.name)' to rebuild it")
          } else {
            console.out("Stage '\(stage.name)' restored from \(fromRemote ? "remote run-cache" : "run-cache")")
            let entry = LockEntry(
              command: stage.command, deps: deps, outs: hit.outs, params: check.params, metrics: hit.metrics)
            return outcome(.restored(entry))
          }
        }
      } else {
        // Submitted behind upstream jobs that have not finished: the stage runs, since
        // whether their outputs change is not known yet (docs/SCALING.md, "Slurm").
        if stage.frozen { return outcome(.skipped(frozen: true)) }
        reasons = (force ? [.forced] : []) + [.afterSubmitted(after.map(\.stage))]
        check = StageCheck(reasons: reasons, deps: [], params: [])
      }
      let why = reasons.map(\.description).joined(separator: ", ")
      console.out(console.bold("Running stage '\(stage.name)'") + " (\(why)):\n> \(stage.command)")
      for out in stage.outs {
        try FileSystem.remove(root + "/" + out)
        let parent = FileSystem.parent(of: out)
        if !parent.isEmpty { try FileSystem.makeDirectories(root + "/" + parent) }
      }
      let directory = stage.workingDirectory.isEmpty ? root : root + "/" + stage.workingDirectory
      guard FileSystem.status(directory)?.isDirectory == true else {
        return outcome(.failed("wdir '\(stage.workingDirectory)' is not a folder"))
      }
      if let failure = runCommand(run: run) { return outcome(.failed(failure)) }
      // A stage that waited for its upstream jobs sees its deps only now.
      if !after.isEmpty {
        check = try stage.check(lock: entry, params: params, hasher: hasher)
        deps = try depRecords(check, reasons: check.reasons)
      }
      let key = RunCache.key(command: stage.command, deps: deps, params: check.params)
      var outs: [LockEntry.PathRecord] = []
      for (out, hash) in zip(stage.outs, try hasher.hashAll(stage.outs)) {
        guard let hash else {
          return outcome(.failed("the command succeeded but did not write its out '\(out)'"))
        }
        outs.append(.init(path: out, hash: hash))
      }
      var metrics: [JSON.Member] = []
      for path in stage.metrics {
        do {
          let bytes = try FileSystem.read(root + "/" + path)
          let value = try JSONParser.parse(bytes, file: path)
          metrics.append(JSON.Member(path, LockEntry.flattenMetrics(value)))
        } catch {
          return outcome(.failed("metrics file is not valid JSON: \(error)"))
        }
      }
      let entry = LockEntry(command: stage.command, deps: deps, outs: outs, params: check.params, metrics: metrics)
      if let cache {
        for out in outs { try cache.store(out.path, hash: out.hash, hasher: hasher) }
        try runCache.save(key, entry: entry)
      }
      return outcome(.ran(entry))
    } catch {
      return outcome(.failed(String(describing: error)))
    }
  }

  /// The deps as the lock records them.
  /// - Throws: `StageRefusal` when a dep is missing (with who should write it) or vanished.
  private func depRecords(_ check: StageCheck, reasons: [StaleReason]) throws(StageRefusal) -> [LockEntry.PathRecord] {
    for case .missingDep(let path) in reasons {
      let written = producers.contains { $0.contains { Paths.overlap($0, path) } }
      throw StageRefusal(
        description: written
          ? "dependency '\(path)' does not exist; run the stage that writes it first (drop --single-item)"
          : "dependency '\(path)' does not exist and no stage writes it; create it or add the stage that does")
    }
    var deps: [LockEntry.PathRecord] = []
    for (path, hash) in check.deps {
      guard let hash else { throw StageRefusal(description: "dependency '\(path)' disappeared") }
      deps.append(.init(path: path, hash: hash))
    }
    return deps
  }

  /// With a remote, receives the run `key` when the local caches cannot restore it.
  /// A remote that cannot be read is a warning: the stage then runs.
  private func fetchFromRemote(_ key: String) throws(PipelineError) -> Bool {
    guard let remote, let cache else { return false }
    if let hit = runCache.lookup(key, outs: stage.outs), hit.outs.allSatisfy({ cache.has($0.hash) }) { return false }
    do {
      return try remote.fetchRun(key, outs: stage.outs, console: console)
    } catch {
      console.err("warning: \(remote.described): \(error); running stage '\(stage.name)'")
      return false
    }
  }
}

/// Why a stage cannot run, as its failure message.
struct StageRefusal: Error, CustomStringConvertible {
  var description: String
}
