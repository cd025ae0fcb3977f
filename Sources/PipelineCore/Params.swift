import StrictJSON

/// Looking up dotted keys (`svd.factors`) and whole sections (`svd`) in `params.json`.
public enum Params {
  /// The value at a dotted key, or nil when any part is missing.
  public static func value(_ key: String, in params: JSON) -> JSON? {
    var current = params
    for part in key.split(separator: ".", omittingEmptySubsequences: false) {
      guard let next = current[String(part)] else { return nil }
      current = next
    }
    return current
  }

  /// Every leaf under `value` as (dotted key, value) pairs in document order.
  public static func leaves(_ value: JSON, prefix: String) -> [(String, JSON)] {
    guard case .object(let members) = value, !members.isEmpty else { return [(prefix, value)] }
    var result: [(String, JSON)] = []
    for member in members {
      let key = prefix.isEmpty ? member.key : prefix + "." + member.key
      result += leaves(member.value, prefix: key)
    }
    return result
  }

  /// A value's text inside a command or path: strings as they are, numbers
  /// canonical, booleans `true`/`false`. Objects, arrays and null have none: a
  /// list has no one-word form, and joining it with spaces would split words.
  static func commandText(_ value: JSON) -> String? {
    switch value {
    case .string(let s): return s
    case .number(let d): return JSON.formatNumber(d)
    case .bool(let b): return b ? "true" : "false"
    case .null, .array, .object: return nil
    }
  }

  /// A short human form of a value for status lines: `100`, `"adam"`, `{...}`.
  public static func display(_ value: JSON?) -> String {
    guard let value else { return "(missing)" }
    switch value {
    case .string(let s): return "'\(s)'"
    default: return value.compactText()
    }
  }
}
