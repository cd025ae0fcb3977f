import CommandLineKit
import Hashing
import PipelineCore
import StrictJSON

/// The `pipeline` command line: `run(arguments:)` is the whole program.
public enum PipelineCommand {
  public static let version = "0.1.0"

  static let stages = ArgumentSpec("stage", help: "Stages to act on (default: all).", isOptional: true, isRepeating: true)
  static let jobsOption = OptionSpec.option("-j", "--jobs", value: "n", help: "Stages to run at once (default: PIPELINE_CPUS, else the number of cores).")
  static let wait = OptionSpec.flag("--wait", help: "Wait for another pipeline process instead of failing.")
  static let json = OptionSpec.flag("--json", help: "Print JSON.")
  static let executorOptions = [
    OptionSpec.option("--executor", value: "name", help: "Where stages run: local (default) or slurm (one sbatch job each)."),
    OptionSpec.option("--partition", value: "p", help: "With --executor slurm: the partition of stages that name none."),
  ]
  static let noProgress = OptionSpec.flag("--no-progress", help: "Plain lines only: no live stage lines or progress bars.")
  static let revisions = [
    ArgumentSpec("a", help: "A run id (or prefix), experiment name, git revision, or 'workspace'.", isOptional: true),
    ArgumentSpec("b", help: "The same (default: the workspace).", isOptional: true),
  ]

