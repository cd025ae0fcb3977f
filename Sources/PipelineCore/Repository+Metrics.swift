import StrictJSON

extension Repository {
  /// The metrics files of every stage as they are in the workspace now, each
  /// flattened to dotted numeric keys; a missing file is left out.
  public func workspaceMetrics() throws(PipelineError) -> [JSON.Member] {
    let pipeline = try loadPipeline()
    var result: [JSON.Member] = []
    for stage in pipeline.stages {
      for path in stage.metrics where FileSystem.exists(root + "/" + path) {
        let node = try Pipeline.parseJSONFile(root: root, name: path)
        result.append(JSON.Member(path, LockEntry.flattenMetrics(node.json)))
      }
    }
    return result
  }
}
