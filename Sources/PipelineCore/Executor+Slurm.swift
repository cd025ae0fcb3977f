import Basics

extension StageContext {
  /// The folder of generated job scripts and job logs, relative to the root.
  static let slurmFolder = ".pipeline/slurm"

  /// The command as one Slurm batch job: writes its script, submits it (after the
  /// jobs of upstream stages still running), waits for it, and shows its logs.
  ///
  /// A Ctrl-C, or the scheduler giving up on the stage (an upstream stage failed
  /// after its job succeeded), cancels the job; the stage then fails and is not recorded.
  /// - Returns: nil on success, otherwise the job id, how it ended, and its log's tail.
  func runOnSlurm(_ client: SlurmClient, run: RunState) -> String? {
    let folder = root + "/" + Self.slurmFolder
    let logs = (out: Self.slurmFolder + "/\(stage.name).out", err: Self.slurmFolder + "/\(stage.name).err")
    let job = SlurmJob(
      stage: stage.name, command: stage.command,
      directory: stage.workingDirectory.isEmpty ? root : root + "/" + stage.workingDirectory,
      resources: stage.resources, defaultPartition: client.partition, after: after.map(\.job),
      script: folder + "/\(stage.name).sh", output: root + "/" + logs.out, error: root + "/" + logs.err)
    do {
      try FileSystem.makeDirectories(folder)
      try FileSystem.remove(job.output)
      try FileSystem.remove(job.error)
      do {
        try AtomicFile.write(job.scriptText, to: job.script, mode: 0o755)
      } catch { throw PipelineError(error) }
    } catch {
      return String(describing: error)
    }
    if run.isInterrupted { return "interrupted before it was submitted" }
    let id: String
    do { id = try client.submit(job) } catch { return String(describing: error) }
    run.submitted(index, job: id)
    let waits = after.isEmpty ? "" : " after " + after.map { "'\($0.stage)' (job \($0.job))" }.joined(separator: ", ")
    console.out("Submitted stage '\(stage.name)' as Slurm job \(id)\(waits)")
    console.stageStarted(stage.name)
    let end = client.wait(for: id) { run.isInterrupted || run.isAbandoned(id) }
    console.stageEnded(stage.name)
    var tail: [String] = []
    for (path, isError) in [(job.output, false), (job.error, true)] {
      guard let bytes = try? FileSystem.read(path), !bytes.isEmpty else { continue }
      let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      for line in lines.dropLast(bytes.last == UInt8(ascii: "\n") ? 1 : 0) {
        show(String(line), isError: isError, tail: &tail)
      }
    }
    if end.succeeded { return nil }
    return "Slurm job \(id) \(end.failure) (logs: \(logs.out), \(logs.err))\(Self.tailText(tail))"
  }
}