  static let commands: [CommandSpec] = [
    CommandSpec(
      name: "pipeline repro", abstract: "Reproduce a pipeline: run the stages whose inputs changed.",
      arguments: [stages],
      options: [
        .flag("-f", "--force", help: "Run the stages even if nothing changed."),
        .flag("--dry", help: "Print what would run and why; run nothing."),
        .flag("-s", "--single-item", help: "Run only the named stages, not what they depend on."),
        .flag("-k", "--keep-going", help: "After a failure, go on with the stages that do not depend on it."),
        jobsOption, wait,
        .option("-S", "--set-param", value: "key=value", help: "Set a value in params.json before running."),
      ] + executorOptions + [
        noProgress,
        .flag("--pull", help: "Restore stages the remote's run-cache knows instead of running them."),
        remoteOption,
      ]),
    CommandSpec(
      name: "pipeline status", abstract: "Show which stages are stale and why.", arguments: [stages],
      options: [
        json, .flag("-q", "--exit-code", help: "Exit with 1 when any stage is stale (with --cloud: any out not on the remote), 0 otherwise."),
        .flag("-c", "--cloud", help: "Show whether each out is in the local cache and on the remote."), remoteOption,
      ]),
    CommandSpec(
      name: "pipeline dag", abstract: "Show the stage graph.",
      options: [
        .flag("--dot", help: "Print the graph in Graphviz dot."),
        .flag("--mermaid", help: "Print the graph as a Mermaid flowchart."),
      ]),
    CommandSpec(name: "pipeline metrics show", abstract: "Show the metrics the stages wrote.", options: [json]),
    CommandSpec(
      name: "pipeline metrics diff", abstract: "Compare the metrics of two runs (default: the previous run and the workspace).",
      arguments: revisions, options: [.flag("--all", help: "Show unchanged metrics too."), json]),
    CommandSpec(
      name: "pipeline params diff", abstract: "Compare the params of two runs (default: the previous run and the workspace).",
      arguments: revisions, options: [.flag("--all", help: "Show unchanged params too."), json]),
    CommandSpec(
      name: "pipeline exp run", abstract: "Run an experiment: set params, reproduce, and record the run under a name.",
      discussion: """
        With --queue, -S takes several values and queues every combination: -S a=1,2 -S b=x,y queues 4;
        -S 'a=range(lo, hi, step)' counts from lo up to, not including, hi. A comma inside a JSON string,
        list or object does not split: quote a string that holds one, -S 'title="a, b"'.
        --run-all runs the queue, -j experiments at once, each in a scratch workspace sharing the cache.
        """,
      options: [
        .option("-S", "--set-param", value: "key=value", help: "Set a value in params.json (with --queue: a,b,... or range(...))."),
        .option("-n", "--name", value: "name", help: "The experiment's name (default: exp-N; for a grid, NAME-1, NAME-2, ...)."),
        .flag("-f", "--force", help: "Run and record it even if an experiment with the same params exists."),
        .flag("--queue", help: "Queue the experiment(s) instead of running now."),
        .flag("--run-all", help: "Run the queued experiments."),
        .option("-j", "--jobs", value: "n", help: "Stages to run at once (default: PIPELINE_CPUS, else cores); with --run-all, experiments (default: 1)."),
        wait,
      ] + executorOptions + [noProgress]),
    CommandSpec(
      name: "pipeline exp show", abstract: "List the experiments with their changed params and metrics.",
      discussion: """
        By default: the params that differ between experiments, and the metrics named in pipeline.json's
        'summary_metrics' (else those that differ), fitting 100 columns.
        """,
      options: [
        json, .flag("--csv", help: "Print CSV."),
        .flag("-a", "--all", help: "Every param set with -S and every metric."),
        .option("--sort", value: "metric", help: "Sort by this metric, ascending."),
        .flag("--desc", help: "With --sort: descending."),
        .option("-m", "--metrics", value: "keys", help: "Only these metrics (comma-separated)."),
      ]),
    CommandSpec(name: "pipeline exp queue", abstract: "List the queued experiments: queued, running, done and failed."),
    CommandSpec(
      name: "pipeline exp queue remove", abstract: "Remove experiments from the queue.",
      arguments: [ArgumentSpec("name", help: "Queued experiments to remove.", isOptional: true, isRepeating: true)],
      options: [
        .flag("--all", help: "Every entry that is not running."),
        .flag("--queued", help: "Every entry still waiting."),
        .flag("--done", help: "Every entry that ran."),
        .flag("--failed", help: "Every entry that failed."),
      ]),
    CommandSpec(
      name: "pipeline exp remove", abstract: "Forget experiments: their run records and queue entries (gc frees their outputs).",
      arguments: [ArgumentSpec("name", help: "Experiments to remove.", isOptional: true, isRepeating: true)],
      options: [.flag("--all", help: "Every experiment.")]),
    CommandSpec(
      name: "pipeline exp apply", abstract: "Make the workspace an experiment's: its params.json, lock and outputs (from the cache).",
      arguments: [ArgumentSpec("name", help: "The experiment.")]),
    CommandSpec(
      name: "pipeline queue start", abstract: "Run the queued experiments (the same as 'pipeline exp run --run-all').",
      options: [.option("-j", "--jobs", value: "n", help: "Experiments to run at once (default: 1)."), noProgress]),
    CommandSpec(
      name: "pipeline checkout", abstract: "Restore outputs from the cache: those of the lock, or of a run or experiment.",
      arguments: [ArgumentSpec("run", help: "A run id (or prefix) or experiment name.", isOptional: true)]),
    CommandSpec(
      name: "pipeline gc", abstract: "Remove cached objects that no lock, run, experiment or run-cache entry needs.",
      options: [.flag("--dry", help: "Only say what would be removed.")]),
    CommandSpec(
      name: "pipeline cache verify",
      abstract: "Check every object in the cache against its name; list the damaged ones (exit 1)."),
    CommandSpec(
      name: "pipeline verify", abstract: "Rebuild from scratch in a clean copy and compare every output hash with pipeline.lock.",
      arguments: [stages], options: [jobsOption, .flag("--keep", help: "Keep the scratch folder for inspection.")]),
  ] + plotCommands + remoteCommands

  static let group = CommandGroup(
    name: "pipeline", abstract: "Run reproducible pipelines: hash every input and output, run only what changed.",
    version: version, commands: commands,
    families: [
      .init("metrics", abstract: "Show and compare the metrics the stages wrote."),
      .init("params", abstract: "Compare the params of runs and experiments."),
      .init("exp", abstract: "Run experiments (params set with -S) and compare them."),
      .init("cache", abstract: "Check the object cache."),
      .init("queue", abstract: "Run queued experiments."),
      .init("remote", abstract: "Configure remote caches shared by a team, a cluster or CI."),
    ])

