import Basics

/// Reads the fields of one located JSON object, throwing errors that say where and why.
///
/// Built for validators of files people edit: the initializer rejects unknown keys
/// (with a "did you mean"), accessors check types, and every message carries the
/// reader's `context` and the exact position:
///
///     pipeline.json:14:7: error: stage 'train': unknown field 'dep' (did you mean 'deps'?)
///     pipeline.json:15:14: error: stage 'train': field 'cmd': expected a string, found a number
///     pipeline.json:12:14: error: stage 'train': missing required field 'cmd'
///
/// Unknown keys are checked up front, before any field is read, so a misspelt
/// required field reports as "unknown field 'cmnd' (did you mean 'cmd'?)" rather than
/// as "missing required field 'cmd'". Optional accessors return nil only when the key
/// is absent; an explicit `null` is a type mismatch, as no config field means "null".
/// Keys are compared by UTF-8 bytes.
public struct ObjectReader: Sendable {
  /// The file name errors print.
  public let file: String
  /// Prefixed to messages, e.g. `stage 'train'`; empty for none.
  public let context: String
  /// The object being read.
  public let node: JSONNode
  /// Its fields in file order.
  public let fields: [JSONNode.Field]

  /// Checks that `node` is an object whose keys are all in `allowed`.
  ///
  /// - Parameters:
  ///   - node: the value to read; must be an object.
  ///   - file: the name errors print.
  ///   - context: prefixed to every message (`stage 'train'`); "" for none.
  ///   - allowed: the keys the object may have, or nil for any (a map of names).
  /// - Throws: `JSONError` at the value if it is not an object, or at the first
  ///   unknown key, suggesting the closest allowed one or listing them all.
  public init(_ node: JSONNode, file: String, context: String = "", allowed: [String]?)
    throws(JSONError)
  {
    self.file = file
    self.context = context
    self.node = node
    guard case .object(let fields) = node.value else {
      self.fields = []
      throw error("expected an object, found \(node.kindName)", at: node.location)
    }
    self.fields = fields
    if let allowed { try finishing(allowed: allowed) }
  }

  /// Checks that every key is in `allowed`, for objects whose allowed keys depend on
  /// what a field says (read it from a reader made with `allowed: nil`, then call
  /// this). Otherwise pass `allowed:` to the initializer, which runs the same check
  /// before any field is read.
  ///
  /// - Throws: `JSONError` at the first unknown key in file order:
  ///   `unknown field 'dep' (did you mean 'deps'?)`, or, with nothing close,
  ///   `unknown field 'x' (expected one of 'a', 'b')` (sorted by bytes).
  public func finishing(allowed: [String]) throws(JSONError) {
    for f in fields where !allowed.contains(where: { bytesEqual($0, f.key) }) {
      var message = "unknown field \(JSONError.quoted(f.key))"
      if let s = Spelling.suggestion(for: f.key, among: allowed) {
        message += " (did you mean \(JSONError.quoted(s))?)"
      } else if allowed.isEmpty {
        message += " (this object must be empty)"
      } else {
        let sorted = allowed.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        message += " (expected one of " + sorted.map(JSONError.quoted).joined(separator: ", ") + ")"
      }
      throw error(message, at: f.keyLocation)
    }
  }

  /// Where the object's `{` is.
  public var location: JSONLocation { node.location }

  /// The keys in file order.
  public var keys: [String] { fields.map(\.key) }

  /// Whether the object has `key`.
  public func contains(_ key: String) -> Bool { field(key) != nil }

  /// The field `key` (with its key's position), if present.
  public func field(_ key: String) -> JSONNode.Field? {
    fields.first { bytesEqual($0.key, key) }
  }

  // MARK: - Required fields

  /// The value of `key`, of any kind.
  /// - Throws: `JSONError` at the object if the key is missing.
  public func value(_ key: String) throws(JSONError) -> JSONNode {
    guard let f = field(key) else {
      throw error("missing required field \(JSONError.quoted(key))", at: location)
    }
    return f.value
  }

  /// The string at `key`. - Throws: `JSONError` if missing or not a string.
  public func string(_ key: String) throws(JSONError) -> String {
    try asString(value(key), label(key))
  }

  /// The boolean at `key`. - Throws: `JSONError` if missing or not `true`/`false`.
  public func bool(_ key: String) throws(JSONError) -> Bool {
    try asBool(value(key), label(key))
  }

  /// The number at `key`. - Throws: `JSONError` if missing or not a number.
  public func double(_ key: String) throws(JSONError) -> Double {
    try asDouble(value(key), label(key))
  }

  /// The integer at `key` (`3` or `3.0` or `3e0`; below 2^53 in magnitude).
  /// - Throws: `JSONError` if missing, not a number, or not integral.
  public func int(_ key: String) throws(JSONError) -> Int {
    try asInt(value(key), label(key))
  }

  /// The array of strings at `key`.
  /// - Throws: `JSONError` if missing, not an array, or at the first non-string item.
  public func stringArray(_ key: String) throws(JSONError) -> [String] {
    try asStringArray(value(key), label(key))
  }

