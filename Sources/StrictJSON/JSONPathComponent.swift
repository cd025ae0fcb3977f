/// One step into a JSON value: an object key or an array index (0-based).
///
/// Literals make paths short to write: `["stages", "train", "deps", 0]`.
public enum JSONPathComponent: Sendable, Hashable, ExpressibleByStringLiteral,
  ExpressibleByIntegerLiteral, CustomStringConvertible
{
  case key(String)
  case index(Int)

  public init(stringLiteral value: String) { self = .key(value) }
  public init(integerLiteral value: Int) { self = .index(value) }

  /// `.key` for a key, `[n]` for an index; joined they read `.stages.train.deps[0]`.
  public var description: String {
    switch self {
    case .key(let k): return "." + k
    case .index(let i): return "[\(i)]"
    }
  }

  /// A path as users write it in messages: `stages.train.deps[0]` (empty for the root).
  public static func render(_ path: [JSONPathComponent]) -> String {
    var out = ""
    for c in path {
      switch c {
      case .key(let k): out += out.isEmpty ? k : "." + k
      case .index(let i): out += "[\(i)]"
      }
    }
    return out
  }
}
