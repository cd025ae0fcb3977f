#if canImport(Glibc)
  import Glibc
#endif
import Basics
import CommandLineKit

/// The `recsys` tool: the stage commands of the MovieLens pipeline. Each stage is one
/// file here, thin over the libraries in Sources/; `Sources/recsys/main.swift` only
/// calls `run(arguments:)`, and tests call `execute(arguments:)` in-process.
public enum StageCommand {
  public static let version = "0.1.0"

  /// Where stage text goes. The executable writes to the process's streams as it goes
  /// (`pipeline` reads stage output live); `execute(arguments:)` collects it instead.
  /// A task-local, so an in-process run cannot change what another one prints.
  @TaskLocal static var sink: StageSink = .standardStreams

  struct Stage: Sendable {
    var spec: CommandSpec
    var run: @Sendable (ParsedArguments) throws -> Void
  }

  static let stages: [Stage] = [
    Download.stage, Parse.stage, Split.stage, Train.stage, Rank.stage, Tfidf.stage, Evaluate.stage, CrossValidate.stage, PackageBundle.stage,
  ]

  static let group = CommandGroup(
    name: "recsys", abstract: "The stages of the MovieLens pipeline (run by 'pipeline repro').", version: version,
    commands: stages.map(\.spec))

  /// Runs one stage, writing to stdout and stderr as it goes; errors go to stderr as
  /// one line.
  ///
  /// - Parameter arguments: the command line without the executable name.
  /// - Returns: the exit status: 0 ok, 1 the stage failed, 64 usage error.
  public static func run(arguments: [String]) -> Int32 {
    switch group.resolve(arguments) {
    case .help(let text):
      sink.out(text)
      return 0
    case .version:
      sink.out("recsys \(version)\n")
      return 0
    case .usageError(let text):
      printError(text)
      return 64
    case .command(let spec, let rest):
      let parsed: ParsedArguments
      do {
        parsed = try spec.parse(rest)
      } catch {
        printError(spec.usageError(error))
        return 64
      }
      if parsed.helpRequested {
        sink.out(spec.helpText())
        return 0
      }
      let stage = stages.first { $0.spec.name == spec.name }!
      do {
        // A bad PIPELINE_CPUS fails the stage here, naming the variable, instead of
        // silently running on every core.
        _ = try CPUBudget.fromEnvironment()
        try stage.run(parsed)
        return 0
      } catch let error as CommandLineError {
        printError(spec.usageError(error))
        return 64
      } catch {
        printError("error: \(error)\n")
        return 1
      }
    }
  }

  /// Runs one stage in-process and returns what it printed and its exit status (text
  /// printed from worker threads, outside this task, still goes to the real streams).
  ///
  /// - Parameter arguments: the command line without the executable name; paths in it
  ///   are relative to the process's working directory.
  public static func execute(arguments: [String]) -> StageOutput {
    let collector = StageSink.Collector()
    let status = $sink.withValue(StageSink(collector)) { run(arguments: arguments) }
    var output = collector.output
    output.status = status
    return output
  }

  /// Writes to stderr (after stdout, so the two read in order).
  static func printError(_ text: String) {
    sink.err(text)
  }

  /// Prints a line now (stage output is read live by `pipeline`).
  static func say(_ text: String) {
    sink.out(text + "\n")
  }
}

extension ParsedArguments {
  /// A required option's value.
  func required(_ name: String) throws(CommandLineError) -> String {
    guard let v = value(name) else { throw CommandLineError.missingValue(option: name) }
    return v
  }

  func requiredInt(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(CommandLineError) -> Int {
    guard let v = try int(name, in: range) else { throw CommandLineError.missingValue(option: name) }
    return v
  }

  func requiredDouble(
    _ name: String, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
  ) throws(CommandLineError)
    -> Double
  {
    guard let v = try double(name, in: range) else { throw CommandLineError.missingValue(option: name) }
    return v
  }

  func bool(_ name: String, default fallback: Bool) throws(CommandLineError) -> Bool {
    switch value(name) {
    case nil: return fallback
    case "true": return true
    case "false": return false
    case let other?: throw CommandLineError.invalidValue(name: name, value: other, expected: "true or false")
    }
  }
}
