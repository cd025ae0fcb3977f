/// Everything that can go wrong when training or rebuilding a matrix factorization model.
///
/// Messages are one lowercase line that names the offending input and says how to fix it.
public enum FactorizationError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The parallel input arrays (`users`, `items`, `ratings`) have different lengths.
  case lengthMismatch(what: String, users: Int, items: Int, ratings: Int)
  /// There is nothing to train on.
  case emptyTrainingSet
  /// A user or item index lies outside `0..<count`.
  case indexOutOfRange(kind: String, position: Int, index: Int, count: Int)
  /// A rating is NaN or infinite.
  case nonFiniteRating(position: Int)
  /// A configuration value is outside its allowed range.
  case invalidConfig(name: String, value: String, expected: String)
  /// Training produced a non-finite error: the learning rate is too large for the data.
  case diverged(epoch: Int, learningRate: Double)
  /// Stored model arrays do not have the sizes their header promises.
  case modelShape(field: String, expected: Int, actual: Int)

  public var description: String {
    switch self {
    case .lengthMismatch(let what, let users, let items, let ratings):
      return
        "\(what): users, items and ratings must have the same length (got \(users), \(items), \(ratings)); pass one entry per rating"
    case .emptyTrainingSet:
      return "training set is empty: pass at least one rating"
    case .indexOutOfRange(let kind, let position, let index, let count):
      return
        "rating \(position): \(kind) index \(index) is outside 0..<\(count); map raw ids to dense indices first"
    case .nonFiniteRating(let position):
      return "rating \(position): value is not a finite number; fix or drop that rating"
    case .invalidConfig(let name, let value, let expected):
      return "config '\(name)' is \(value), expected \(expected)"
    case .diverged(let epoch, let learningRate):
      return
        "training diverged in epoch \(epoch) (learning rate \(learningRate)): lower 'lr' or raise 'reg'"
    case .modelShape(let field, let expected, let actual):
      return
        "model field '\(field)' has \(actual) values, expected \(expected); the model data is corrupt"
    }
  }
}
