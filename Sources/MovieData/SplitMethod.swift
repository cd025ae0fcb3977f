/// How `DatasetSplitter` picks test ratings.
public enum SplitMethod: String, CaseIterable, Sendable {
  /// A seeded shuffle of all ratings; the first `ceil(n * fraction)` of it are test.
  case random
  /// Each user's ratings are shuffled and `round(n_u * fraction)` go to test, keeping at
  /// least one in train.
  case perUser = "per_user"
  /// Each user's latest `round(n_u * fraction)` ratings go to test (ties by file order),
  /// keeping at least one in train. The seed is not used.
  case temporal
}
