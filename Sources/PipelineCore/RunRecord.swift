#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import StrictJSON

/// One `repro` as remembered in `.pipeline/runs/<id>.json`: when, at which git
/// commit, with which params, what each stage did, and the lock it left.
///
/// Run records are history, not outputs: they may hold times and durations; the
/// lock never does.
public struct RunRecord: Sendable {
  public var id: String
  public var started: String
  public var gitCommit: String?
  public var experiment: String?
  /// `-S` settings of an experiment, in the order given.
  public var setParams: [JSON.Member]
  public var params: JSON
  /// `params.json` byte for byte as the run read it, so `checkout` gives back the
  /// file itself, layout and all (nil in records written before it was kept).
  public var paramsText: String?
  public var stages: [StageReport]
  public var lock: Lockfile
  public var outcome: String

  var json: JSON {
    var members = [
      JSON.Member("id", .string(id)),
      JSON.Member("started", .string(started)),
      JSON.Member("git_commit", gitCommit.map { .string($0) } ?? .null),
      JSON.Member("outcome", .string(outcome)),
      JSON.Member("params", params),
      JSON.Member("params_text", paramsText.map { .string($0) } ?? .null),
      JSON.Member(
        "stages",
        .array(
          stages.map {
            .object([
              JSON.Member("name", .string($0.name)),
              JSON.Member("status", .string($0.status.rawValue)),
              JSON.Member("seconds", .number(($0.seconds * 1000).rounded() / 1000)),
            ])
          })),
      JSON.Member("lock", JSON.object(lock.stages.map { JSON.Member($0.key, $0.value.json) })),
    ]
    if let experiment {
      members.append(
        JSON.Member("experiment", .object([JSON.Member("name", .string(experiment)), JSON.Member("set", .object(setParams))])))
    }
    return .object(members)
  }

  init(
    id: String, started: String, gitCommit: String?, experiment: String?, setParams: [JSON.Member], params: JSON,
    paramsText: String?, stages: [StageReport], lock: Lockfile, outcome: String
  ) {
    self.paramsText = paramsText
    self.id = id
    self.started = started
    self.gitCommit = gitCommit
    self.experiment = experiment
    self.setParams = setParams
    self.params = params
    self.stages = stages
    self.lock = lock
    self.outcome = outcome
  }

  init?(_ value: JSON) {
    guard let id = value["id"]?.stringValue, let started = value["started"]?.stringValue,
      let lockMembers = value["lock"]?.members
    else { return nil }
    self.id = id
    self.started = started
    gitCommit = value["git_commit"]?.stringValue
    experiment = value["experiment"]?["name"]?.stringValue
    setParams = value["experiment"]?["set"]?.members ?? []
    params = value["params"] ?? .object([])
    paramsText = value["params_text"]?.stringValue
    outcome = value["outcome"]?.stringValue ?? "ok"
    stages = (value["stages"]?.arrayValue ?? []).compactMap { s in
      guard let name = s["name"]?.stringValue, let status = s["status"]?.stringValue.flatMap(StageReport.Status.init)
      else { return nil }
      return StageReport(name: name, status: status, reasons: [], seconds: s["seconds"]?.doubleValue ?? 0)
    }
    var entries: [String: LockEntry] = [:]
    for m in lockMembers {
      guard let entry = LockEntry(m.value) else { return nil }
      entries[m.key] = entry
    }
    lock = Lockfile(stages: entries)
  }

  /// All metrics of the run, `path:key` -> value, in stage order.
  public var metrics: [JSON.Member] {
    var result: [JSON.Member] = []
    for name in lock.stages.keys.sorted() {
      for file in lock.stages[name]!.metrics { result.append(contentsOf: file.value.members ?? []) }
    }
    return result
  }
}

extension LockEntry {
  /// Decodes an entry as `json` writes it (run records carry whole lock entries).
  init?(_ value: JSON) {
    guard let command = value["cmd"]?.stringValue else { return nil }
    func records(_ key: String) -> [PathRecord]? {
      var out: [PathRecord] = []
      for r in value[key]?.arrayValue ?? [] {
        guard let path = r["path"]?.stringValue, let sha = r["sha256"]?.stringValue, let size = r["size"]?.doubleValue
        else { return nil }
        out.append(PathRecord(path: path, hash: PathHash(sha256: sha, size: Int64(size), nfiles: r["nfiles"]?.intValue)))
      }
      return out
    }
    guard let deps = records("deps"), let outs = records("outs") else { return nil }
    self.init(
      command: command, deps: deps, outs: outs, params: value["params"]?.members ?? [],
      metrics: value["metrics"]?.members ?? [])
  }
}

extension Repository {
  /// Writes a run record; its id sorts by time.
  func recordRun(
    report: ReproReport, experiment: String?, setParams: [JSON.Member]
  ) throws(PipelineError) -> RunRecord {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let date = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))"
    let clock = "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
    let id = freshRunID(stamp: "\(date)-\(clock)")
    let outcome = report.interrupted ? "interrupted" : report.failed.isEmpty ? "ok" : "failed"
    let record = RunRecord(
      id: id,
      started: "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z",
      gitCommit: gitCommit(), experiment: experiment, setParams: setParams, params: report.pipeline.params,
      paramsText: report.pipeline.paramsText,
      stages: report.stages, lock: report.lock, outcome: outcome)
    try FileSystem.writeAtomically(record.json.canonicalText(), to: runsDirectory + "/" + id + ".json")
    return record
  }

  /// The first free id `STAMP-n` (the caller holds the repository lock).
  func freshRunID(stamp: String) -> String {
    var n = 1
    while FileSystem.exists(runsDirectory + "/\(stamp)-\(n).json") { n += 1 }
    return "\(stamp)-\(n)"
  }

  /// Every run record, oldest first.
  public func runs() throws(PipelineError) -> [RunRecord] {
    guard FileSystem.exists(runsDirectory) else { return [] }
    var result: [RunRecord] = []
    for name in try FileSystem.list(runsDirectory) where name.hasSuffix(".json") {
      let path = runsDirectory + "/" + name
      guard let bytes = try? FileSystem.read(path), let value = try? JSONParser.parse(bytes, file: path),
        let record = RunRecord(value)
      else { continue }
      result.append(record)
    }
    // Ids are `date-time-n`: order by time, then by n as a number.
    func order(_ id: String) -> (String, Int) {
      let parts = id.split(separator: "-")
      return (parts.prefix(2).joined(separator: "-"), Int(parts.last ?? "") ?? 0)
    }
    return result.sorted { order($0.id) < order($1.id) }
  }

  /// The commit checked out in `root`'s git repository, read from `.git` directly
  /// (spawning git would cost more than a whole no-op run).
  func gitCommit() -> String? {
    var dir = root
    while !FileSystem.exists(dir + "/.git") {
      let up = FileSystem.parent(of: dir)
      if up.isEmpty || up == dir { return nil }
      dir = up
    }
    let git = dir + "/.git"
    guard FileSystem.status(git)?.isDirectory == true,
      let head = try? FileSystem.readText(git + "/HEAD").split(separator: "\n").first
    else { return nil }
    guard head.hasPrefix("ref: ") else { return String(head) }
    let ref = String(head.dropFirst(5))
    if let text = try? FileSystem.readText(git + "/" + ref), let line = text.split(separator: "\n").first {
      return String(line)
    }
    for line in ((try? FileSystem.readText(git + "/packed-refs")) ?? "").split(separator: "\n")
    where line.hasSuffix(" " + ref) {
      return String(line.prefix(40))
    }
    return nil
  }
}
