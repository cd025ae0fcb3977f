import StrictJSON

/// Params and metrics of one side of a diff: the workspace, a run, or a git revision.
public struct Snapshot: Sendable {
  public var label: String
  public var params: JSON
  /// Metrics file -> flattened values.
  public var metrics: [JSON.Member]
}

/// One row of `params diff` or `metrics diff`.
public struct DiffRow: Sendable {
  public var path: String?
  public var key: String
  public var old: JSON?
  public var new: JSON?

  /// new - old for two numbers.
  public var change: Double? {
    guard case .number(let a) = old, case .number(let b) = new else { return nil }
    return b - a
  }
  /// The change relative to old, in percent.
  public var relativeChange: Double? {
    guard let change, case .number(let a) = old, a != 0 else { return nil }
    return change / abs(a) * 100
  }
}

extension Repository {
  /// Resolves `workspace`, a run id or prefix, an experiment name, or a git revision.
  public func snapshot(_ spec: String?) throws(PipelineError) -> Snapshot {
    guard let spec, spec != "workspace" else {
      let params = FileSystem.exists(root + "/params.json")
        ? try Pipeline.parseJSONFile(root: root, name: "params.json").json : .object([])
      return Snapshot(label: "workspace", params: params, metrics: try workspaceMetrics())
    }
    if let run = try run(named: spec) { return snapshot(of: run) }
    guard let paramsText = try gitShow(spec, "params.json") else {
      throw .usage("'\(spec)' is not a run id, an experiment name, or a git revision with params.json")
    }
    let params = try parse(paramsText, file: "\(spec):params.json")
    var metrics: [JSON.Member] = []
    if let lockText = try gitShow(spec, "pipeline.lock") {
      let lock = try parse(lockText, file: "\(spec):pipeline.lock")
      var stages: [String: LockEntry] = [:]
      for m in lock["stages"]?.members ?? [] { stages[m.key] = LockEntry(m.value) }
      metrics = Lockfile(stages: stages).allMetrics
    }
    return Snapshot(label: spec, params: params, metrics: metrics)
  }

  private func parse(_ text: String, file: String) throws(PipelineError) -> JSON {
    do { return try JSONParser.parse(Array(text.utf8), file: file) } catch { throw PipelineError(error) }
  }

  /// The default left side of a diff ("the previous run"): the newest successful run
  /// whose params or metrics differ from the workspace's. Right after a `repro`, whose
  /// own record equals the workspace, that is the run before it, so the diff says what
  /// the repro changed; with params edited since, it is the newest run. The newest run
  /// when none differs; nil when there are no runs.
  ///
  /// - Parameter workspace: `snapshot(nil)`, when the caller has it already.
  public func baselineRun(against workspace: Snapshot? = nil) throws(PipelineError) -> RunRecord? {
    let records = try runs()
    let current: Snapshot
    if let workspace { current = workspace } else { current = try snapshot(nil) }
    let params = current.params.canonicalText()
    let metrics = JSON.object(current.metrics).canonicalText()
    let differing = records.last { record in
      let run = snapshot(of: record)
      return record.outcome == "ok"
        && (run.params.canonicalText() != params || JSON.object(run.metrics).canonicalText() != metrics)
    }
    return differing ?? records.last
  }

  /// One run's side of a diff, labelled by its experiment name or id.
  public func snapshot(of run: RunRecord) -> Snapshot {
    Snapshot(label: run.experiment ?? run.id, params: run.params, metrics: run.lock.allMetrics)
  }

  /// A file at a git revision, or nil when git does not know the revision or file.
  func gitShow(_ revision: String, _ file: String) throws(PipelineError) -> String? {
    guard revision.utf8.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: "'") }) else { return nil }
    var text = ""
    let termination = StageProcess.run(
      command: "git show '\(revision):./\(file)'", directory: root, environment: Self.stageEnvironment(),
      onStart: { _ in },
      onLine: { line, isError in if !isError { text += line + "\n" } })
    return termination == .exited(0) ? text : nil
  }

  public static func diffParams(_ a: JSON, _ b: JSON, all: Bool) -> [DiffRow] {
    let left = Params.leaves(a, prefix: "")
    let right = Params.leaves(b, prefix: "")
    var keys: [String] = []
    for (k, _) in left + right where !keys.contains(k) { keys.append(k) }
    return keys.compactMap { key in
      let old = left.first { $0.0 == key }?.1
      let new = right.first { $0.0 == key }?.1
      return all || old != new ? DiffRow(path: nil, key: key, old: old, new: new) : nil
    }
  }

  public static func diffMetrics(_ a: [JSON.Member], _ b: [JSON.Member], all: Bool) -> [DiffRow] {
    var files: [String] = []
    for m in a + b where !files.contains(m.key) { files.append(m.key) }
    var rows: [DiffRow] = []
    for file in files {
      let left = a.first { $0.key == file }?.value.members ?? []
      let right = b.first { $0.key == file }?.value.members ?? []
      var keys: [String] = []
      for m in left + right where !keys.contains(m.key) { keys.append(m.key) }
      for key in keys {
        let old = left.first { $0.key == key }?.value
        let new = right.first { $0.key == key }?.value
        if all || old != new { rows.append(DiffRow(path: file, key: key, old: old, new: new)) }
      }
    }
    return rows
  }
}

extension Lockfile {
  /// Every stage's metrics files, in stage-name order.
  public var allMetrics: [JSON.Member] {
    stages.keys.sorted().flatMap { stages[$0]!.metrics }
  }
}