  /// `-S svd.factors 64` (a space for the `=`) reads as `-S svd.factors` and a
  /// stray `64`: name the mistake before either half is misread.
  static func setParamHint(_ arguments: [String]) -> CommandLineError? {
    var i = 0
    while i < arguments.count, arguments[i] != "--" {
      let a = arguments[i]
      i += 1
      var value: String
      if a == "-S" || a == "--set-param" {
        guard i < arguments.count else { return nil }
        value = arguments[i]
        i += 1
      } else if a.hasPrefix("--set-param=") {
        value = String(a.dropFirst("--set-param=".count))
      } else if a.hasPrefix("-S"), a.count > 2 {
        value = String(a.dropFirst(2))
      } else {
        continue
      }
      guard !value.contains("=") else { continue }
      if i < arguments.count, !CommandSpec.looksLikeOption(arguments[i]) {
        return .other("-S takes key=value: write '-S \(value)=\(arguments[i])', not '-S \(value) \(arguments[i])'")
      }
      return .other("-S takes key=value (e.g. -S \(value)=...), not '\(value)'")
    }
    return nil
  }

  /// Runs the command line and returns the exit status.
  /// - Parameter signals: the process's signal watcher (the executable installs it
  ///   first thing); nil in in-process tests.
  public static func run(arguments: [String], signals: SignalWatcher? = nil) -> Int32 {
    let console = Console()
    do {
      try SHA256.checkImplementationVariable()
    } catch {
      console.err("Error: \(error)")
      return 64
    }
    switch group.resolve(arguments) {
    case .help(let text):
      console.out(String(text.dropLast()))
      return 0
    case .version:
      // The SHA-256 implementation shows whether hashing runs on the CPU's SHA instructions.
      console.out("pipeline \(version) (sha-256: \(SHA256.defaultImplementation))")
      return 0
    case .usageError(let text):
      console.err(String(text.dropLast()))
      return 64
    case .command(let spec, let rest):
      if spec.options.contains(where: { $0.key == "--set-param" }), let hint = setParamHint(rest) {
        console.err(String(spec.usageError(hint).dropLast()))
        return 64
      }
      let parsed: ParsedArguments
      do {
        parsed = try spec.parse(rest)
      } catch {
        console.err(String(spec.usageError(error).dropLast()))
        return 64
      }
      if parsed.helpRequested {
        console.out(String(spec.helpText().dropLast()))
        return 0
      }
      let console = parsed.has("--no-progress") ? Console(noProgress: true) : console
      do {
        switch spec.path {
        case "repro": return try repro(parsed, console: console, signals: signals)
        case "status" where parsed.has("--cloud"): return try cloudStatus(parsed, console: console)
        case "status": return try status(parsed, console: console)
        case "dag": return try dag(parsed, console: console)
        case "metrics show": return try metricsShow(parsed, console: console)
        case "metrics diff": return try diff(parsed, metrics: true, console: console)
        case "params diff": return try diff(parsed, metrics: false, console: console)
        case "exp run": return try experimentRun(parsed, console: console, signals: signals)
        case "exp show": return try experimentShow(parsed, console: console)
        case "exp queue": return try queueList(console: console)
        case "exp queue remove": return try queueRemove(parsed, console: console)
        case "exp remove": return try experimentRemove(parsed, console: console)
        case "exp apply": return try experimentApply(parsed, console: console)
        case "queue start": return try runAll(parsed, console: console, signals: signals)
        case "checkout": return try checkout(parsed, console: console)
        case "gc": return try gc(parsed, console: console)
        case "verify": return try verify(parsed, console: console, signals: signals)
        case "cache verify": return try cacheVerify(console: console)
        case "remote add", "remote list", "remote remove", "remote default", "push", "fetch", "pull":
          return try remoteCommand(spec.path, parsed, console: console)
        case "plots show", "plots diff": return try plots(parsed, diff: spec.path == "plots diff", console: console)
        default: return 64
        }
      } catch let error as CommandLineError {
        console.err(String(spec.usageError(error).dropLast()))
        return 64
      } catch let error as PipelineError {
        if case .usage(let message) = error {
          console.err(String(spec.usageError(.other(message)).dropLast()))
          return 64
        }
        console.err(String(describing: error))
        return error.exitCode
      } catch {
        console.err("error: \(error)")
        return 1
      }
    }
  }
}
