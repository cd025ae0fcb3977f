#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// One queued experiment ready to run: `pipeline exp run --name NAME -S ...` in
/// its scratch workspace.
public struct ExperimentJob: Sendable {
  public var name: String
  /// The scratch workspace, the command's working directory (inside the main
  /// repository's `.pipeline/queue/work/`, so on the same file system as the cache).
  public var directory: String
  /// The command line, word by word; the first is this `pipeline` executable.
  public var arguments: [String]
  public var environment: [String]

  /// The same command as one shell line, every word quoted (`exec`, so the
  /// signals of a local run reach `pipeline` itself).
  public var shellCommand: String {
    "exec " + arguments.map(ShellWord.quote).joined(separator: " ")
  }
}

/// Where a queued experiment runs: the one seam between the queue and an executor.
///
/// `run` starts the job, calls `onStart` with a process group that Ctrl-C should
/// reach (the queue forwards SIGINT/SIGTERM to it, then SIGKILL on a second
/// interrupt), streams its output lines, and returns how it ended. A job that no
/// signal of ours reaches (a cluster job, `SlurmLauncher`) asks `stop` instead
/// and cancels itself. The queue reads the result from the workspace afterwards,
/// so nothing else changes.
public protocol ExperimentLauncher: Sendable {
  func run(_ job: ExperimentJob, stop: () -> Bool, onStart: (pid_t) -> Void, onLine: (String, Bool) -> Void)
    -> ProcessTermination
}

/// Runs the job here, as a child process under a guardian (see `StageProcess`):
/// when this `pipeline` dies, the experiment's process tree dies with it.
public struct LocalLauncher: ExperimentLauncher {
  public init() {}

  public func run(_ job: ExperimentJob, stop: () -> Bool, onStart: (pid_t) -> Void, onLine: (String, Bool) -> Void)
    -> ProcessTermination
  {
    StageProcess.run(
      command: job.shellCommand, directory: job.directory, environment: job.environment,
      onStart: onStart,
      onLine: onLine)
  }
}
