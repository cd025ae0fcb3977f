/// One option (`--alpha 0.5`, `--alpha=0.5`, `-n 10`, `-n10`) or flag (`--json`) a
/// command accepts.
public struct OptionSpec: Sendable, Equatable {
  /// Every spelling, short first: `["-n", "--count"]`.
  public var names: [String]
  /// The placeholder shown in help (`"n"` prints `<n>`); `nil` makes this a flag.
  public var valueName: String?
  /// One sentence for the help screen.
  public var help: String

  /// Creates an option that takes a value.
  public static func option(_ names: String..., value: String, help: String) -> OptionSpec {
    OptionSpec(names: names, valueName: value, help: help)
  }

  /// Creates a flag (no value).
  public static func flag(_ names: String..., help: String) -> OptionSpec {
    OptionSpec(names: names, valueName: nil, help: help)
  }

  public init(names: [String], valueName: String?, help: String) {
    self.names = names
    self.valueName = valueName
    self.help = help
  }

  /// Whether the option needs a value.
  public var takesValue: Bool { valueName != nil }

  /// The name used as the key of parsed values: the longest spelling.
  public var key: String { names.max { $0.count < $1.count } ?? "" }

  /// The column shown in help: `-n, --count <n>`.
  var label: String {
    names.joined(separator: ", ") + (valueName.map { " <\($0)>" } ?? "")
  }

  /// The form shown in a usage line: `[--count <n>]`.
  var usage: String {
    "[\(key)" + (valueName.map { " <\($0)>" } ?? "") + "]"
  }

  /// `-h, --help`, added to every command.
  public static let help = OptionSpec.flag("-h", "--help", help: "Show help information.")
}
