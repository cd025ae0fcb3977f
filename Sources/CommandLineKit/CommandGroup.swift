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
    let word = arguments[index]
    let rest = Array(arguments[(index + 1)...])
    if word == "help" {
      guard let target = rest.first else { return .help(helpText()) }
      guard let command = command(named: target) else {
        return .usageError(usageError(unknown(target)))
      }
      return .help(command.helpText())
    }
    guard let command = command(named: word) else { return .usageError(usageError(unknown(word))) }
    return .command(command, rest + leading)
  }

  /// The top-level help screen.
  public func helpText() -> String {
    var text = "OVERVIEW: \(abstract)\n\nUSAGE: \(name) <command> [<options>]\n\nCOMMANDS:\n"
    for command in commands {
      text += HelpLayout.row(label: command.commandName, help: command.abstract)
    }
    text += "\nOPTIONS:\n"
    text += HelpLayout.row(label: "--version", help: "Show the version.")
    text += HelpLayout.row(label: "-h, --help", help: "Show help information.")
    text += "\nSee '\(name) help <command>' for detailed help.\n"
    return text
  }

  private func command(named word: String) -> CommandSpec? {
    commands.first { $0.commandName == word }
  }

  private func unknown(_ word: String) -> CommandLineError {
    .unknownCommand(
      word, suggestion: Spelling.suggestion(for: word, among: commands.map(\.commandName)))
  }

  private func usageError(_ error: CommandLineError) -> String {
    "Error: \(error)\nUsage: \(name) <command> [<options>]\nSee '\(name) --help'.\n"
  }
}
