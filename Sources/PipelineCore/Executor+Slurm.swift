extension StageContext {
  /// The folder of generated job scripts and job logs, relative to the root.
  static let slurmFolder = ".pipeline/slurm"

  /// The command as one Slurm batch job: writes its script, submits it (after the
  /// jobs of upstream stages still running), waits for it, and shows its logs.
  ///
  /// A Ctrl-C, or the scheduler giving up on the stage (an upstream stage failed
  /// after its job succeeded), cancels the job; the stage then fails and is not recorded.
  /// - Returns: nil on success, otherwise the job id, how it ended, and its log's tail.
  func runOnSlurm(_ client: SlurmClient, run: RunState<StageOutcome>) -> String? {
    let folder = root + "/" + Self.slurmFolder
    let logs = (out: Self.slurmFolder + "/\(stage.name).out", err: Self.slurmFolder + "/\(stage.name).err")
    let job = SlurmJob(
      stage: stage.name, command: stage.command,
      directory: stage.workingDirectory.isEmpty ? root : root + "/" + stage.workingDirectory,
      resources: stage.resources, defaultPartition: client.partition, after: after.map(\.job),
      script: folder + "/\(stage.name).sh", output: root + "/" + logs.out, error: root + "/" + logs.err)
    if run.isInterrupted { return "interrupted before it was submitted" }
    let id: String
    let end: SlurmJobState
    do {
      (id, end) = try client.run(
        job,
        submitted: { id in
          run.submitted(index, job: id)
          let waits = after.isEmpty ? "" : " after " + after.map { "'\($0.stage)' (job \($0.job))" }.joined(separator: ", ")
          console.out("Submitted stage '\(stage.name)' as Slurm job \(id)\(waits)")
          console.stageStarted(stage.name)
        },
        shouldCancel: { run.isInterrupted || run.isAbandoned($0) })
    } catch {
      return String(describing: error)
    }
    console.stageEnded(stage.name)
    var tail: [String] = []
    for (path, isError) in [(job.output, false), (job.error, true)] {
      for line in SlurmClient.lines(of: path) { show(line, isError: isError, tail: &tail) }
    }
    if end.succeeded { return nil }
    if run.isInterrupted || run.isAbandoned(id) {
      // The job is over (its processes with it), but a command that outlived a
      // signal to one of its children may have written an out meanwhile: a stage
      // we cancelled leaves none behind.
      for out in stage.outs { try? FileSystem.remove(root + "/" + out) }
    }
    return "Slurm job \(id) \(end.failure) (logs: \(logs.out), \(logs.err))\(Self.tailText(tail))"
  }
}
