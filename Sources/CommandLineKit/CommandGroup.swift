/// A tool with subcommands (`recommend user ...`): top-level help, `--version`,
/// `help <command>`, and dispatch to a `CommandSpec`.
public struct CommandGroup: Sendable {
  /// The executable name: `"recommend"`.
  public var name: String
  /// One line for OVERVIEW.
  public var abstract: String
  /// What `--version` prints (one line, without newline).
  public var version: String
  /// The subcommands, in the order help lists them.
  public var commands: [CommandSpec]
  /// Options every subcommand accepts that may also come before the command name
  /// (`recommend --bundle b.mlb user 1`); they are moved after it.
  public var sharedOptions: [OptionSpec]

  public init(
    name: String, abstract: String, version: String, commands: [CommandSpec],
    sharedOptions: [OptionSpec] = []
  ) {
    self.name = name
    self.abstract = abstract
    self.version = version
    self.commands = commands
    self.sharedOptions = sharedOptions
  }

  /// What the command line asks for.
  public enum Resolution: Sendable, Equatable {
    /// Print this help text to stdout and exit 0.
    case help(String)
    /// Print `version` and exit 0.
    case version
    /// Run `command` with `arguments` (the command word removed).
    case command(CommandSpec, [String])
    /// A usage error: print this text to stderr and exit 64.
    case usageError(String)
  }

  /// Decides what to run.
  public func resolve(_ arguments: [String]) -> Resolution {
    var leading: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      if argument == "--help" || argument == "-h" { return .help(helpText()) }
      if argument == "--version" { return .version }
      guard CommandSpec.looksLikeOption(argument), argument != "--" else { break }
      let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
      guard let shared = sharedOptions.first(where: { $0.names.contains(name) }) else {
        return .usageError(usageError(.unknownOption(name, suggestion: nil)))
      }
      leading.append(argument)
      index += 1
      if shared.takesValue, !argument.contains("="), index < arguments.count {
        leading.append(arguments[index])
        index += 1
      }
    }
    guard index < arguments.count, arguments[index] != "--" else {
      return .usageError(usageError(.missingCommand))
    }
    let words = Array(arguments[index...])
    if words[0] == "help" {
      let target = Array(words.dropFirst())
      guard !target.isEmpty else { return .help(helpText()) }
      guard let (command, used) = command(matching: target), used == target.count else {
        return .usageError(usageError(unknown(target)))
      }
      return .help(command.helpText())
    }
    guard let (command, used) = command(matching: words) else { return .usageError(usageError(unknown(words))) }
    return .command(command, Array(words.dropFirst(used)) + leading)
  }

  /// The top-level help screen.
  public func helpText() -> String {
    var text = "OVERVIEW: \(abstract)\n\nUSAGE: \(name) <command> [<options>]\n\nCOMMANDS:\n"
    for command in commands {
      text += HelpLayout.row(label: command.path, help: command.abstract)
    }
    text += "\nOPTIONS:\n"
    text += HelpLayout.row(label: "--version", help: "Show the version.")
    text += HelpLayout.row(label: "-h, --help", help: "Show help information.")
    text += "\nSee '\(name) help <command>' for detailed help.\n"
    return text
  }

  /// The command whose path words start `words`, the longest match, and how many
  /// words it used (`metrics show` takes two).
  private func command(matching words: [String]) -> (CommandSpec, Int)? {
    var best: (CommandSpec, Int)?
    for command in commands {
      let path = command.path.split(separator: " ").map(String.init)
      if words.starts(with: path), path.count > (best?.1 ?? 0) { best = (command, path.count) }
    }
    return best
  }

  private func unknown(_ words: [String]) -> CommandLineError {
    let first = words.first ?? ""
    // A group word alone (`metrics`) names its subcommands.
    let under = commands.map(\.path).filter { $0.hasPrefix(first + " ") }
    if !under.isEmpty {
      return .other("'\(first)' needs a subcommand: \(under.map { String($0.dropFirst(first.count + 1)) }.joined(separator: ", "))")
    }
    let firstWords = commands.map { String($0.path.split(separator: " ").first ?? "") }
    return .unknownCommand(first, suggestion: Spelling.suggestion(for: first, among: firstWords))
  }

  private func usageError(_ error: CommandLineError) -> String {
    "Error: \(error)\nUsage: \(name) <command> [<options>]\nSee '\(name) --help'.\n"
  }
}
