/// Everything that can go wrong when building, training or rebuilding a ranking model.
///
/// Messages are one lowercase line that names the offending input and says how to fix it.
public enum RankingError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The parallel input arrays of an interaction matrix have different lengths.
  case lengthMismatch(rows: Int, columns: Int, values: Int)
  /// A row or column index lies outside `0..<count`.
  case indexOutOfRange(kind: String, position: Int, index: Int, count: Int)
  /// The same (row, column) pair appears twice.
  case duplicateEntry(row: Int, column: Int)
  /// A value is NaN, infinite or negative.
  case invalidValue(position: Int, value: Float)
  /// A configuration value is outside its allowed range.
  case invalidConfig(name: String, value: String, expected: String)
  /// EASE needs a dense items x items matrix; this catalog is past the configured limit.
  case tooManyItems(count: Int, limit: Int)
  /// A dense matrix that should be symmetric positive definite is not (pivot `index`).
  case notPositiveDefinite(index: Int)
  /// Stored model arrays do not have the sizes their header promises.
  case modelShape(field: String, expected: Int, actual: Int)

  public var description: String {
    switch self {
    case .lengthMismatch(let rows, let columns, let values):
      return
        "interaction matrix: rows, columns and values must have the same length (got \(rows), \(columns), \(values)); pass one entry per interaction"
    case .indexOutOfRange(let kind, let position, let index, let count):
      return
        "interaction \(position): \(kind) index \(index) is outside 0..<\(count); map raw ids to dense indices first"
    case .duplicateEntry(let row, let column):
      return
        "interaction matrix: pair (\(row), \(column)) appears more than once; keep one rating per user and item"
    case .invalidValue(let position, let value):
      return
        "interaction \(position): value \(value) is not a finite non-negative number; fix or drop it"
    case .invalidConfig(let name, let value, let expected):
      return "config '\(name)' is \(value), expected \(expected)"
    case .tooManyItems(let count, let limit):
      return
        "ease: \(count) items is past the limit of \(limit) (a dense \(count) x \(count) matrix); use als or item_knn, or raise the limit if memory allows"
    case .notPositiveDefinite(let index):
      return
        "matrix is not positive definite (pivot \(index)); raise the regularization (lambda or reg)"
    case .modelShape(let field, let expected, let actual):
      return
        "model field '\(field)' has \(actual) values, expected \(expected); the model data is corrupt"
    }
  }
}
