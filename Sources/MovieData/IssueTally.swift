import RecsysCore

/// Malformed lines of one source file: counted per kind, and the first one kept for
/// strict mode's error.
struct IssueTally: Sendable {
  var counts = [Int](repeating: 0, count: LineIssue.Kind.allCases.count)
  var first: LineIssue?

  var total: Int { counts.reduce(0, +) }

  mutating func add(_ issue: LineIssue) {
    counts[LineIssue.Kind.allCases.firstIndex(of: issue.kind)!] += 1
    if first == nil { first = issue }
  }
}
