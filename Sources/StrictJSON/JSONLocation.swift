/// A position in a JSON source text, the way a compiler reports it.
///
/// Both numbers are 1-based. `column` counts Unicode scalars from the start of the
/// line (a tab counts as one), so a key after `"é": 1, ` is placed where an editor
/// shows it rather than at its byte offset. Only `\n` starts a new line; the `\r` of a
/// CRLF pair sits at the end of its line and never precedes anything reported.
public struct JSONLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// `line:column`, as it appears in an error.
  public var description: String { "\(line):\(column)" }

  public static func < (a: JSONLocation, b: JSONLocation) -> Bool {
    (a.line, a.column) < (b.line, b.column)
  }
}
