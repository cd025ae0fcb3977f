extension JSON {
  /// The one canonical text of this value: object keys sorted by their UTF-8 bytes,
  /// two-space indentation, integral numbers without a fraction, other numbers in
  /// their shortest round-trip form, no escaped slashes, and a trailing newline.
  ///
  /// The same value always gives the same bytes, which is what lets two runs that
  /// produce the same outputs produce the same `pipeline.lock`.
  /// - Precondition: no number is NaN or infinite (JSON cannot say them).
  public func canonicalText() -> String {
    String(decoding: canonicalBytes(), as: UTF8.self)
  }

  /// `canonicalText()` as UTF-8 bytes, ready to write or hash without a copy.
  public func canonicalBytes() -> [UInt8] {
    var w = JSONTextWriter(indented: true, sortKeys: true)
    w.write(self, depth: 0)
    w.out.append(0x0A)
    return w.out
  }

  /// Like `canonicalText()`, but object members keep their order.
  public func orderedText() -> String {
    var w = JSONTextWriter(indented: true, sortKeys: false)
    w.write(self, depth: 0)
    w.out.append(0x0A)
    return String(decoding: w.out, as: UTF8.self)
  }

  /// The value on one line with no spaces, keys sorted (for hashing and compact logs).
  public func compactText() -> String {
    var w = JSONTextWriter(indented: false, sortKeys: true)
    w.write(self, depth: 0)
    return String(decoding: w.out, as: UTF8.self)
  }

  /// Integral values up to 2^53 in magnitude print as integers (`-0` as `0`);
  /// everything else prints in Swift's shortest round-trip form (`0.1`, `1e+16`,
  /// `5e-324`), which is valid JSON and parses back to the same bits.
  ///
  /// The bound is 2^53 because that is where Swift's own form switches to an exponent:
  /// below it, `description` would print `9000000000000000.0`.
  public static func formatNumber(_ d: Double) -> String {
    precondition(d.isFinite, "JSON cannot represent \(d)")
    if d == d.rounded(), abs(d) <= 9_007_199_254_740_992 {
      return d == 0 ? "0" : String(Int64(d))
    }
    return "\(d)"
  }
}

/// Writes JSON text into a byte buffer (appending to a `String` scalar by scalar was
/// the slow part of writing a large lock).
struct JSONTextWriter {
  let indented: Bool
  let sortKeys: Bool
  var out: [UInt8] = []

  init(indented: Bool, sortKeys: Bool) {
    self.indented = indented
    self.sortKeys = sortKeys
  }

  mutating func write(_ value: JSON, depth: Int) {
    switch value {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .number(let d): out.append(contentsOf: JSON.formatNumber(d).utf8)
    case .string(let s): writeString(s)
    case .array(let items):
      if items.isEmpty {
        out.append(contentsOf: "[]".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      for (n, item) in items.enumerated() {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        newline(depth + 1)
        write(item, depth: depth + 1)
      }
      newline(depth)
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      if members.isEmpty {
        out.append(contentsOf: "{}".utf8)
        return
      }
      out.append(UInt8(ascii: "{"))
      var n = 0
      for i in sortKeys ? JSONTextWriter.byteOrder(members) : Array(members.indices) {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        n += 1
        newline(depth + 1)
        writeString(members[i].key)
        out.append(UInt8(ascii: ":"))
        if indented { out.append(UInt8(ascii: " ")) }
        write(members[i].value, depth: depth + 1)
      }
      newline(depth)
      out.append(UInt8(ascii: "}"))
    }
  }

  /// Member indices sorted by key bytes; equal keys (possible only in values built in
  /// code) keep their order, so even those print deterministically.
  static func byteOrder(_ members: [JSON.Member]) -> [Int] {
    members.indices.sorted { a, b in
      let ka = members[a].key.utf8
      let kb = members[b].key.utf8
      if ka.elementsEqual(kb) { return a < b }
      return ka.lexicographicallyPrecedes(kb)
    }
  }

  private mutating func newline(_ depth: Int) {
    guard indented else { return }
    out.append(0x0A)
    for _ in 0..<depth {
      out.append(0x20)
      out.append(0x20)
    }
  }

  private mutating func writeString(_ s: String) { JSON.appendQuoted(s, to: &out) }
}

extension JSON {
  /// Escapes `"`, `\` and control characters (short forms where JSON has them,
  /// `\u00XX` otherwise); everything else, `/` and non-ASCII included, is written raw.
  /// The one string writer of canonical JSON text, for writers that skip the tree.
  public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var s = s
    s.withUTF8 { bytes in
      var runStart = 0
      for i in 0..<bytes.count {
        let b = bytes[i]
        guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
        runStart = i + 1
        out.append(UInt8(ascii: "\\"))
        switch b {
        case 0x22: out.append(UInt8(ascii: "\""))
        case 0x5C: out.append(UInt8(ascii: "\\"))
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        default:
          let hex: [UInt8] = Array("0123456789abcdef".utf8)
          out.append(contentsOf: "u00".utf8)
          out.append(hex[Int(b >> 4)])
          out.append(hex[Int(b & 0xF)])
        }
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    }
    out.append(UInt8(ascii: "\""))
  }
}
