import StrictJSON

extension Lockfile {
  /// Reads `pipeline.lock`; a missing file is an empty lock.
  public static func load(root: String) throws(PipelineError) -> Lockfile {
    let name = "pipeline.lock"
    guard FileSystem.exists(root + "/" + name) else { return Lockfile() }
    let node = try Pipeline.parseJSONFile(root: root, name: name)
    func fail(_ n: JSONNode, _ message: String) -> PipelineError {
      .invalid(
        file: name, line: n.location.line, column: n.location.column,
        message: message + "; restore pipeline.lock from version control or delete it to run everything again")
    }
    guard let version = node["schema"], case .number(let v) = version.value else {
      throw fail(node, "missing 'schema'")
    }
    guard Int(v) == formatVersion else {
      throw fail(version, "unsupported lock schema \(JSON.formatNumber(v)) (this pipeline reads \(formatVersion))")
    }
    guard let stages = node["stages"]?.fields else { throw fail(node, "missing 'stages' object") }
    var result: [String: LockEntry] = [:]
    for field in stages {
      let s = field.value
      guard let command = s["cmd"]?.stringValue else { throw fail(s, "stage '\(field.key)': missing 'cmd'") }
      func records(_ key: String) throws(PipelineError) -> [LockEntry.PathRecord] {
        guard let list = s[key] else { return [] }
        guard let items = list.items else { throw fail(list, "stage '\(field.key)': '\(key)' must be an array") }
        var out: [LockEntry.PathRecord] = []
        for item in items {
          guard let path = item["path"]?.stringValue, let sha = item["sha256"]?.stringValue,
            let sizeNode = item["size"], case .number(let size) = sizeNode.value
          else { throw fail(item, "stage '\(field.key)': each of '\(key)' needs 'path', 'sha256' and 'size'") }
          var nfiles: Int?
          if let n = item["nfiles"], case .number(let count) = n.value { nfiles = Int(count) }
          out.append(.init(path: path, hash: PathHash(sha256: sha, size: Int64(size), nfiles: nfiles)))
        }
        return out
      }
      result[field.key] = LockEntry(
        command: command, deps: try records("deps"), outs: try records("outs"),
        params: s["params"]?.json.members ?? [], metrics: s["metrics"]?.json.members ?? [])
    }
    return Lockfile(stages: result)
  }

  /// Writes the lock atomically, keeping only the stages the pipeline still has.
  func save(root: String, pipeline: Pipeline) throws(PipelineError) {
    var kept = self
    kept.stages = stages.filter { name, _ in pipeline.index(of: name) != nil }
    try FileSystem.writeAtomically(kept.canonicalText(), to: root + "/pipeline.lock")
  }
}
