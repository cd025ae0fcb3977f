/// Builds `JSONNode`, keeping positions.
enum LocatedBuilder: JSONTreeBuilder {
  @inline(__always) static func null(at: JSONLocation) -> JSONNode { JSONNode(.null, at: at) }
  @inline(__always) static func bool(_ b: Bool, at: JSONLocation) -> JSONNode {
    JSONNode(.bool(b), at: at)
  }
  @inline(__always) static func number(_ d: Double, at: JSONLocation) -> JSONNode {
    JSONNode(.number(d), at: at)
  }
  @inline(__always) static func string(_ s: String, at: JSONLocation) -> JSONNode {
    JSONNode(.string(s), at: at)
  }
  @inline(__always) static func array(_ items: [JSONNode], at: JSONLocation) -> JSONNode {
    JSONNode(.array(items), at: at)
  }
  @inline(__always) static func member(_ key: String, at: JSONLocation, _ value: JSONNode)
    -> JSONNode.Field
  {
    JSONNode.Field(key: key, keyLocation: at, value: value)
  }
  @inline(__always) static func object(_ members: [JSONNode.Field], at: JSONLocation) -> JSONNode {
    JSONNode(.object(members), at: at)
  }
}
