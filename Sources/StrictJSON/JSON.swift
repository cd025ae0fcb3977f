/// A JSON value that keeps object members in the order they were written.
///
/// Objects are arrays of members, never dictionaries: dictionary order changes
/// from process to process, and `pipeline.json` keeps its stage order.
public enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSON])
  case object([Member])

  /// One `"key": value` pair of an object.
  public struct Member: Sendable, Equatable {
    public var key: String
    public var value: JSON
    public init(_ key: String, _ value: JSON) {
      self.key = key
      self.value = value
    }
  }
}

extension JSON {
  /// Builds an object from key-value pairs, keeping their order.
  public static func object(_ pairs: KeyValuePairs<String, JSON>) -> JSON {
    .object(pairs.map { Member($0.key, $0.value) })
  }

  /// The value of `key` if this is an object that has it (the last one wins).
  ///
  /// Keys compare by UTF-8 bytes, as in the parser: `String ==` would also match a
  /// canonically equivalent spelling (NFC `é` for NFD `e` + U+0301).
  public subscript(key: String) -> JSON? {
    guard case .object(let members) = self else { return nil }
    return members.last(where: { bytesEqual($0.key, key) })?.value
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }
  public var doubleValue: Double? {
    if case .number(let d) = self { return d }
    return nil
  }
  /// The number as an `Int` when it is integral and in range.
  public var intValue: Int? {
    guard case .number(let d) = self, d.rounded() == d, abs(d) < 9.0e15 else { return nil }
    return Int(d)
  }
  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }
  public var arrayValue: [JSON]? {
    if case .array(let a) = self { return a }
    return nil
  }
  public var members: [Member]? {
    if case .object(let m) = self { return m }
    return nil
  }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSON...) { self = .array(elements) }
  public init(nilLiteral: ()) { self = .null }
}
