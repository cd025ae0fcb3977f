/// One stage as a Slurm batch job: its script and its `sbatch` arguments.
///
/// Pure values, so the exact arguments, the quoting and the dependency string are
/// unit-tested without a cluster. The command reaches the shell once, as one
/// single-quoted word of `sh -c`; every other value is its own `sbatch` argument
/// (no shell in between).
struct SlurmJob: Equatable, Sendable {
  var stage: String
  /// The interpolated command, exactly what the lock records.
  var command: String
  /// Where the command runs (absolute: the stage's wdir).
  var directory: String
  var resources: StageResources
  /// `--partition` for stages that name none.
  var defaultPartition: String?
  /// Job ids that must succeed first.
  var after: [String]
  /// Where the script and the logs go (absolute).
  var script: String
  var output: String
  var error: String

  /// The batch script: the stage's command run by `sh -c` (the wdir is `--chdir`), with
  /// its CPU budget in `PIPELINE_CPUS` (and `OMP_NUM_THREADS` unless set): the stage's
  /// `resources.cpus`, else the CPUs Slurm gave the job on its node, else what the
  /// submitting environment said.
  var scriptText: String {
    let budget = resources.cpus.map(String.init) ?? "${SLURM_CPUS_ON_NODE:-${PIPELINE_CPUS:-}}"
    return """
      #!/bin/sh
      # Stage '\(stage)' of pipeline.json, written by 'pipeline repro --executor slurm'.
      PIPELINE_CPUS=\(budget)
      if [ -n "$PIPELINE_CPUS" ]; then export PIPELINE_CPUS OMP_NUM_THREADS="${OMP_NUM_THREADS:-$PIPELINE_CPUS}"; fi
      exec /bin/sh -c \(ShellWord.quote(command))

      """
  }

  /// `afterok:12:13`, or nil with nothing to wait for.
  static func dependency(_ after: [String]) -> String? {
    after.isEmpty ? nil : "afterok:" + after.joined(separator: ":")
  }

  /// The arguments after `sbatch`.
  var arguments: [String] {
    var args = [
      "--parsable", "--job-name=\(stage)", "--chdir=\(directory)", "--output=\(output)", "--error=\(error)",
      "--open-mode=truncate", "--export=ALL",
      // A job whose dependency failed is cancelled by Slurm, not left pending forever.
      "--kill-on-invalid-dep=yes",
    ]
    if let dependency = Self.dependency(after) { args.append("--dependency=\(dependency)") }
    if let partition = resources.partition ?? defaultPartition { args.append("--partition=\(partition)") }
    if let cpus = resources.cpus { args.append("--cpus-per-task=\(cpus)") }
    if let mem = resources.mem { args.append("--mem=\(mem)") }
    if let time = resources.time { args.append("--time=\(time)") }
    if let gpus = resources.gpus { args.append("--gpus=\(gpus)") }
    args.append(script)
    return args
  }

  /// The job id in `sbatch --parsable`'s answer (`12` or `12;cluster`).
  static func parseSubmission(_ text: String) -> String? {
    let first = text.split(separator: "\n").first.map { $0.split(separator: ";").first ?? $0 } ?? ""
    let id = first.trimmingSpaces()
    return !id.isEmpty && id.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? id : nil
  }
}

/// Where a Slurm job is, as `squeue`, `scontrol show job -o` or `sacct` tell it.
struct SlurmJobState: Equatable, Sendable {
  /// `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `TIMEOUT`, `OUT_OF_MEMORY`, `CANCELLED`, ...
  var state: String
  /// Slurm's reason (`NonZeroExitCode`, `DependencyNeverSatisfied`, `TimeLimit`...), if any.
  var reason: String?
  /// The command's exit status and the signal that ended it (`ExitCode=3:0`), once known.
  var exitCode: Int32?
  var signal: Int32?
  /// The job's time limit as Slurm shows it (`00:01:00`), for TIMEOUT messages.
  var timeLimit: String?

  /// States after which the job never runs again.
  static let finalStates: Set<String> = [
    "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL",
    "DEADLINE", "REVOKED", "SPECIAL_EXIT",
  ]

  var isFinal: Bool { Self.finalStates.contains(state) }
  var succeeded: Bool { state == "COMPLETED" && (exitCode ?? 0) == 0 }

  /// One `scontrol show job -o` line: space-separated `Key=Value` fields.
  static func parse(scontrol line: String) -> SlurmJobState? {
    var fields: [Substring: Substring] = [:]
    for word in line.split(separator: " ") {
      guard let eq = word.firstIndex(of: "=") else { continue }
      let key = word[..<eq]
      if fields[key] == nil { fields[key] = word[word.index(after: eq)...] }
    }
    guard let state = fields["JobState"], !state.isEmpty else { return nil }
    var result = SlurmJobState(state: String(state))
    if let reason = fields["Reason"], reason != "None" { result.reason = String(reason) }
    if let exit = fields["ExitCode"] { (result.exitCode, result.signal) = parseExit(exit) }
    if let limit = fields["TimeLimit"], limit != "UNLIMITED" { result.timeLimit = String(limit) }
    return result
  }

  /// `squeue -h -t all -o '%i|%T|%r'` lines, by job id.
  static func parse(squeue text: String) -> [String: SlurmJobState] {
    var result: [String: SlurmJobState] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "|", omittingEmptySubsequences: false)
      guard parts.count >= 2, !parts[0].isEmpty else { continue }
      var state = SlurmJobState(state: String(parts[1]))
      if parts.count > 2, !parts[2].isEmpty, parts[2] != "None" { state.reason = String(parts[2]) }
      result[String(parts[0]).trimmingSpaces()] = state
    }
    return result
  }

  /// `sacct -n -P -X -o JobID,State,ExitCode` lines (`12|CANCELLED by 0|0:15`), by job id.
  static func parse(sacct text: String) -> [String: SlurmJobState] {
    var result: [String: SlurmJobState] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "|", omittingEmptySubsequences: false)
      guard parts.count >= 3, let word = parts[1].split(separator: " ").first else { continue }
      var state = SlurmJobState(state: String(word))
      (state.exitCode, state.signal) = parseExit(parts[2])
      result[String(parts[0])] = state
    }
    return result
  }

  private static func parseExit(_ text: Substring) -> (Int32?, Int32?) {
    let parts = text.split(separator: ":")
    guard parts.count == 2, let code = Int32(parts[0]), let signal = Int32(parts[1]) else { return (nil, nil) }
    return (code, signal)
  }

  /// Why a finished job did not succeed, in words a user can act on.
  var failure: String {
    switch state {
    case "COMPLETED", "FAILED":
      if let signal, signal != 0 { return "killed by signal \(signal)" }
      return "exited with status \(exitCode ?? 1)"
    case "TIMEOUT":
      let limit = timeLimit.map { " (\($0))" } ?? ""
      return "killed by Slurm: TIMEOUT, the time limit\(limit) was reached; raise resources.time"
    case "OUT_OF_MEMORY":
      return "killed by Slurm: OUT_OF_MEMORY, the job used more memory than it asked for; raise resources.mem"
    case "CANCELLED":
      let why = reason.map { " (\($0))" } ?? ""
      return "killed by Slurm: CANCELLED\(why)"
    default:
      let why = reason.map { " (\($0))" } ?? ""
      return "ended by Slurm: \(state)\(why)"
    }
  }
}
