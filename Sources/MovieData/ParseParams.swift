/// Options of `DatasetParser.parse`.
public struct ParseParams: Sendable, Equatable {
  /// Fail on the first malformed line (true, the default) or skip malformed lines
  /// and count them in `stats.json` (false).
  public var strict: Bool

  public init(strict: Bool = true) {
    self.strict = strict
  }
}
