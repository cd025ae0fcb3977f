/// A parsed JSON value that remembers where each of its parts was written.
///
/// This is the located twin of `JSON`: the same shape, plus the position of every
/// value and every object key, so a validator can point at the exact spot in
/// `pipeline.json`. Members keep their file order; the parser has already rejected
/// duplicate keys, so a key names at most one field.
public struct JSONNode: Sendable, Equatable {
  /// The value, with located children.
  public enum Value: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([Field])
  }

  /// One `"key": value` pair of an object, with the position of the key's opening quote.
  public struct Field: Sendable, Equatable {
    public var key: String
    public var keyLocation: JSONLocation
    public var value: JSONNode

    public init(key: String, keyLocation: JSONLocation, value: JSONNode) {
      self.key = key
      self.keyLocation = keyLocation
      self.value = value
    }
  }

  public var value: Value
  /// Where the value starts: its first character (`{`, `[`, `"`, a digit, `-`, `t`...).
  public var location: JSONLocation

  public init(_ value: Value, at location: JSONLocation) {
    self.value = value
    self.location = location
  }
}

extension JSONNode {
  /// The plain value, without positions.
  public var json: JSON {
    switch value {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .number(let d): return .number(d)
    case .string(let s): return .string(s)
    case .array(let items): return .array(items.map(\.json))
    case .object(let fields): return .object(fields.map { JSON.Member($0.key, $0.value.json) })
    }
  }

  /// The kind of value with its article, as messages say it: `a string`, `an object`, `null`.
  public var kindName: String {
    switch value {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// The fields if this is an object.
  public var fields: [Field]? {
    if case .object(let f) = value { return f }
    return nil
  }

  /// The items if this is an array.
  public var items: [JSONNode]? {
    if case .array(let a) = value { return a }
    return nil
  }

  public var stringValue: String? {
    if case .string(let s) = value { return s }
    return nil
  }

  /// The field named `key`, compared by UTF-8 bytes (not by Unicode equivalence, which
  /// would make an NFC and an NFD spelling the same key).
  public func field(_ key: String) -> Field? {
    guard case .object(let fields) = value else { return nil }
    return fields.first { bytesEqual($0.key, key) }
  }

  /// The value of field `key`, if this is an object that has it.
  public subscript(key: String) -> JSONNode? { field(key)?.value }

  /// The node at `path`, or nil when a step is missing or has the wrong kind.
  public func node(at path: [JSONPathComponent]) -> JSONNode? {
    var node = self
    for step in path {
      switch step {
      case .key(let k):
        guard let next = node[k] else { return nil }
        node = next
      case .index(let i):
        guard case .array(let items) = node.value, items.indices.contains(i) else { return nil }
        node = items[i]
      }
    }
    return node
  }
}
