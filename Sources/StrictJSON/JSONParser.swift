/// A strict RFC 8259 reader for configuration and lock files.
///
/// Where Foundation's `JSONSerialization`/`JSONDecoder` quietly accept duplicate keys,
/// trailing commas or a byte order mark, this reader rejects them with a compiler-style
/// location, so a typo in `pipeline.json` is reported instead of half-obeyed:
///
///     pipeline.json:7:5: error: duplicate key 'deps' (first at line 4)
///
/// Rejected: trailing commas, duplicate keys in one object (compared by UTF-8 bytes),
/// comments, single quotes, leading zeros, `NaN`/`Infinity`, unescaped control
/// characters, bad escapes, unpaired surrogates, invalid UTF-8, a UTF-8 byte order mark,
/// anything after the top-level value, empty input, nesting deeper than `maxDepth`, and
/// numbers too large for a `Double`. Numbers round exactly like `strtod`.
///
/// The reader never recurses, so hostile nesting cannot overflow the stack.
public enum JSONParser {
  /// The deepest nesting of arrays and objects accepted; one more level is an error.
  public static let maxDepth = 512

  /// Parses `bytes` (UTF-8) into a value without positions: the fast path for lock files.
  ///
  /// - Parameters:
  ///   - bytes: the whole file.
  ///   - file: the name errors print (as given, e.g. `pipeline.lock`).
  /// - Throws: `JSONError` located at the first offending character.
  /// - Complexity: O(n) in the length of `bytes`.
  public static func parse(_ bytes: [UInt8], file: String) throws(JSONError) -> JSON {
    try run(bytes, file: file, PlainBuilder.self)
  }

  /// Parses a string; see `parse(_:file:)`.
  public static func parse(_ text: String, file: String) throws(JSONError) -> JSON {
    try parse(Array(text.utf8), file: file)
  }

  /// Parses `bytes` (UTF-8) into a document that remembers where every value and key is.
  ///
  /// - Parameters:
  ///   - bytes: the whole file.
  ///   - file: the name errors print (as given, e.g. `pipeline.json`).
  /// - Throws: `JSONError` located at the first offending character.
  public static func parseDocument(_ bytes: [UInt8], file: String) throws(JSONError) -> JSONDocument
  {
    JSONDocument(file: file, root: try run(bytes, file: file, LocatedBuilder.self))
  }

  /// Parses a string into a located document; see `parseDocument(_:file:)`.
  public static func parseDocument(_ text: String, file: String) throws(JSONError) -> JSONDocument {
    try parseDocument(Array(text.utf8), file: file)
  }

  private static func run<B: JSONTreeBuilder>(
    _ bytes: [UInt8], file: String, _: B.Type
  ) throws(JSONError) -> B.Value {
    // `withUnsafeBufferPointer` only rethrows untyped errors; carry ours in a Result.
    let result: Result<B.Value, JSONError> = bytes.withUnsafeBufferPointer { buf in
      var core = ParserCore<B>(buf: buf, file: file)
      do throws(JSONError) {
        return .success(try core.parseDocument())
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}
