#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import StrictJSON

/// One compared output of `verify`.
public struct VerifyRow: Sendable {
  public var stage: String
  public var path: String
  public var expected: String
  public var actual: String
  public var ok: Bool { expected == actual }
}

public struct VerifyReport: Sendable {
  public var rows: [VerifyRow]
  /// Stages that failed in the clean copy, with the reason.
  public var failures: [(stage: String, message: String)]
  public var passed: Bool { failures.isEmpty && rows.allSatisfy(\.ok) }
}

extension Repository {
  /// Rebuilds the stages from scratch in a clean copy holding only `pipeline.json`,
  /// `params.json` and the declared source deps, with no cache of any kind, and
  /// compares every output's hash with `pipeline.lock`.
  public func verify(
    stages targets: [String], jobs: Int, keep: Bool, console: Console, signals: SignalWatcher? = nil
  ) throws(PipelineError)
    -> VerifyReport
  {
    let pipeline = try loadPipeline()
    let lock = try loadLock()
    var template = Array("/tmp/pipeline-verify-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
      throw .io(path: "/tmp", message: "cannot make a scratch folder: \(FileSystem.errnoText())")
    }
    let scratch = String(cString: made)
    defer { if !keep { try? FileSystem.remove(scratch) } }

    let indices = try Self.resolve(targets, in: pipeline)
    let needed = indices.isEmpty ? [Bool](repeating: true, count: pipeline.stages.count) : pipeline.closure(of: indices)
    try populateScratch(scratch, pipeline: pipeline, needed: needed)
    console.out("Rebuilding in a clean copy (\(keep ? scratch : "removed afterwards")) ...")
    var options = ReproOptions()
    options.targets = targets
    options.force = true
    options.useCache = false
    options.noRunCache = true
    options.jobs = jobs
    options.signals = signals
    let report = try Repository(root: scratch).repro(options, console: console)

    var rows: [VerifyRow] = []
    var failures: [(String, String)] = []
    for stageReport in report.stages {
      let name = stageReport.name
      guard stageReport.status == .ran else {
        var message = stageReport.message ?? stageReport.status.rawValue
        if stageReport.status == .failed {
          message += "\n  hint: in the clean copy only declared deps exist; a stage that reads a file it does not list in 'deps' fails here"
        }
        failures.append((name, message))
        continue
      }
      guard let recorded = lock.stages[name] else {
        failures.append((name, "not in pipeline.lock; run 'pipeline repro' and commit the lock"))
        continue
      }
      let rebuilt = report.lock.stages[name]
      if rebuilt?.command != recorded.command {
        failures.append((name, "pipeline.lock records another cmd; run 'pipeline repro' and commit the lock"))
        continue
      }
      for out in recorded.outs {
        let actual = rebuilt?.out(out.path)?.sha256 ?? "(missing)"
        rows.append(VerifyRow(stage: name, path: out.path, expected: out.hash.sha256, actual: actual))
      }
    }
    return VerifyReport(rows: rows, failures: failures)
  }

  /// Fills a scratch workspace with what a clean rebuild may read: `pipeline.json`,
  /// `params.json`, and the declared deps of the `needed` stages that no stage
  /// writes (the sources). Shared by `verify` and queued experiments.
  func populateScratch(_ scratch: String, pipeline: Pipeline, needed: [Bool]) throws(PipelineError) {
    for file in ["pipeline.json", "params.json"] where FileSystem.exists(root + "/" + file) {
      try copyTree(root + "/" + file, to: scratch + "/" + file)
    }
    var allOuts = OutIndex()
    for (i, stage) in pipeline.stages.enumerated() { for out in stage.outs { allOuts.add(out, stage: i) } }
    for (i, stage) in pipeline.stages.enumerated() where needed[i] {
      for dep in stage.deps where allOuts.overlapping(dep).isEmpty {
        guard FileSystem.exists(root + "/" + dep) else {
          throw .io(path: dep, message: "declared dep of stage '\(stage.name)' does not exist")
        }
        if !FileSystem.exists(scratch + "/" + dep) { try copyTree(root + "/" + dep, to: scratch + "/" + dep) }
      }
    }
  }

  /// Copies a file or folder (contents, not links) from the repository.
  private func copyTree(_ from: String, to: String) throws(PipelineError) {
    guard let status = FileSystem.status(from) else { throw .io(path: from, message: "does not exist") }
    try FileSystem.makeDirectories(FileSystem.parent(of: to))
    if status.isDirectory {
      try FileSystem.makeDirectories(to)
      for name in try FileSystem.list(from) { try copyTree(from + "/" + name, to: to + "/" + name) }
    } else if cposixCopy(from, to) != 0 {
      throw .io(path: from, message: "cannot copy to the scratch folder: \(FileSystem.errnoText())")
    }
  }
}
