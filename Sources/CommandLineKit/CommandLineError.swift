/// A usage error: the command line does not fit the command's spec.
///
/// Print it with `CommandSpec.usageError(_:)`, which adds the usage line and the
/// `--help` hint; tools exit 64 on it.
public enum CommandLineError: Error, CustomStringConvertible, Equatable, Sendable {
  case unknownOption(String, suggestion: String?)
  case missingValue(option: String)
  case unexpectedValue(option: String, value: String)
  case invalidValue(name: String, value: String, expected: String)
  case missingArgument(String)
  case unexpectedArgument(String)
  case unknownCommand(String, suggestion: String?)
  case missingCommand
  /// Any other usage problem, already phrased.
  case other(String)

  public var description: String {
    switch self {
    case .unknownOption(let name, let suggestion):
      return "unknown option '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    case .missingValue(let option):
      return "option '\(option)' needs a value"
    case .unexpectedValue(let option, let value):
      return "flag '\(option)' does not take a value (got '\(value)')"
    case .invalidValue(let name, let value, let expected):
      return "invalid value '\(value)' for '\(name)': expected \(expected)"
    case .missingArgument(let name):
      return "missing argument '<\(name)>'"
    case .unexpectedArgument(let value):
      return "unexpected argument '\(value)'"
    case .unknownCommand(let name, let suggestion):
      return "unknown command '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    case .missingCommand:
      return "missing command"
    case .other(let message):
      return message
    }
  }
}
