#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics

/// A pipeline repository on disk: the folder with `pipeline.json`, and the tool's
/// state beside it in `.pipeline/`.
public struct Repository: Sendable {
  public let root: String

  public init(root: String) { self.root = root }

  /// The repository containing `directory`: the nearest folder upward holding a
  /// `pipeline.json`.
  public static func find(from directory: String) throws(PipelineError) -> Repository {
    var current = directory
    while true {
      if FileSystem.exists(current + "/pipeline.json") { return Repository(root: current) }
      let up = FileSystem.parent(of: current)
      if up.isEmpty || up == current {
        throw .invalidPipeline(
          "no pipeline.json in '\(directory)' or any parent folder; run from a pipeline repository or create pipeline.json")
      }
      current = up
    }
  }

  /// The repository containing the current directory.
  public static func current() throws(PipelineError) -> Repository {
    try find(from: FileSystem.currentDirectory())
  }

  public var stateDirectory: String { root + "/.pipeline" }
  var statCacheFile: String { stateDirectory + "/state" }
  var lockPath: String { stateDirectory + "/lock" }
  var objectCache: ObjectCache { ObjectCache(directory: stateDirectory + "/cache") }
  var runCacheDirectory: String { stateDirectory + "/runcache" }
  var runsDirectory: String { stateDirectory + "/runs" }

  public func loadPipeline() throws(PipelineError) -> Pipeline { try Pipeline.load(root: root) }
  public func loadLock() throws(PipelineError) -> Lockfile { try Lockfile.load(root: root) }

  /// Takes the repository lock for a mutating command.
  public func acquireLock(wait: Bool) throws(PipelineError) -> RepoLock {
    try RepoLock(path: lockPath, wait: wait)
  }

  /// A hasher over the stat cache; `readOnly` for commands that never take the
  /// repository lock (their stat-cache saves are best effort).
  func makeHasher(readOnly: Bool = false) -> ContentHasher {
    ContentHasher(root: root, cache: StatCache(file: statCacheFile, readOnly: readOnly))
  }

  /// Resolves stage names to indices, with a suggestion for a misspelled one.
  static func resolve(_ names: [String], in pipeline: Pipeline) throws(PipelineError) -> [Int] {
    var result: [Int] = []
    for name in names {
      guard let i = pipeline.index(of: name) else {
        let all = pipeline.stages.map(\.name)
        throw .invalidPipeline(
          "unknown stage '\(name)'\(Spelling.didYouMean(name, among: all)); stages: \(all.joined(separator: ", "))")
      }
      result.append(i)
    }
    return result
  }
}

/// One stage's state as `pipeline status` reports it.
public struct StageState: Sendable {
  public var name: String
  public var reasons: [StaleReason]
  public var frozen: Bool
  /// Stale stages upstream of this one: it may run once they have.
  public var staleUpstream: [String]
  public var isStale: Bool { !frozen && !reasons.isEmpty }
}

extension Repository {
  /// The state of each stage (or of the targets and what they need), in dependency order.
  public func status(targets: [String] = []) throws(PipelineError) -> [StageState] {
    let pipeline = try loadPipeline()
    let lock = try loadLock()
    let hasher = makeHasher(readOnly: true)
    let wanted = targets.isEmpty ? [Bool](repeating: true, count: pipeline.stages.count)
      : pipeline.closure(of: try Self.resolve(targets, in: pipeline))
    var states: [Int: StageState] = [:]
    var result: [StageState] = []
    for i in pipeline.order where wanted[i] {
      let stage = pipeline.stages[i]
      let check = try stage.check(lock: lock.stages[stage.name], params: pipeline.params, hasher: hasher)
      var staleUp: [String] = []
      for u in pipeline.upstream[i] {
        if let s = states[u], s.isStale || !s.staleUpstream.isEmpty { staleUp.append(s.name) }
      }
      let state = StageState(name: stage.name, reasons: check.reasons, frozen: stage.frozen, staleUpstream: staleUp)
      states[i] = state
      result.append(state)
    }
    // A reader never takes the repository lock (that would fail a writer starting
    // at the same moment); its stat-cache save is skipped when another is under way.
    _ = try? hasher.cache.save(root: root)
    return result
  }
}

/// Monotonic seconds, for durations only (never written to any output file).
func monotonicSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
