/// Builds `JSON`, dropping positions.
enum PlainBuilder: JSONTreeBuilder {
  @inline(__always) static func null(at: JSONLocation) -> JSON { .null }
  @inline(__always) static func bool(_ b: Bool, at: JSONLocation) -> JSON { .bool(b) }
  @inline(__always) static func number(_ d: Double, at: JSONLocation) -> JSON { .number(d) }
  @inline(__always) static func string(_ s: String, at: JSONLocation) -> JSON { .string(s) }
  @inline(__always) static func array(_ items: [JSON], at: JSONLocation) -> JSON { .array(items) }
  @inline(__always) static func member(_ key: String, at: JSONLocation, _ value: JSON)
    -> JSON.Member
  {
    JSON.Member(key, value)
  }
  @inline(__always) static func object(_ members: [JSON.Member], at: JSONLocation) -> JSON {
    .object(members)
  }
}
