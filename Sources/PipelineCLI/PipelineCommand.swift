#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import PipelineCore
import StrictJSON

/// The `pipeline` command line: `run(arguments:)` is the whole program.
public enum PipelineCommand {
  public static let version = "0.1.0"

  static let commands: [CommandSpec] = [
    CommandSpec(
      path: "repro", overview: "Reproduce a pipeline: run the stages whose inputs changed.",
      arguments: "[<stage> ...]",
      options: [
        .init(short: "f", long: "force", value: nil, help: "Run the stages even if nothing changed."),
        .init(short: nil, long: "dry", value: nil, help: "Print what would run and why; run nothing."),
        .init(short: "s", long: "single-item", value: nil, help: "Run only the named stages, not what they depend on."),
        .init(short: "k", long: "keep-going", value: nil, help: "After a failure, go on with the stages that do not depend on it."),
        .init(short: "j", long: "jobs", value: "n", help: "Stages to run at once (default: the number of cores)."),
        .init(short: nil, long: "wait", value: nil, help: "Wait for another pipeline process instead of failing."),
        .init(short: "S", long: "set-param", value: "key=value", help: "Set a value in params.json before running.", repeats: true),
      ], maxPositionals: nil),
    CommandSpec(
      path: "status", overview: "Show which stages are stale and why.", arguments: "[<stage> ...]",
      options: [
        .init(short: nil, long: "json", value: nil, help: "Print the status as JSON."),
        .init(short: "q", long: "exit-code", value: nil, help: "Exit with 1 when any stage is stale, 0 otherwise."),
      ], maxPositionals: nil),
    CommandSpec(
      path: "dag", overview: "Show the stage graph.", arguments: "",
      options: [
        .init(short: nil, long: "dot", value: nil, help: "Print the graph in Graphviz dot."),
        .init(short: nil, long: "mermaid", value: nil, help: "Print the graph as a Mermaid flowchart."),
      ], maxPositionals: 0),
    CommandSpec(
      path: "metrics show", overview: "Show the metrics the stages wrote.", arguments: "",
      options: [.init(short: nil, long: "json", value: nil, help: "Print the metrics as JSON.")], maxPositionals: 0),
    CommandSpec(
      path: "metrics diff", overview: "Compare the metrics of two runs (default: the previous run and the workspace).",
      arguments: "[<a> [<b>]]",
      options: [
        .init(short: nil, long: "all", value: nil, help: "Show unchanged metrics too."),
        .init(short: nil, long: "json", value: nil, help: "Print the differences as JSON."),
      ], maxPositionals: 2,
      discussion: "A and B are run ids (or unique prefixes), experiment names, git revisions, or 'workspace'."),
    CommandSpec(
      path: "params diff", overview: "Compare the params of two runs (default: the previous run and the workspace).",
      arguments: "[<a> [<b>]]",
      options: [
        .init(short: nil, long: "all", value: nil, help: "Show unchanged params too."),
        .init(short: nil, long: "json", value: nil, help: "Print the differences as JSON."),
      ], maxPositionals: 2,
      discussion: "A and B are run ids (or unique prefixes), experiment names, git revisions, or 'workspace'."),
    CommandSpec(
      path: "exp run", overview: "Run an experiment: set params, reproduce, and record the run under a name.",
      arguments: "",
      options: [
        .init(short: "S", long: "set-param", value: "key=value", help: "Set a value in params.json.", repeats: true),
        .init(short: "n", long: "name", value: "name", help: "The experiment's name (default: exp-N)."),
        .init(short: "j", long: "jobs", value: "n", help: "Stages to run at once (default: the number of cores)."),
        .init(short: nil, long: "wait", value: nil, help: "Wait for another pipeline process instead of failing."),
      ], maxPositionals: 0),
    CommandSpec(
      path: "exp show", overview: "List the experiments with their changed params and metrics.", arguments: "",
      options: [
        .init(short: nil, long: "json", value: nil, help: "Print the experiments as JSON."),
        .init(short: nil, long: "csv", value: nil, help: "Print the experiments as CSV."),
        .init(short: nil, long: "sort", value: "metric", help: "Sort by this metric, ascending."),
        .init(short: nil, long: "desc", value: nil, help: "With --sort: descending."),
        .init(short: "m", long: "metrics", value: "keys", help: "Only these metrics (comma-separated)."),
      ], maxPositionals: 0),
    CommandSpec(
      path: "checkout", overview: "Restore outputs from the cache: those of the lock, or of a run or experiment.",
      arguments: "[<run>]", options: [], maxPositionals: 1),
    CommandSpec(
      path: "gc", overview: "Remove cached objects that no lock, run, experiment or run-cache entry needs.",
      arguments: "", options: [.init(short: nil, long: "dry", value: nil, help: "Only say what would be removed.")],
      maxPositionals: 0),
    CommandSpec(
      path: "verify", overview: "Rebuild from scratch in a clean copy and compare every output hash with pipeline.lock.",
      arguments: "[<stage> ...]",
      options: [
        .init(short: "j", long: "jobs", value: "n", help: "Stages to run at once (default: the number of cores)."),
        .init(short: nil, long: "keep", value: nil, help: "Keep the scratch folder for inspection."),
      ], maxPositionals: nil),
  ]

