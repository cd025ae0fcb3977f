/// A parsed file: its located tree and the name its errors carry.
///
/// Validators start here: `try JSONDocument(parsing: bytes, file: "pipeline.json")`,
/// then `rootObject(allowed:)` to read fields with located errors, or
/// `location(of:)` to place a complaint found later (a cycle, a missing param).
public struct JSONDocument: Sendable {
  /// The file name as the caller gave it; every error from this document prints it.
  public let file: String
  public let root: JSONNode

  public init(file: String, root: JSONNode) {
    self.file = file
    self.root = root
  }

  /// Parses `bytes` strictly; see `JSONParser`.
  /// - Throws: `JSONError` at the first offending character.
  public init(parsing bytes: [UInt8], file: String) throws(JSONError) {
    self = try JSONParser.parseDocument(bytes, file: file)
  }

  /// Parses `text` strictly; see `JSONParser`.
  public init(parsing text: String, file: String) throws(JSONError) {
    self = try JSONParser.parseDocument(text, file: file)
  }

  /// The plain value, without positions.
  public var json: JSON { root.json }

  /// The node at `path`, or nil when a step is missing or has the wrong kind.
  public func node(at path: [JSONPathComponent]) -> JSONNode? { root.node(at: path) }

  /// Where the value at `path` starts, or nil if there is none.
  public func location(of path: [JSONPathComponent]) -> JSONLocation? {
    root.node(at: path)?.location
  }

  /// Where the key of the last step of `path` is written (for `.index`, the element).
  ///
  /// Errors about a name itself (`unknown field`, `duplicate stage`) point at the key;
  /// errors about what it holds point at the value.
  public func keyLocation(of path: [JSONPathComponent]) -> JSONLocation? {
    guard let last = path.last else { return root.location }
    guard case .key(let key) = last else { return location(of: path) }
    return root.node(at: Array(path.dropLast()))?.field(key)?.keyLocation
  }

  /// An error at the value at `path`, or at the deepest part of `path` that exists
  /// (so "missing key" errors land on the object that lacks it).
  public func error(at path: [JSONPathComponent], _ message: String) -> JSONError {
    var node = root
    for step in path {
      guard let next = node.node(at: [step]) else { break }
      node = next
    }
    return JSONError(file: file, at: node.location, message)
  }

  /// An error at a position, carrying this document's file name.
  public func error(at location: JSONLocation, _ message: String) -> JSONError {
    JSONError(file: file, at: location, message)
  }

  /// A reader over the top-level object.
  ///
  /// - Parameters:
  ///   - context: prefixed to every message (`params.json` might use "" or "params").
  ///   - allowed: the only keys it may have, or nil for any (a map such as `params`).
  /// - Throws: `JSONError` if the top level is not an object or has an unknown key.
  public func rootObject(context: String = "", allowed: [String]?) throws(JSONError) -> ObjectReader
  {
    try ObjectReader(root, file: file, context: context, allowed: allowed)
  }
}
