#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Runs each queued experiment as one Slurm batch job: its `pipeline exp run`, in
/// its scratch workspace, on whichever node Slurm picks (the repository, with the
/// cache the scratch workspaces share, must be on a file system the nodes share).
///
/// The job's output reaches the queue's log once the job ended; a Ctrl-C of the
/// queue cancels the job (SIGTERM to its `pipeline`, which records nothing partial).
public struct SlurmLauncher: ExperimentLauncher {
  public let client: SlurmClient

  public init(client: SlurmClient) { self.client = client }

  public func run(_ job: ExperimentJob, stop: () -> Bool, onStart: (pid_t) -> Void, onLine: (String, Bool) -> Void)
    -> ProcessTermination
  {
    let folder = job.directory + "/" + StageContext.slurmFolder
    let batch = SlurmJob(
      stage: job.name, command: job.shellCommand, directory: job.directory, resources: StageResources(),
      defaultPartition: client.partition, after: [], script: folder + "/experiment.sh",
      output: folder + "/experiment.out", error: folder + "/experiment.err")
    let id: String
    let end: SlurmJobState
    do {
      (id, end) = try client.run(
        batch, submitted: { onLine("submitted as Slurm job \($0)", false) }, shouldCancel: { _ in stop() })
    } catch {
      return .couldNotStart(String(describing: error))
    }
    for line in SlurmClient.lines(of: batch.output) { onLine(line, false) }
    for line in SlurmClient.lines(of: batch.error) { onLine(line, true) }
    if end.succeeded { return .exited(0) }
    onLine("Slurm job \(id) \(end.failure)", true)
    if let signal = end.signal, signal != 0 { return .signaled(signal) }
    return .exited(max(1, end.exitCode ?? 1))
  }
}
