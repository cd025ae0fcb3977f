/// The result of parsing one command line against a `CommandSpec`.
///
/// Options are looked up by any of their spellings (`"-n"` or `"--count"`). When an
/// option is given several times the last value wins for `value(_:)`.
public struct ParsedArguments: Sendable, Equatable {
  /// Positional arguments in order (everything after `--` included).
  public var positionals: [String]
  /// Whether `-h`/`--help` appeared before any `--`.
  public var helpRequested: Bool
  /// (option key, value) in command-line order; flags have an empty value.
  public var entries: [(key: String, value: String)]
  private let options: [OptionSpec]

  init(
    options: [OptionSpec], positionals: [String] = [], entries: [(key: String, value: String)] = [],
    helpRequested: Bool = false
  ) {
    self.options = options
    self.positionals = positionals
    self.entries = entries
    self.helpRequested = helpRequested
  }

  public static func == (lhs: ParsedArguments, rhs: ParsedArguments) -> Bool {
    lhs.positionals == rhs.positionals && lhs.helpRequested == rhs.helpRequested
      && lhs.entries.map(\.key) == rhs.entries.map(\.key)
      && lhs.entries.map(\.value) == rhs.entries.map(\.value)
  }

  private func key(_ name: String) -> String {
    options.first { $0.names.contains(name) }?.key ?? name
  }

  /// Whether the flag or option `name` was given.
  public func has(_ name: String) -> Bool {
    let key = key(name)
    return entries.contains { $0.key == key }
  }

  /// Every value given for option `name`, in order.
  public func values(_ name: String) -> [String] {
    let key = key(name)
    return entries.filter { $0.key == key }.map(\.value)
  }

  /// The last value given for option `name`.
  public func value(_ name: String) -> String? {
    values(name).last
  }

  /// The value of `name` as an integer in `range`, or `nil` when not given.
  ///
  /// - Throws: `CommandLineError.invalidValue` when it is not such an integer.
  public func int(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max)
    throws(CommandLineError) -> Int?
  {
    guard let text = value(name) else { return nil }
    guard let number = Int(text), range.contains(number) else {
      throw .invalidValue(name: key(name), value: text, expected: Self.describe(range))
    }
    return number
  }

  /// The value of `name` as a finite number in `range`, or `nil` when not given.
  ///
  /// - Throws: `CommandLineError.invalidValue` when it is not such a number.
  public func double(
    _ name: String,
    in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
  ) throws(CommandLineError) -> Double? {
    guard let text = value(name) else { return nil }
    guard let number = Double(text), number.isFinite, range.contains(number) else {
      let bounds =
        range.lowerBound == -Double.greatestFiniteMagnitude
        ? "a number" : "a number in \(Self.trim(range.lowerBound))...\(Self.trim(range.upperBound))"
      throw .invalidValue(name: key(name), value: text, expected: bounds)
    }
    return number
  }

  private static func describe(_ range: ClosedRange<Int>) -> String {
    switch (range.lowerBound, range.upperBound) {
    case (Int.min, Int.max): return "an integer"
    case (let low, Int.max): return "an integer >= \(low)"
    default: return "an integer in \(range.lowerBound)...\(range.upperBound)"
    }
  }

  private static func trim(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}
