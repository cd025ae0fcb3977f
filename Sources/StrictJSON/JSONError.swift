/// An error in a JSON file, located like a compiler diagnostic.
///
/// Every error of this module has the same shape (file, position, one-line message),
/// so it is a struct rather than an enum of cases: parse errors, type mismatches and
/// a validator's own complaints (`ObjectReader.error(_:at:)`) all print alike:
///
///     pipeline.json:14:7: error: stage 'train': unknown field 'dep' (did you mean 'deps'?)
///
/// A `line` of 0 means the error concerns the whole file (it could not be read, say)
/// and prints as `pipeline.json: error: message`.
public struct JSONError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file name as the caller gave it (`pipeline.json`), never made absolute.
  public var file: String
  public var line: Int
  public var column: Int
  /// One lowercase line, names in single quotes, without the location prefix.
  public var message: String

  public init(file: String, line: Int, column: Int, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  public init(file: String, at location: JSONLocation, _ message: String) {
    self.init(file: file, line: location.line, column: location.column, message: message)
  }

  /// An error about the file as a whole, with no position.
  public init(file: String, _ message: String) {
    self.init(file: file, line: 0, column: 0, message: message)
  }

  /// The position, or nil for a whole-file error.
  public var location: JSONLocation? {
    line > 0 ? JSONLocation(line: line, column: column) : nil
  }

  /// `file:line:col: error: message`, or `file: error: message` without a position.
  public var description: String {
    line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)"
  }
}
