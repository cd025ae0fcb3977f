/// A path or query parameter of an API route: checked before the handler runs, and
/// described in the OpenAPI document and the docs page from the same value.
struct APIParameter: Sendable {
  enum Location: String, Sendable {
    case path
    case query
  }

  enum Kind: Sendable {
    case integer(ClosedRange<Int>)
    case number(ClosedRange<Double>)
    case string
    /// Anything, empty included (the dashboard's view parameters, read by its script).
    case any
  }

  let name: String
  let location: Location
  let kind: Kind
  let required: Bool
  let description: String

  static func path(_ name: String, _ kind: Kind, _ description: String) -> APIParameter {
    APIParameter(name: name, location: .path, kind: kind, required: true, description: description)
  }

  static func query(_ name: String, _ kind: Kind, required: Bool = false, _ description: String)
    -> APIParameter
  {
    APIParameter(
      name: name, location: .query, kind: kind, required: required, description: description)
  }

  /// What a valid value looks like, for messages and docs.
  var expectation: String {
    switch kind {
    case .integer(let range):
      if range.upperBound == Int.max { return "an integer >= \(range.lowerBound)" }
      if range.lowerBound == Int.min { return "an integer" }
      return "an integer in \(range.lowerBound)...\(range.upperBound)"
    case .number(let range):
      return
        "a number in \(TextFormat.fixed(range.lowerBound, 0))...\(TextFormat.fixed(range.upperBound, 0))"
    case .string:
      return "text"
    case .any:
      return "text, possibly empty"
    }
  }

  /// Checks `value`; nil when it fits.
  func problem(with value: String) -> String? {
    switch kind {
    case .integer(let range):
      guard !value.isEmpty,
        value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }),
        let number = Int(value), range.contains(number)
      else {
        return "\(location.rawValue) parameter '\(name)': expected \(expectation), got '\(value)'"
      }
    case .number(let range):
      guard let number = Double(value), number.isFinite, range.contains(number),
        value.utf8.allSatisfy({
          ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        })
      else {
        return "\(location.rawValue) parameter '\(name)': expected \(expectation), got '\(value)'"
      }
    case .string:
      guard !value.isEmpty else { return "\(location.rawValue) parameter '\(name)' is empty" }
    case .any:
      break
    }
    return nil
  }
}
