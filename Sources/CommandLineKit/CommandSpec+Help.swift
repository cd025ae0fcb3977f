extension CommandSpec {
  /// The usage line without the `USAGE:` prefix:
  /// `recommend user <id> [--count <n>] [--json]`.
  public var usage: String {
    ([name] + arguments.map(\.usage) + options.map(\.usage)).joined(separator: " ")
  }

  /// The full help screen (swift-argument-parser layout), ending in a newline.
  public func helpText() -> String {
    var text = "OVERVIEW: \(abstract)\n"
    if let discussion { text += "\n\(discussion)\n" }
    text += "\nUSAGE: \(usage)\n"
    if !arguments.isEmpty {
      text += "\nARGUMENTS:\n"
      for argument in arguments {
        text += HelpLayout.row(label: "<\(argument.name)>", help: argument.help)
      }
    }
    text += "\nOPTIONS:\n"
    for option in options + [OptionSpec.help] {
      text += HelpLayout.row(label: option.label, help: option.help)
    }
    return text
  }

  /// What a tool prints on a usage error (then exits 64):
  ///
  ///     Error: unknown option '--alpah' (did you mean '--alpha'?)
  ///     Usage: recommend user <id> [--count <n>] ...
  ///     See 'recommend user --help'.
  public func usageError(_ error: CommandLineError) -> String {
    "Error: \(error)\nUsage: \(usage)\nSee '\(name) --help'.\n"
  }
}