  static var mainHelp: String {
    """
    OVERVIEW: Run reproducible pipelines: hash every input and output, run only what changed.

    USAGE: pipeline <command> [<options>]

    COMMANDS:
      repro                   Run the stages whose inputs changed.
      status                  Show which stages are stale and why.
      dag                     Show the stage graph.
      metrics show            Show the metrics the stages wrote.
      metrics diff            Compare the metrics of two runs.
      params diff             Compare the params of two runs.
      exp run                 Run an experiment with changed params.
      exp show                List the experiments and their metrics.
      checkout                Restore outputs from the cache.
      gc                      Remove unneeded objects from the cache.
      verify                  Rebuild from scratch and compare with pipeline.lock.
      help <command>          Show help for a command.

    OPTIONS:
      --version               Show the version.
      -h, --help              Show help information.

    See 'pipeline help <command>' for detailed help.

    """
  }

  /// Runs the command line and returns the exit status.
  public static func run(arguments: [String]) -> Int32 {
    let console = Console()
    var args = arguments[...]
    guard let first = args.first else {
      print(mainHelp, terminator: "")
      return 64
    }
    if first == "--version" {
      console.out("pipeline \(version)")
      return 0
    }
    if first == "--help" || first == "-h" {
      console.out(mainHelp.dropLast().description)
      return 0
    }
    if first == "help" {
      args = args.dropFirst()
      let name = args.joined(separator: " ")
      if name.isEmpty {
        console.out(String(mainHelp.dropLast()))
        return 0
      }
      guard let spec = commands.first(where: { $0.path == name }) else {
        return usageError("unknown command '\(name)'", usage: "pipeline help <command>", seeAlso: "pipeline --help", console: console)
      }
      console.out(String(spec.help.dropLast()))
      return 0
    }
    var spec: CommandSpec?
    for candidate in commands {
      let words = candidate.path.split(separator: " ").map(String.init)
      if args.prefix(words.count).elementsEqual(words) {
        spec = candidate
        args = args.dropFirst(words.count)
        break
      }
    }
    guard let spec else {
      let known = ["repro", "status", "dag", "metrics", "params", "exp", "checkout", "gc", "verify"]
      let hint = known.first { $0.hasPrefix(first) || first.hasPrefix($0) }.map { " (did you mean '\($0)'?)" } ?? ""
      let groups = ["metrics": "show, diff", "params": "diff", "exp": "run, show"]
      if let subcommands = groups[first] {
        return usageError(
          "'\(first)' needs a subcommand: \(subcommands)", usage: "pipeline \(first) <subcommand> [<options>]",
          seeAlso: "pipeline --help", console: console)
      }
      return usageError("unknown command '\(first)'\(hint)", usage: "pipeline <command> [<options>]", seeAlso: "pipeline --help", console: console)
    }
    let parsed: ParsedArguments
    do {
      parsed = try spec.parse(Array(args))
    } catch {
      return usageError(error.message, usage: spec.usage, seeAlso: "pipeline \(spec.path) --help", console: console)
    }
    if parsed.flag("help") {
      console.out(String(spec.help.dropLast()))
      return 0
    }
    do {
      switch spec.path {
      case "repro": return try repro(parsed, console: console)
      case "status": return try status(parsed, console: console)
      case "dag": return try dag(parsed, console: console)
      case "metrics show": return try metricsShow(parsed, console: console)
      case "metrics diff": return try diff(parsed, metrics: true, console: console)
      case "params diff": return try diff(parsed, metrics: false, console: console)
      case "exp run": return try experimentRun(parsed, console: console)
      case "exp show": return try experimentShow(parsed, console: console)
      case "checkout": return try checkout(parsed, console: console)
      case "gc": return try gc(parsed, console: console)
      case "verify": return try verify(parsed, console: console)
      default: return 64
      }
    } catch let error as CommandLineError {
      return usageError(error.message, usage: spec.usage, seeAlso: "pipeline \(spec.path) --help", console: console)
    } catch let error as PipelineError {
      if case .usage(let message) = error {
        return usageError(message, usage: spec.usage, seeAlso: "pipeline \(spec.path) --help", console: console)
      }
      console.err(String(describing: error))
      return error.exitCode
    } catch {
      console.err("error: \(error)")
      return 1
    }
  }

  static func usageError(_ message: String, usage: String, seeAlso: String, console: Console) -> Int32 {
    console.err("Error: \(message)\nUsage: \(usage)\n  See '\(seeAlso)'.")
    return 64
  }
}

/// A usage problem found after parsing (a bad option value).
struct CommandLineError: Error {
  var message: String
}