  /// A reader over the object at `key`.
  ///
  /// - Parameters:
  ///   - context: the nested reader's prefix; by default this reader's context
  ///     followed by `field 'key'`.
  ///   - allowed: the keys it may have, or nil for any.
  /// - Throws: `JSONError` if missing, not an object, or it has an unknown key.
  public func object(_ key: String, context: String? = nil, allowed: [String]?) throws(JSONError)
    -> ObjectReader
  {
    try ObjectReader(
      value(key), file: file, context: context ?? joined(label(key)), allowed: allowed)
  }

  // MARK: - Optional fields (nil when absent)

  public func optionalValue(_ key: String) -> JSONNode? { field(key)?.value }

  /// The string at `key`, or nil if absent. - Throws: `JSONError` if not a string.
  public func optionalString(_ key: String) throws(JSONError) -> String? {
    guard let v = optionalValue(key) else { return nil }
    return try asString(v, label(key))
  }

  /// The boolean at `key`, or nil if absent. - Throws: `JSONError` if not a boolean.
  public func optionalBool(_ key: String) throws(JSONError) -> Bool? {
    guard let v = optionalValue(key) else { return nil }
    return try asBool(v, label(key))
  }

  /// The number at `key`, or nil if absent. - Throws: `JSONError` if not a number.
  public func optionalDouble(_ key: String) throws(JSONError) -> Double? {
    guard let v = optionalValue(key) else { return nil }
    return try asDouble(v, label(key))
  }

  /// The integer at `key`, or nil if absent. - Throws: `JSONError` if not an integer.
  public func optionalInt(_ key: String) throws(JSONError) -> Int? {
    guard let v = optionalValue(key) else { return nil }
    return try asInt(v, label(key))
  }

  /// The array of strings at `key`, or nil if absent.
  /// - Throws: `JSONError` if not an array, or at the first non-string item.
  public func optionalStringArray(_ key: String) throws(JSONError) -> [String]? {
    guard let v = optionalValue(key) else { return nil }
    return try asStringArray(v, label(key))
  }

  /// A reader over the object at `key`, or nil if absent; see `object(_:context:allowed:)`.
  public func optionalObject(_ key: String, context: String? = nil, allowed: [String]?)
    throws(JSONError)
    -> ObjectReader?
  {
    guard let v = optionalValue(key) else { return nil }
    return try ObjectReader(v, file: file, context: context ?? joined(label(key)), allowed: allowed)
  }

  /// A reader over any node of the same file, e.g. each value of a map such as `stages`:
  /// `try stages.reader(for: f.value, context: "stage \(JSONError.quoted(f.key))", allowed: fields)`.
  public func reader(for node: JSONNode, context: String, allowed: [String]?) throws(JSONError)
    -> ObjectReader
  {
    try ObjectReader(node, file: file, context: context, allowed: allowed)
  }

  // MARK: - Errors for validators

  /// An error at `location`, with this reader's context and file.
  public func error(_ message: String, at location: JSONLocation) -> JSONError {
    JSONError(file: file, at: location, joined(message))
  }

  /// An error at the object's `{`.
  public func error(_ message: String) -> JSONError { error(message, at: location) }

  /// An error at the key `key` (at the object if it is absent).
  public func error(atKey key: String, _ message: String) -> JSONError {
    error(message, at: field(key)?.keyLocation ?? location)
  }

  /// An error at the value of `key` (at the object if it is absent), naming the field:
  /// `error(atValueOf: "seed", "must be at least 0")` gives
  /// `... field 'seed': must be at least 0`.
  public func error(atValueOf key: String, _ message: String) -> JSONError {
    error("\(label(key)): \(message)", at: field(key)?.value.location ?? location)
  }

  // MARK: - Conversions

  private func label(_ key: String) -> String { "field \(JSONError.quoted(key))" }

  private func joined(_ message: String) -> String {
    context.isEmpty ? message : "\(context): \(message)"
  }

  private func mismatch(_ expected: String, _ node: JSONNode, _ label: String) -> JSONError {
    error("\(label): expected \(expected), found \(node.kindName)", at: node.location)
  }

  private func asString(_ node: JSONNode, _ label: String) throws(JSONError) -> String {
    guard case .string(let s) = node.value else { throw mismatch("a string", node, label) }
    return s
  }

  private func asBool(_ node: JSONNode, _ label: String) throws(JSONError) -> Bool {
    guard case .bool(let b) = node.value else { throw mismatch("a boolean", node, label) }
    return b
  }

  private func asDouble(_ node: JSONNode, _ label: String) throws(JSONError) -> Double {
    guard case .number(let d) = node.value else { throw mismatch("a number", node, label) }
    return d
  }

  private func asInt(_ node: JSONNode, _ label: String) throws(JSONError) -> Int {
    guard case .number(let d) = node.value else { throw mismatch("an integer", node, label) }
    guard d.rounded() == d, abs(d) < 9_007_199_254_740_992 else {
      throw error("\(label): expected an integer, found \(JSON.formatNumber(d))", at: node.location)
    }
    return Int(d)
  }

  private func asStringArray(_ node: JSONNode, _ label: String) throws(JSONError) -> [String] {
    guard case .array(let items) = node.value else {
      throw mismatch("an array of strings", node, label)
    }
    var out: [String] = []
    out.reserveCapacity(items.count)
    for (i, item) in items.enumerated() {
      out.append(try asString(item, "\(label)[\(i)]"))
    }
    return out
  }
}
