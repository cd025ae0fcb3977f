/// One malformed line of a data file: where it is, what kind of problem, and a message.
///
/// Readers report issues as values so that callers choose between failing on the
/// first one (strict) and skipping and counting them.
public struct LineIssue: Sendable, Equatable {
  /// The kinds of problems, with stable snake_case names used as keys in `stats.json`.
  public enum Kind: String, CaseIterable, Sendable {
    /// Too many or too few fields (a truncated line shows up as too few).
    case fieldCount = "field_count"
    /// A field that must be a number is not one, or is out of range.
    case badNumber = "bad_number"
    /// A rating outside the values the format allows (for example 7, or 3.5 in ML-1M).
    case ratingNotAllowed = "rating_not_allowed"
    /// A rating for a movie id that the movies file does not list.
    case unknownMovie = "unknown_movie"
    /// A movie id listed twice in the movies file.
    case duplicateMovie = "duplicate_movie"
    /// A CSV quoting error (unclosed quote, text after a closing quote) or bad text encoding.
    case badText = "bad_text"
  }

  /// 1-based line number in the file.
  public var line: Int
  public var kind: Kind
  /// One lowercase line describing the problem and, where useful, the fix.
  public var reason: String

  public init(line: Int, kind: Kind, reason: String) {
    self.line = line
    self.kind = kind
    self.reason = reason
  }
}
