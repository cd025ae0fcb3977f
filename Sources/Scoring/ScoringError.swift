/// Everything that can go wrong building a scorer or scoring a user.
public enum ScoringError: Error, CustomStringConvertible, Equatable {
  /// An array does not have the length the model's shape implies.
  case shape(what: String, expected: Int, actual: Int)
  /// A sparse table's offsets or columns are inconsistent.
  case malformed(what: String, detail: String)
  /// A collaborative model name that no scorer has.
  case unknownModel(name: String, available: [String])
  /// A normalization name that is not one of `ScoreNormalization`'s.
  case unknownNormalization(name: String)
  /// A rated item outside the catalog (for example in a cold-start rating list).
  case itemOutOfRange(item: Int32, itemCount: Int)
  /// A parameter outside its range.
  case invalidParameter(name: String, value: String, expected: String)

  public var description: String {
    switch self {
    case .shape(let what, let expected, let actual):
      return "'\(what)' holds \(actual) values, expected \(expected); rebuild the model"
    case .malformed(let what, let detail):
      return "'\(what)' is malformed: \(detail); rebuild the model"
    case .unknownModel(let name, let available):
      return "unknown model '\(name)'; available: \(available.joined(separator: ", "))"
    case .unknownNormalization(let name):
      return
        "unknown normalization '\(name)'; use one of \(ScoreNormalization.allCases.map(\.rawValue).joined(separator: ", "))"
    case .itemOutOfRange(let item, let itemCount):
      return "item index \(item) is outside 0..<\(itemCount)"
    case .invalidParameter(let name, let value, let expected):
      return "parameter '\(name)' is \(value): expected \(expected)"
    }
  }
}
