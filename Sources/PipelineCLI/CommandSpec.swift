/// A subcommand's interface: what `--help` prints and what the parser accepts.
struct CommandSpec: Sendable {
  struct Option: Sendable {
    var short: Character?
    var long: String
    /// The value's name (`<n>`) for an option that takes one; nil for a flag.
    var value: String?
    var help: String
    /// May be given more than once (`-S a=1 -S b=2`).
    var repeats = false
  }

  var path: String  // "repro", "metrics show"
  var overview: String
  var arguments: String  // "[<stage> ...]"
  var options: [Option]
  var maxPositionals: Int?
  var discussion: String? = nil

  var usage: String {
    var parts = ["pipeline", path]
    if !arguments.isEmpty { parts.append(arguments) }
    for o in options where o.long != "help" {
      parts.append(o.value.map { "[--\(o.long) <\($0)>]" } ?? "[--\(o.long)]")
    }
    return parts.joined(separator: " ")
  }

  /// The help text, in swift-argument-parser's layout.
  var help: String {
    var text = "OVERVIEW: \(overview)\n\nUSAGE: \(usage)\n"
    if let discussion { text += "\n\(discussion)\n" }
    text += "\nOPTIONS:\n"
    let all = options + [Option(short: "h", long: "help", value: nil, help: "Show help information.")]
    let labels = all.map { o -> String in
      let name = (o.short.map { "-\($0), " } ?? "") + "--\(o.long)"
      return o.value.map { name + " <\($0)>" } ?? name
    }
    // Labels in a 24-column field; a longer one gets the help on its own line.
    let width = 24
    for (label, o) in zip(labels, all) {
      if label.count + 2 > width {
        text += "  " + label + "\n" + String(repeating: " ", count: width + 2) + o.help + "\n"
      } else {
        text += "  " + label + String(repeating: " ", count: width - label.count) + o.help + "\n"
      }
    }
    return text
  }
}

/// Parsed command line: flags, option values, and positionals.
struct ParsedArguments: Sendable {
  var flags: Set<String> = []
  var values: [String: [String]] = [:]
  var positionals: [String] = []

  func flag(_ name: String) -> Bool { flags.contains(name) }
  func value(_ name: String) -> String? { values[name]?.last }
  func all(_ name: String) -> [String] { values[name] ?? [] }
}

struct UsageError: Error {
  var message: String
}

extension CommandSpec {
  /// Parses `arguments` (after the subcommand's name): `--long`, `--long=value`,
  /// `--long value`, `-s value`, bundled short flags (`-fq`), and `--` ending options.
  func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
    var result = ParsedArguments()
    var rest = arguments[...]
    var optionsDone = false
    func option(long: String) -> Option? { options.first { $0.long == long } }
    func take(_ o: Option, inline: String?) throws(UsageError) {
      if o.value == nil {
        if inline != nil { throw UsageError(message: "'--\(o.long)' takes no value") }
        result.flags.insert(o.long)
        return
      }
      var value = inline
      if value == nil {
        guard let next = rest.popFirst() else { throw UsageError(message: "missing value for '--\(o.long) <\(o.value!)>'") }
        value = next
      }
      if !o.repeats && result.values[o.long] != nil {
        throw UsageError(message: "'--\(o.long)' given more than once")
      }
      result.values[o.long, default: []].append(value!)
    }
    while let arg = rest.popFirst() {
      if optionsDone || arg == "-" || !arg.hasPrefix("-") {
        result.positionals.append(arg)
      } else if arg == "--" {
        optionsDone = true
      } else if arg.hasPrefix("--") {
        let body = arg.dropFirst(2)
        let (name, inline) = body.firstIndex(of: "=").map { (String(body[..<$0]), String(body[body.index(after: $0)...])) } ?? (String(body), nil)
        if name == "help" {
          result.flags.insert("help")
          continue
        }
        guard let o = option(long: name) else {
          let names = options.map(\.long) + ["help"]
          throw UsageError(message: "unknown option '--\(name)'\(didYouMean(name, names.map { $0 }))")
        }
        try take(o, inline: inline)
      } else {
        var letters = arg.dropFirst()
        while let letter = letters.popFirst() {
          if letter == "h" {
            result.flags.insert("help")
            continue
          }
          guard let o = options.first(where: { $0.short == letter }) else {
            throw UsageError(message: "unknown option '-\(letter)'")
          }
          if o.value != nil {
            try take(o, inline: letters.isEmpty ? nil : String(letters))
            break
          }
          try take(o, inline: nil)
        }
      }
    }
    if let max = maxPositionals, result.positionals.count > max, !result.flags.contains("help") {
      throw UsageError(message: "unexpected argument '\(result.positionals[max])'")
    }
    return result
  }

  private func didYouMean(_ name: String, _ candidates: [String]) -> String {
    let close = candidates.first { $0.hasPrefix(name) || name.hasPrefix($0) }
    return close.map { " (did you mean '--\($0)'?)" } ?? ""
  }
}
