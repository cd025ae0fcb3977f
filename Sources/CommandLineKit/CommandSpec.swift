import Basics

/// What one command accepts, and the text of its help screen.
///
/// ```swift
/// let spec = CommandSpec(
///   name: "recommend user", abstract: "Top-N movies for one user.",
///   arguments: [ArgumentSpec("id", help: "The user's id.")],
///   options: [.option("-n", "--count", value: "n", help: "How many.")])
/// let parsed = try spec.parse(["42", "-n", "5"])
/// ```
/// `-h`/`--help` is always accepted.
public struct CommandSpec: Sendable, Equatable {
  /// The full command as typed: `"recommend user"`.
  public var name: String
  /// One line for the OVERVIEW and for the parent command's list.
  public var abstract: String
  /// Further paragraphs shown after OVERVIEW, if any.
  public var discussion: String?
  /// Positionals, in order.
  public var arguments: [ArgumentSpec]
  /// Options and flags (without `--help`, which is added).
  public var options: [OptionSpec]

  public init(
    name: String, abstract: String, discussion: String? = nil, arguments: [ArgumentSpec] = [],
    options: [OptionSpec] = []
  ) {
    self.name = name
    self.abstract = abstract
    self.discussion = discussion
    self.arguments = arguments
    self.options = options
  }

  /// The last word of `name`: what a parent command dispatches on.
  public var commandName: String { String(name.split(separator: " ").last ?? "") }

  /// The words after the tool's name: `user` for `recommend user`, `metrics show`
  /// for `pipeline metrics show`.
  public var path: String { name.split(separator: " ").dropFirst().joined(separator: " ") }

  private var allOptions: [OptionSpec] { options + [OptionSpec.help] }

  /// Parses `arguments` (without the command words themselves).
  ///
  /// Accepts `--name value`, `--name=value`, `-n value`, `-n10`, flags, positionals in
  /// any position, and `--`, after which everything is positional. A value may start
  /// with `-` (`--alpha -1`); a lone `-` or a negative number is a positional.
  /// When `-h`/`--help` appears before `--`, nothing else is checked.
  ///
  /// - Throws: `CommandLineError` for unknown options, missing or unexpected values, and
  ///   too few or too many positionals.
  public func parse(_ arguments: [String]) throws(CommandLineError) -> ParsedArguments {
    let options = allOptions
    let beforeTerminator = arguments.prefix { $0 != "--" }
    if beforeTerminator.contains(where: { OptionSpec.help.names.contains($0) }) {
      return ParsedArguments(options: options, helpRequested: true)
    }
    var positionals: [String] = []
    var entries: [(key: String, value: String)] = []
    var index = 0
    var terminated = false
    func lookup(_ name: String) -> OptionSpec? { options.first { $0.names.contains(name) } }

    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if terminated || !Self.looksLikeOption(argument) {
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        terminated = true
        continue
      }
      var name = argument
      var inline: String? = nil
      if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        name = String(argument[..<equals])
        inline = String(argument[argument.index(after: equals)...])
      }
      var spec = lookup(name)
      // `-n10` / `-n=10`: a short option with its value attached.
      if spec == nil, !argument.hasPrefix("--"), argument.count > 2,
        let short = lookup(String(argument.prefix(2))), short.takesValue
      {
        spec = short
        name = String(argument.prefix(2))
        let rest = argument.dropFirst(2)
        inline = String(rest.hasPrefix("=") ? rest.dropFirst() : rest)
      }
      guard let spec else {
        let candidates = options.flatMap(\.names).filter { $0.hasPrefix("--") }
        throw .unknownOption(name, suggestion: Spelling.suggestion(for: name, among: candidates))
      }
      if spec.takesValue {
        if let inline {
          entries.append((spec.key, inline))
        } else {
          guard index < arguments.count else { throw .missingValue(option: name) }
          entries.append((spec.key, arguments[index]))
          index += 1
        }
      } else {
        if let inline { throw .unexpectedValue(option: name, value: inline) }
        entries.append((spec.key, ""))
      }
    }

    let required = self.arguments.filter { !$0.isOptional }.count
    if positionals.count < required {
      throw .missingArgument(self.arguments[positionals.count].name)
    }
    if self.arguments.last?.isRepeating != true, positionals.count > self.arguments.count {
      throw .unexpectedArgument(positionals[self.arguments.count])
    }
    return ParsedArguments(options: options, positionals: positionals, entries: entries)
  }

  /// Whether `argument` is to be read as an option: starts with `-`, is not a lone `-`,
  /// and is not a negative number.
  public static func looksLikeOption(_ argument: String) -> Bool {
    guard argument.hasPrefix("-"), argument.count > 1 else { return false }
    if argument == "--" { return true }
    let rest = argument.dropFirst()
    if let first = rest.first, first.isNumber || first == ".", Double(rest) != nil { return false }
    return true
  }
}
