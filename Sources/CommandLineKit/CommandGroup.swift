import Basics

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
  /// One-line abstracts of the command families (`exp` for `exp run`, `exp show`),
  /// shown by `tool exp --help`; a family without one gets a generic line.
  public var families: [Family]

  /// A first command word shared by several commands (`metrics` of `metrics show`).
  public struct Family: Sendable, Equatable {
    public var name: String
    public var abstract: String
    public init(_ name: String, abstract: String) {
      self.name = name
      self.abstract = abstract
    }
  }

  public init(
    name: String, abstract: String, version: String, commands: [CommandSpec],
    sharedOptions: [OptionSpec] = [], families: [Family] = []
  ) {
    self.name = name
    self.abstract = abstract
    self.version = version
    self.commands = commands
    self.sharedOptions = sharedOptions
    self.families = families
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
      if target.count == 1, !subcommands(of: target[0]).isEmpty { return .help(familyHelpText(target[0])) }
      guard let (command, used) = command(matching: target), used == target.count else {
        return .usageError(usageError(for: target))
      }
      return .help(command.helpText())
    }
    guard let (command, used) = command(matching: words) else {
      // `exp --help`, `exp -h`: the family's subcommands.
      if words.count >= 2, words[1] == "--help" || words[1] == "-h", !subcommands(of: words[0]).isEmpty {
        return .help(familyHelpText(words[0]))
      }
      return .usageError(usageError(for: words))
    }
    return .command(command, Array(words.dropFirst(used)) + leading)
  }

  /// The commands under a family word (`run`, `show` for `exp`), in help order.
  private func subcommands(of family: String) -> [CommandSpec] {
    commands.filter { $0.path.hasPrefix(family + " ") }
  }

  /// The help screen of a family: `pipeline exp --help`.
  public func familyHelpText(_ family: String) -> String {
    let abstract = families.first { $0.name == family }?.abstract ?? "The '\(family)' commands."
    var text = "OVERVIEW: \(abstract)\n\nUSAGE: \(name) \(family) <subcommand> [<options>]\n\nSUBCOMMANDS:\n"
    for command in subcommands(of: family) {
      text += HelpLayout.row(label: String(command.path.dropFirst(family.count + 1)), help: command.abstract)
    }
    text += "\nSee '\(name) help \(family) <subcommand>' for detailed help.\n"
    return text
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

  /// The usage error for words that name no command: an unknown command, a family
  /// without its subcommand, or an unknown subcommand, each with its own usage line.
  private func usageError(for words: [String]) -> String {
    let first = words.first ?? ""
    let under = subcommands(of: first)
    guard !under.isEmpty else {
      let firstWords = commands.map { String($0.path.split(separator: " ").first ?? "") }
      return usageError(.unknownCommand(first, suggestion: Spelling.suggestion(for: first, among: firstWords)))
    }
    let names = under.map { String($0.path.dropFirst(first.count + 1)) }
    let error: CommandLineError
    if words.count < 2 || CommandSpec.looksLikeOption(words[1]) {
      error = .other("'\(name) \(first)' needs a subcommand: \(names.joined(separator: ", "))")
    } else {
      let word = words[1]
      let hint = Spelling.suggestion(for: word, among: names).map { " (did you mean '\($0)'?)" } ?? ""
      error = .other("unknown subcommand '\(word)' of '\(name) \(first)'\(hint); subcommands: \(names.joined(separator: ", "))")
    }
    return "Error: \(error)\nUsage: \(name) \(first) <subcommand> [<options>]\nSee '\(name) \(first) --help'.\n"
  }

  private func usageError(_ error: CommandLineError) -> String {
    "Error: \(error)\nUsage: \(name) <command> [<options>]\nSee '\(name) --help'.\n"
  }
}
