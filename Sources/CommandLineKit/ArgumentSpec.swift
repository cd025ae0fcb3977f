/// One positional argument in a command's help and usage.
public struct ArgumentSpec: Sendable, Equatable {
  /// The placeholder: `"id"` prints `<id>`.
  public var name: String
  /// One sentence for the help screen.
  public var help: String
  /// Whether the argument may be left out.
  public var isOptional: Bool
  /// Whether it takes all remaining positionals (only the last argument may).
  public var isRepeating: Bool

  public init(_ name: String, help: String, isOptional: Bool = false, isRepeating: Bool = false) {
    self.name = name
    self.help = help
    self.isOptional = isOptional
    self.isRepeating = isRepeating
  }

  var usage: String {
    let base = "<\(name)>" + (isRepeating ? " ..." : "")
    return isOptional ? "[\(base)]" : base
  }
}
