import Basics
import StrictJSON

extension Repository {
  /// Restores outputs from the cache: those of the current lock, or of a run
  /// (whose `params.json` and lock then become the workspace's too, so that
  /// `status` agrees with what is on disk).
  /// - Parameter stages: only these stages' outputs (default: all).
  /// - Returns: the outputs restored (those already matching are left alone).
  public func checkout(run spec: String?, stages: [String] = [], console: Console) throws(PipelineError) -> [String] {
    let held = try acquireLock(wait: false)
    defer { withExtendedLifetime(held) {} }
    let pipeline = try loadPipeline()
    var lock = try loadLock()
    var record: RunRecord?
    if let spec {
      guard let found = try run(named: spec) else {
        throw .usage("no run or experiment named '\(spec)'; see 'pipeline exp show' or .pipeline/runs")
      }
      record = found
      lock = found.lock
    }
    let hasher = makeHasher()
    let cache = objectCache
    var missing: [String] = []
    var todo: [LockEntry.PathRecord] = []
    let wanted = Set(try Self.resolve(stages, in: pipeline).map { pipeline.stages[$0].name })
    for stage in pipeline.stages where wanted.isEmpty || wanted.contains(stage.name) {
      for out in lock.stages[stage.name]?.outs ?? [] {
        if try hasher.hash(out.path) == out.hash { continue }
        if cache.has(out.hash) { todo.append(out) } else { missing.append(out.path) }
      }
    }
    guard missing.isEmpty else {
      throw .io(
        path: missing.joined(separator: ", "),
        message: "not in the cache (never cached, or removed by gc); run 'pipeline repro' to rebuild")
    }
    var restored: [String] = []
    var damaged: [ObjectCache.Damage] = []
    for out in todo {
      if let damage = try cache.restore(out.path, hash: out.hash, hasher: hasher) {
        damaged.append(damage)
        console.err("error: \(damage.message)")
        continue
      }
      restored.append(out.path)
      console.out("restored \(out.path)")
    }
    if let record {
      // The file as the run read it, byte for byte; older records kept only values.
      try FileSystem.writeAtomically(record.paramsText ?? record.params.orderedText(), to: root + "/params.json")
      try lock.save(root: root, pipeline: pipeline)
    }
    try hasher.cache.save(root: root)
    guard damaged.isEmpty else {
      let paths = damaged.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      throw .io(
        path: paths.joined(separator: "', '"),
        message: "not restored: the cached copy is damaged (quarantined); run 'pipeline repro' to rebuild")
    }
    return restored
  }

  /// What `pipeline cache verify` found.
  public struct CacheReport: Sendable {
    public var checked: Int
    /// Damaged objects, sorted: `name: problem`.
    public var damaged: [String]
  }

  /// Hashes every object in the cache and compares it with its name.
  public func verifyCache() throws(PipelineError) -> CacheReport {
    let (checked, bad) = try objectCache.verifyAll()
    return CacheReport(checked: checked, damaged: bad.map { "\($0.object): \($0.problem)" })
  }

  /// What `gc` found: objects to drop and the bytes they hold.
  public struct GarbageReport: Sendable {
    public var removed: Int
    public var bytes: Int64
    public var kept: Int
  }

  /// Removes cache objects that neither the lock, nor any run record or
  /// experiment, nor the run-cache refers to.
  public func collectGarbage(dry: Bool) throws(PipelineError) -> GarbageReport {
    let held = try acquireLock(wait: false)
    // A running queue stores objects it records only when each experiment ends.
    let runner = try lockQueueRunner()
    defer { withExtendedLifetime((held, runner)) {} }
    let cache = objectCache
    var hashes: [PathHash] = []
    for entry in try loadLock().stages.values { hashes += entry.outs.map(\.hash) }
    for run in try runs() { for entry in run.lock.stages.values { hashes += entry.outs.map(\.hash) } }
    hashes += RunCache(directory: runCacheDirectory).allOuts()
    var referenced = Set<String>()
    for hash in hashes { for object in cache.objects(of: hash) { referenced.insert(object) } }
    if !dry { removeAllStaleTemps() }
    var report = GarbageReport(removed: 0, bytes: 0, kept: 0)
    for object in try cache.allObjects() {
      if referenced.contains(object) {
        report.kept += 1
        continue
      }
      report.removed += 1
      report.bytes += cache.size(of: object)
      if !dry { try FileSystem.remove(cache.objectPath(object)) }
    }
    return report
  }

  /// Removes every temp file and staging folder of killed runs (owner pid gone):
  /// the root, `.pipeline` and all its folders, and the folders holding outs.
  func removeAllStaleTemps() {
    var folders: [String] = [stateDirectory]
    if let pipeline = try? loadPipeline() { removeStaleTemps(pipeline: pipeline) }
    while let folder = folders.popLast() {
      TempName.removeStale(in: folder, hiddenOnly: false)
      guard folder != objectCache.quarantineDirectory else { continue }
      for name in (try? FileSystem.list(folder)) ?? [] where FileSystem.linkStatus(folder + "/" + name)?.0.isDirectory == true
        && FileSystem.linkStatus(folder + "/" + name)?.isLink == false
      {
        folders.append(folder + "/" + name)
      }
    }
  }
}
