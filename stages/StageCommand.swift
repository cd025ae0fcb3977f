#if canImport(Glibc)
  import Glibc
#endif
import CommandLineKit

/// The `recsys` executable: the stage commands of the MovieLens pipeline. Each
/// stage is one file here, thin over the libraries in Sources/.
enum StageCommand {
  static let version = "0.1.0"

  struct Stage: Sendable {
    var spec: CommandSpec
    var run: @Sendable (ParsedArguments) throws -> Void
  }

  static let stages: [Stage] = [
    Download.stage, Parse.stage, Split.stage, Train.stage, Rank.stage, Tfidf.stage, Evaluate.stage, PackageBundle.stage,
  ]

  static let group = CommandGroup(
    name: "recsys", abstract: "The stages of the MovieLens pipeline (run by 'pipeline repro').", version: version,
    commands: stages.map(\.spec))

  /// Runs one stage; errors go to stderr as one line and exit 1 (64 for usage).
  static func run(arguments: [String]) -> Int32 {
    switch group.resolve(arguments) {
    case .help(let text):
      print(text, terminator: "")
      return 0
    case .version:
      print("recsys \(version)")
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
        print(spec.helpText(), terminator: "")
        return 0
      }
      let stage = stages.first { $0.spec.name == spec.name }!
      do {
        try stage.run(parsed)
        return 0
      } catch let error as CommandLineError {
        printError(spec.usageError(error))
        return 64
      } catch {
        fflush(nil)
        printError("error: \(error)\n")
        return 1
      }
    }
  }

  /// Writes to stderr (after flushing stdout, so the two read in order).
  static func printError(_ text: String) {
    fflush(nil)
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress!, $0.count) }
  }

  /// Prints a line now (stage output is read live by `pipeline`).
  static func say(_ text: String) {
    print(text)
    fflush(nil)
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
