extension JSON {
  /// The one canonical text of this value: object keys sorted by their UTF-8 bytes,
  /// two-space indentation, integral numbers without a fraction, other numbers in
  /// their shortest round-trip form, no escaped slashes, and a trailing newline.
  ///
  /// The same value always gives the same bytes, which is what lets two runs that
  /// produce the same outputs produce the same `pipeline.lock`.
  /// - Precondition: no number is NaN or infinite (JSON cannot say them).
  public func canonicalText() -> String {
    var out = ""
    JSON.write(self, into: &out, indent: 0, sortKeys: true)
    out.append("\n")
    return out
  }

  /// Like `canonicalText()`, but object members keep their order.
  public func orderedText() -> String {
    var out = ""
    JSON.write(self, into: &out, indent: 0, sortKeys: false)
    out.append("\n")
    return out
  }

  /// The value on one line with no spaces, keys sorted (for hashing and compact logs).
  public func compactText() -> String {
    var out = ""
    JSON.write(self, into: &out, indent: nil, sortKeys: true)
    return out
  }

  private static func write(_ value: JSON, into out: inout String, indent: Int?, sortKeys: Bool) {
    switch value {
    case .null: out.append("null")
    case .bool(let b): out.append(b ? "true" : "false")
    case .number(let d): out.append(formatNumber(d))
    case .string(let s): writeString(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out.append("[]")
        return
      }
      out.append("[")
      for (n, item) in items.enumerated() {
        if n > 0 { out.append(",") }
        newline(&out, indent.map { $0 + 1 })
        write(item, into: &out, indent: indent.map { $0 + 1 }, sortKeys: sortKeys)
      }
      newline(&out, indent)
      out.append("]")
    case .object(let members):
      if members.isEmpty {
        out.append("{}")
        return
      }
      let ordered = sortKeys ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : members
      out.append("{")
      for (n, member) in ordered.enumerated() {
        if n > 0 { out.append(",") }
        newline(&out, indent.map { $0 + 1 })
        writeString(member.key, into: &out)
        out.append(indent == nil ? ":" : ": ")
        write(member.value, into: &out, indent: indent.map { $0 + 1 }, sortKeys: sortKeys)
      }
      newline(&out, indent)
      out.append("}")
    }
  }

  private static func newline(_ out: inout String, _ indent: Int?) {
    guard let indent else { return }
    out.append("\n")
    out.append(String(repeating: "  ", count: indent))
  }

  /// Integral values in the exactly representable range print as integers;
  /// everything else prints in Swift's shortest round-trip form.
  public static func formatNumber(_ d: Double) -> String {
    precondition(d.isFinite, "JSON cannot represent \(d)")
    if d == d.rounded(), abs(d) < 9.0e15 {
      return d == 0 ? "0" : String(Int64(d))
    }
    return "\(d)"
  }

  private static func writeString(_ s: String, into out: inout String) {
    out.append("\"")
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out.append("\\\"")
      case "\\": out.append("\\\\")
      case "\n": out.append("\\n")
      case "\r": out.append("\\r")
      case "\t": out.append("\\t")
      case "\u{08}": out.append("\\b")
      case "\u{0C}": out.append("\\f")
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out.append("\"")
  }
}
