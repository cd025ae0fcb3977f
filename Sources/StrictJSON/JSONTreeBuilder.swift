/// What the parser makes of each value it reads; lets one parser build either plain
/// `JSON` (lock files, fastest) or located `JSONNode` trees (files a user edits).
protocol JSONTreeBuilder {
  associatedtype Value
  associatedtype Member
  static func null(at: JSONLocation) -> Value
  static func bool(_ b: Bool, at: JSONLocation) -> Value
  static func number(_ d: Double, at: JSONLocation) -> Value
  static func string(_ s: String, at: JSONLocation) -> Value
  static func array(_ items: [Value], at: JSONLocation) -> Value
  static func member(_ key: String, at: JSONLocation, _ value: Value) -> Member
  static func object(_ members: [Member], at: JSONLocation) -> Value
}
