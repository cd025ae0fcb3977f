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
      guard let entry = LockEntry(field.value.json) else {
        throw fail(field.value, "stage '\(field.key)': malformed entry (it needs 'cmd', and 'path', 'sha256', 'size' for each dep and out)")
      }
      result[field.key] = entry
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
