/// Everything that can go wrong while evaluating predictions or rankings.
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
  /// Two arrays that must pair up have different lengths.
  case lengthMismatch(what: String, expected: Int, actual: Int)
  /// There is nothing to average over.
  case empty(String)
  /// A per-user table's offsets or arrays are inconsistent.
  case malformedTable(name: String, detail: String)
  /// An item index is outside `0..<itemCount`.
  case itemOutOfRange(table: String, user: Int, item: Int32, itemCount: Int)
  /// A user index is outside the tables.
  case userOutOfRange(user: Int32, userCount: Int)
  /// A parameter has a value that makes no sense.
  case invalidParameter(name: String, value: String, expected: String)
  /// A scorer left its buffer with the wrong number of scores.
  case scorerWroteWrongCount(scorer: String, expected: Int, actual: Int)

  public var description: String {
    switch self {
    case .lengthMismatch(let what, let expected, let actual):
      return "\(what): expected \(expected) values but got \(actual); pass arrays of equal length"
    case .empty(let what):
      return "\(what) is empty: there is nothing to evaluate"
    case .malformedTable(let name, let detail):
      return "table '\(name)': \(detail); rebuild it from the split files"
    case .itemOutOfRange(let table, let user, let item, let itemCount):
      return
        "table '\(table)': user \(user) has item \(item) outside 0..<\(itemCount); index items from the same movie list"
    case .userOutOfRange(let user, let userCount):
      return "user \(user) is outside 0..<\(userCount); pass users that the tables hold"
    case .invalidParameter(let name, let value, let expected):
      return "parameter '\(name)' is \(value): expected \(expected)"
    case .scorerWroteWrongCount(let scorer, let expected, let actual):
      return
        "scorer '\(scorer)' wrote \(actual) scores instead of \(expected); make it fill one score per item"
    }
  }
}
