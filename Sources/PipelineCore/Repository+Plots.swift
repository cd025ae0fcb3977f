import Basics
import Charts
import Hashing
import StrictJSON

/// One drawn plot: its declaration, the chart, and the data that went into it.
public struct RenderedPlot: Sendable {
  public var spec: PlotSpec
  public var chart: Chart
  /// The series as drawn, for `plots show --json`.
  public var data: JSON
}

/// Where a plot's data is read from: the workspace, or the outputs a lock recorded
/// (a run's or a git revision's), read back from the cache and hash-checked.
struct PlotRevision {
  var label: String
  /// nil: the workspace.
  var lock: Lockfile?
  /// A git revision, for data files git tracks itself.
  var gitRevision: String?
}

extension Repository {
  /// Draws the declared plots (all, or those named or reading one of `targets`) for
  /// the workspace or, overlaid, for each of `revisions` (run ids or prefixes,
  /// experiment names, git revisions, `workspace`).
  ///
  /// Everything is read and checked before anything is returned, so a caller that
  /// writes files writes all of them or none.
  public func renderPlots(targets: [String], revisions: [String]) throws(PipelineError)
    -> [RenderedPlot]
  {
    let pipeline = try loadPipeline()
    guard !pipeline.plots.isEmpty else {
      throw .invalidPipeline("pipeline.json declares no plots; add a 'plots' section (see README)")
    }
    var specs = pipeline.plots
    if !targets.isEmpty {
      for t in targets
      where !specs.contains(where: { $0.name == t || $0.files.contains(Paths.normalize(t) ?? t) }) {
        let names = specs.map(\.name)
        throw .usage(
          "no plot named '\(t)' or reading it\(Spelling.didYouMean(t, among: names)); plots: \(names.joined(separator: ", "))"
        )
      }
      specs = specs.filter { s in
        targets.contains { $0 == s.name || s.files.contains(Paths.normalize($0) ?? $0) }
      }
    }
    var sides: [PlotRevision] = []
    for r in revisions.isEmpty ? ["workspace"] : revisions {
      let side = try plotRevision(r)
      if sides.contains(where: { $0.label == side.label }) {
        throw .usage("'\(r)' is given twice (as '\(side.label)'); name each revision once")
      }
      sides.append(side)
    }
    var cache: [String: [UInt8]] = [:]  // lookup only: (revision, file) -> bytes
    var result: [RenderedPlot] = []
    for spec in specs {
      var tables: [(label: String, tables: [String: PlotTable])] = []
      for side in sides {
        var byFile: [String: PlotTable] = [:]
        for file in spec.files {
          let source = spec.y.first { $0.file == file }!
          let cacheKey = side.label + "\u{0}" + file
          let bytes: [UInt8]
          if let known = cache[cacheKey] {
            bytes = known
          } else {
            bytes = try plotData(file, side: side, spec: spec, at: source.fileLocation)
            cache[cacheKey] = bytes
          }
          do {
            byFile[file] = try PlotTable.parse(bytes, file: file, key: spec.key)
          } catch {
            throw source.fileLocation.error(
              "plot '\(spec.name)'\(sides.count > 1 ? " (\(side.label))" : ""): \(error.message)")
          }
        }
        tables.append((side.label, byFile))
      }
      let (chart, data) = try PlotBuilder.build(spec, tables: tables)
      result.append(RenderedPlot(spec: spec, chart: chart, data: data))
    }
    return result
  }

  /// Resolves one side of `plots diff`.
  func plotRevision(_ spec: String) throws(PipelineError) -> PlotRevision {
    if spec == "workspace" { return PlotRevision(label: "workspace", lock: nil, gitRevision: nil) }
    if let run = try run(named: spec) {
      return PlotRevision(label: run.experiment ?? run.id, lock: run.lock, gitRevision: nil)
    }
    guard let lockText = try gitShow(spec, "pipeline.lock") else {
      throw .usage(
        "'\(spec)' is not a run id, an experiment name, or a git revision with pipeline.lock")
    }
    let lock: JSON
    do { lock = try JSONParser.parse(Array(lockText.utf8), file: "\(spec):pipeline.lock") } catch {
      throw PipelineError(error)
    }
    var stages: [String: LockEntry] = [:]
    for m in lock["stages"]?.members ?? [] { stages[m.key] = LockEntry(m.value) }
    return PlotRevision(label: spec, lock: Lockfile(stages: stages), gitRevision: spec)
  }

  /// The bytes of `file` as `side` had them; an output comes from the cache and must
  /// hash to what the lock recorded.
  func plotData(_ file: String, side: PlotRevision, spec: PlotSpec, at location: SourceLocation)
    throws(PipelineError)
    -> [UInt8]
  {
    let what = "plot '\(spec.name)'"
    guard let lock = side.lock else {
      let full = root + "/" + file
      guard let status = FileSystem.status(full) else {
        let hint =
          (try? loadPipeline())?.stages.first {
            $0.outs.contains { $0 == file || Paths.isInside(file, $0) }
          }
          .map { "; run 'pipeline repro \($0.name)' to make it" } ?? ""
        throw location.error("\(what): '\(file)' does not exist\(hint)")
      }
      guard !status.isDirectory else {
        throw location.error("\(what): '\(file)' is a folder; name a file in it")
      }
      return try FileSystem.read(full)
    }
    let records = lock.stages.keys.sorted().flatMap { lock.stages[$0]!.outs }
    guard let out = records.first(where: { $0.path == file || Paths.isInside(file, $0.path) })
    else {
      if let revision = side.gitRevision, let text = try gitShow(revision, file) {
        return Array(text.utf8)
      }
      throw location.error(
        "\(what): '\(file)' is not an output in \(side.label)'s lock, so \(side.label) kept no copy of it"
      )
    }
    let cache = objectCache
    func object(_ sha: String) throws(PipelineError) -> [UInt8] {
      let path = cache.objectPath(sha)
      guard FileSystem.exists(path) else {
        throw location.error(
          "\(what): '\(file)' of \(side.label) is not in the cache (removed by 'pipeline gc'?); reproduce it with 'pipeline checkout' or 'exp run'"
        )
      }
      let bytes = try FileSystem.read(path)
      guard SHA256.hash(bytes).hex == sha else {
        throw .io(
          path: path,
          message:
            "damaged cache object (its bytes do not hash to its name); run 'pipeline cache verify' or reproduce"
        )
      }
      return bytes
    }
    if out.hash.nfiles == nil {
      guard out.path == file else {
        throw location.error("\(what): '\(out.path)' is a file, not a folder holding '\(file)'")
      }
      return try object(out.hash.sha256)
    }
    if out.path == file {
      throw location.error("\(what): '\(file)' is a folder; name a file in it")
    }
    let manifestText = String(decoding: try object(out.hash.sha256), as: UTF8.self)
    guard let entries = ContentHasher.parseManifest(manifestText) else {
      throw .io(path: cache.objectPath(out.hash.sha256), message: "damaged manifest in the cache")
    }
    let relative = String(file.dropFirst(out.path.count + 1))
    guard let entry = entries.first(where: { $0.path == relative }) else {
      throw location.error(
        "\(what): '\(file)' was not among the outputs of \(side.label) ('\(out.path)' had no such file)"
      )
    }
    return try object(entry.sha256)
  }
}
