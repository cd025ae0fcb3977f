import CommandLineKit
import ModelBundle
import StrictJSON

/// The `recommend` query tool: top-N for a user, similar movies, popular movies, and
/// bundle info, answered from a model bundle.
///
/// Exit codes: 0 ok; 1 the query found nothing (unknown movie, unknown user with
/// `--strict`, no or ambiguous title match, unknown genre); 2 the bundle cannot be used
/// (missing, truncated, corrupted, other format version); 64 usage error.
public enum RecommendCLI {
  /// The tool's version, printed by `--version`.
  public static let version = "0.1.0"

  /// Runs the tool with `arguments` (without the executable name), writing to the
  /// process's stdout and stderr.
  ///
  /// - Returns: the exit status.
  public static func run(arguments: [String]) -> Int32 {
    let output = execute(arguments: arguments)
    output.replay()
    return output.status
  }

  /// Runs the tool in-process and returns what it printed and its status.
  ///
  /// - Parameters:
  ///   - arguments: the command line without the executable name.
  ///   - root: the folder relative paths (and the default `artifacts/bundle`) start from.
  public static func execute(arguments: [String], root: String = ".") -> CommandOutput {
    var output = CommandOutput()
    switch commandGroup.resolve(arguments) {
    case .help(let text):
      output.out(text)
    case .version:
      output.out("recommend \(version) (bundle format \(BundleFormat.version))\n")
    case .usageError(let text):
      output.err(text)
      output.status = 64
    case .command(let spec, let rest):
      do throws(Failure) {
        let parsed = try Failure.usage { () throws(CommandLineError) in try spec.parse(rest) }
        if parsed.helpRequested {
          output.out(spec.helpText())
          return output
        }
        try runCommand(spec.commandName, parsed, root: root, output: &output)
      } catch {
        report(error, spec: spec, output: &output)
      }
    }
    return output
  }

  /// A command's failure: a usage error (exit 64) or a query error (exit 1 or 2).
  enum Failure: Error {
    case usage(CommandLineError)
    case query(RecommendError)

    /// Runs `body`, wrapping its usage error.
    static func usage<T>(_ body: () throws(CommandLineError) -> T) throws(Failure) -> T {
      do throws(CommandLineError) { return try body() } catch { throw .usage(error) }
    }
  }

  /// The one place errors become messages and exit codes.
  static func report(_ failure: Failure, spec: CommandSpec, output: inout CommandOutput) {
    switch failure {
    case .usage(let error):
      output.err(spec.usageError(error))
      output.status = 64
    case .query(let error):
      output.err("error: \(error)\n")
      output.status = error.exitCode
    }
  }

  static func runCommand(
    _ name: String, _ parsed: ParsedArguments, root: String, output: inout CommandOutput
  )
    throws(Failure)
  {
    let session = Session(parsed: parsed, root: root)
    switch name {
    case "serve": output.status = Serve.run(parsed, root: root)
    case "user": try session.user(output: &output)
    case "batch": try session.batch(output: &output)
    case "similar": try session.similar(output: &output)
    case "popular": try session.popular(output: &output)
    default: try session.info(output: &output)
    }
  }
}
