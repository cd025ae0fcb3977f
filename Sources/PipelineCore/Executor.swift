/// Where stage commands run. Everything around the command (staleness, the
/// run-cache, hashing outputs, the lock, run records) is the same for each, so a
/// lock written through any executor is the lock a local run writes.
public enum Executor: Sendable {
  /// Child processes of `pipeline` on this machine (the default).
  case local
  /// One Slurm batch job per stage that has to run, the DAG's edges as
  /// `--dependency=afterok`; the repository must be on a file system the nodes share.
  case slurm(SlurmClient)

  /// Whether a stage may be handed over before its upstream stages finished, because
  /// the executor itself holds it back until they succeed (Slurm's afterok).
  var submitsAhead: Bool {
    if case .slurm = self { return true }
    return false
  }
}

extension StageContext {
  /// Runs the command with the executor.
  /// - Returns: nil on success, otherwise why it failed (with the tail of its stderr).
  func runCommand(run: RunState<StageOutcome>) -> String? {
    switch executor {
    case .local: return runLocally(run: run)
    case .slurm(let client): return runOnSlurm(client, run: run)
    }
  }

  /// The command as a child process of ours, its output streamed as it comes.
  private func runLocally(run: RunState<StageOutcome>) -> String? {
    let directory = stage.workingDirectory.isEmpty ? root : root + "/" + stage.workingDirectory
    var tail: [String] = []
    var pid: Int32 = 0
    let termination = StageProcess.run(
      command: stage.command, directory: directory, environment: environment, lock: lock,
      onStart: {
        pid = $0
        run.started($0)
        console.stageStarted(stage.name)
      },
      onLine: { line, isError in show(line, isError: isError, tail: &tail) })
    if pid != 0 {
      run.ended(pid)
      console.stageEnded(stage.name)
    }
    switch termination {
    case .exited(0): return nil
    case .exited(let code): return "command exited with status \(code)\(Self.tailText(tail))"
    case .signaled(let sig): return "command was killed by signal \(sig)\(Self.tailText(tail))"
    case .couldNotStart(let message): return message
    }
  }

  /// Shows one line of the stage's output: progress lines drive the live display,
  /// the rest is printed (prefixed when stages run side by side); the last ten
  /// stderr lines are kept for a failure message.
  func show(_ line: String, isError: Bool, tail: inout [String]) {
    if !isError, let (done, total, label) = Console.parseProgress(line) {
      console.stageProgress(stage.name, done: done, total: total, label: label, prefix: prefix ?? "")
      return
    }
    let text = (prefix ?? "") + line
    if isError {
      console.err(text)
      tail.append(line)
      if tail.count > 10 { tail.removeFirst() }
    } else {
      console.out(text)
    }
  }

  /// `\n  stderr (last N lines):\n    ...`, or nothing without lines.
  static func tailText(_ lines: [String]) -> String {
    lines.isEmpty ? "" : "\n  stderr (last \(lines.count) lines):\n" + lines.map { "    " + $0 }.joined(separator: "\n")
  }
}
