/// What `RatingScanner.scan` found: the good rows and the malformed lines.
public struct RatingScanResult: Sendable {
  /// The well-formed ratings, in file order.
  public var table: RatingTable
  /// Non-blank lines read, kept and skipped.
  public var dataLines: Int
  /// Skipped lines per kind, indexed like `LineIssue.Kind.allCases`.
  public var skipped: [Int]
  /// The first malformed line, if any (the one a strict reader reports).
  public var firstIssue: LineIssue?

  public init(table: RatingTable, dataLines: Int, skipped: [Int], firstIssue: LineIssue?) {
    self.table = table
    self.dataLines = dataLines
    self.skipped = skipped
    self.firstIssue = firstIssue
  }

  /// The number of lines skipped for `kind`.
  public func skippedCount(_ kind: LineIssue.Kind) -> Int {
    skipped[LineIssue.Kind.allCases.firstIndex(of: kind)!]
  }

  /// The number of skipped lines of any kind.
  public var totalSkipped: Int { skipped.reduce(0, +) }
}
