/// Everything that can go wrong in the engine, each with a message a user can act on.
public enum PipelineError: Error, CustomStringConvertible, Equatable {
  /// A problem in `pipeline.json`, `params.json` or `pipeline.lock` at a known place.
  case invalid(file: String, line: Int, column: Int, message: String)
  /// A problem with the pipeline as a whole (no file position applies).
  case invalidPipeline(String)
  /// A file operation failed.
  case io(path: String, message: String)
  /// Another `pipeline` process holds the repository lock.
  case locked(pid: Int32?)
  /// A stage's command failed; the details were already printed.
  case stagesFailed([String])
  /// Ctrl-C or SIGTERM stopped the run.
  case interrupted
  /// A usage error in the command line (exit 64).
  case usage(String)
  /// The chosen executor cannot be used (Slurm missing, a submission refused).
  case executorUnavailable(String)
  /// `exp run` would repeat an experiment that has the same params and commit.
  case duplicateExperiment(name: String, run: String)

  public var description: String {
    switch self {
    case .invalid(let file, let line, let column, let message):
      return "\(file):\(line):\(column): error: \(message)"
    case .invalidPipeline(let message):
      return "error: \(message)"
    case .io(let path, let message):
      return "error: '\(path)': \(message)"
    case .locked(let pid):
      let holder = pid.map { "pid \($0)" } ?? "another process"
      return "error: the repository is locked by another pipeline process (\(holder)); wait for it to finish, or pass --wait"
    case .stagesFailed(let names):
      return "error: \(names.count == 1 ? "stage" : "stages") \(names.map { "'\($0)'" }.joined(separator: ", ")) failed"
    case .interrupted:
      return "error: interrupted; stages that did not finish were not recorded"
    case .usage(let message):
      return "Error: \(message)"
    case .executorUnavailable(let message):
      return "error: \(message)"
    case .duplicateExperiment(let name, let run):
      return
        "error: experiment '\(name)' (run \(run)) already ran with exactly these params at this commit; 'pipeline checkout \(name)' restores its outputs, 'pipeline exp show' lists its metrics, --force records it again"
    }
  }

  /// The process exit status for this error: 2 for an invalid pipeline, 64 for
  /// usage errors, 130 for an interrupt, 1 for everything else.
  public var exitCode: Int32 {
    switch self {
    case .invalid, .invalidPipeline: return 2
    case .usage: return 64
    case .interrupted: return 130
    case .io, .locked, .stagesFailed, .duplicateExperiment, .executorUnavailable: return 1
    }
  }
}
