import Foundation
import RecsysCore

/// Seeded mutations of text and binary inputs: byte damage, and edits that keep the
/// shape (a JSON value replaced by a nasty one, a field of a `::`/CSV line, a ZIP header
/// field), which reach further than random bytes.
struct Mutator {
  var rng: SeededGenerator

  init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

  mutating func pick<T>(_ options: [T]) -> T { options[rng.nextInt(below: options.count)] }
  mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : rng.nextInt(below: n) }
  /// A random element, by our own generator (the stdlib's algorithm may change).
  mutating func element<T>(of options: [T]) -> T? { options.isEmpty ? nil : options[below(options.count)] }

  /// Values that break parsers and arithmetic.
  static let nastyNumbers = [
    "0", "-0", "-1", "1e309", "-1e309", "1.5e22", "99999999999999999999", "9223372036854775808", "2147483648",
    "0.0000001", "NaN", "Infinity", "0x10", "1.", ".5", "01", "1e", "", "3.7", "-2147483649",
  ]
  static let nastyStrings = [
    "", " ", "../outside", "/etc/passwd", "${", "${x.y}", "${data.source}", "pipeline.json", ".pipeline/cache",
    ".git", "a\\nb", "\\u0000", "\\ud800", "é", "\\\"", "$(touch pwned)", "; rm -rf x #", String(repeating: "a", count: 5000),
  ]

  /// A few random bytes overwritten, inserted or deleted, or the tail cut off.
  mutating func damageBytes(_ bytes: [UInt8], protecting prefix: Int = 0) -> [UInt8] {
    var out = bytes
    guard out.count > prefix else { return out + [UInt8(truncatingIfNeeded: rng.nextUInt64())] }
    switch below(5) {
    case 0:
      out.removeSubrange((prefix + below(out.count - prefix))...)
    case 1:
      for _ in 0...below(3) { out.insert(UInt8(truncatingIfNeeded: rng.nextUInt64()), at: prefix + below(out.count - prefix)) }
    case 2:
      for _ in 0...below(3) where out.count > prefix { out.remove(at: prefix + below(out.count - prefix)) }
    default:
      for _ in 0...below(4) {
        out[prefix + below(out.count - prefix)] = pick([0, 0xFF, 0x80, 0x22, 0x2C, 0x3A, 0x0A, 0x7B, 0x5B, UInt8(truncatingIfNeeded: rng.nextUInt64())])
      }
    }
    return out
  }

  /// JSON text with one token replaced, a structure edit, or byte damage.
  mutating func mutateJSON(_ text: String) -> String {
    let bytes = Array(text.utf8)
    let tokens = Self.jsonTokens(bytes)
    switch below(8) {
    case 0, 1:
      guard let token = element(of: tokens.filter({ $0.isString })) else { break }
      return Self.splice(bytes, token.range, "\"" + pick(Self.nastyStrings) + "\"")
    case 2:
      guard let token = element(of: tokens.filter({ !$0.isString })) else { break }
      return Self.splice(bytes, token.range, pick(Self.nastyNumbers))
    case 3:
      // A value of another type where one was expected.
      guard let token = element(of: tokens) else { break }
      return Self.splice(bytes, token.range, pick(["null", "true", "[]", "{}", "[1,2]", "{\"a\":1}", "\"3\"", "42"]))
    case 4:
      // A duplicated member or an unknown one right after an opening brace.
      guard let brace = element(of: Array(bytes.indices).filter({ bytes[$0] == UInt8(ascii: "{") })) else { break }
      let member = pick(["\"cmd\": \"echo\",", "\"dep\": [],", "\"outs\": [\"pipeline.json\"],", "\"x\": 1,", "\"\": 0,"])
      return Self.splice(bytes, (brace + 1)..<(brace + 1), member)
    case 5:
      // Deep nesting, or a huge value.
      let depth = pick([64, 1000, 100_000])
      guard let token = element(of: tokens) else { break }
      return Self.splice(bytes, token.range, String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
    default:
      break
    }
    return String(decoding: damageBytes(bytes), as: UTF8.self)
  }

  /// Text lines with one field edited (separator `separator`), a line duplicated,
  /// dropped or cut, odd line endings, or byte damage.
  mutating func mutateLines(_ text: String, separator: String) -> [UInt8] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    guard !lines.isEmpty else { return damageBytes(Array(text.utf8)) }
    let line = below(lines.count)
    switch below(9) {
    case 0, 1, 2:
      var fields = lines[line].components(separatedBy: separator)
      let field = below(fields.count)
      fields[field] = pick(Self.nastyNumbers + ["abc", "\"", "\"a,b\"", "1,2", "::", "\u{FEFF}1", "Toy Story (1995)", "(no genres listed)", "a|b|"])
      lines[line] = fields.joined(separator: separator)
    case 3:
      lines.insert(lines[line], at: line)
    case 4:
      lines.remove(at: line)
    case 5:
      lines[line] = String(lines[line].prefix(below(lines[line].count)))
    case 6:
      return Array((lines.joined(separator: pick(["\r\n", "\r", "\n\n"])) + "\n").utf8)
    case 7:
      lines[line] += pick([separator, separator + separator + "x", "\u{0}", " "])
    default:
      return damageBytes(Array((lines.joined(separator: "\n") + "\n").utf8))
    }
    return Array((lines.joined(separator: "\n") + "\n").utf8)
  }

  /// A ZIP with a header field set to an edge value (entry count, sizes, offsets, name
  /// lengths, method, flags), or byte damage.
  mutating func mutateZip(_ bytes: [UInt8]) -> [UInt8] {
    var out = bytes
    func put(_ value: UInt64, at offset: Int, width: Int) {
      guard offset >= 0, offset + width <= out.count else { return }
      for i in 0..<width { out[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    }
    let edge: [UInt64] = [0, 1, 0xFFFF, 0xFFFF_FFFF, 0x7FFF_FFFF, UInt64(bytes.count), UInt64(bytes.count / 2)]
    guard let eocd = (0...(bytes.count - 22)).reversed().first(where: {
      bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 5 && bytes[$0 + 3] == 6
    })
    else { return damageBytes(bytes) }
    let centrals = (0..<(bytes.count - 4)).filter {
      bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2
    }
    let locals = (0..<(bytes.count - 4)).filter {
      bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 3 && bytes[$0 + 3] == 4
    }
    switch below(6) {
    case 0:
      // End record: entry counts (16-bit), directory size and offset (32-bit).
      let field = pick([(8, 2), (10, 2), (12, 4), (16, 4), (20, 2)])
      put(pick(edge), at: eocd + field.0, width: field.1)
    case 1, 2:
      guard let central = element(of: centrals) else { break }
      // method, flags, crc, compressed, uncompressed, name/extra/comment length, disk, offset
      let field = pick([(10, 2), (8, 2), (16, 4), (20, 4), (24, 4), (28, 2), (30, 2), (32, 2), (34, 2), (42, 4)])
      put(pick(edge + [8, 12, 99]), at: central + field.0, width: field.1)
    case 3:
      guard let local = element(of: locals) else { break }
      let field = pick([(6, 2), (8, 2), (18, 4), (22, 4), (26, 2), (28, 2)])
      put(pick(edge), at: local + field.0, width: field.1)
    default:
      return damageBytes(bytes)
    }
    return out
  }

  struct Token {
    var range: Range<Int>
    var isString: Bool
  }

  /// String and scalar tokens (numbers, true, false, null) of JSON text; object keys are
  /// strings too.
  static func jsonTokens(_ bytes: [UInt8]) -> [Token] {
    var tokens: [Token] = []
    var i = 0
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: "\"") {
        var j = i + 1
        while j < bytes.count && bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
        let end = min(j + 1, bytes.count)
        tokens.append(Token(range: i..<end, isString: true))
        i = end
      } else if c == UInt8(ascii: "-") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "t")
        || c == UInt8(ascii: "f") || c == UInt8(ascii: "n")
      {
        var j = i
        while j < bytes.count, !" \n\t\r,]}:".utf8.contains(bytes[j]) { j += 1 }
        tokens.append(Token(range: i..<j, isString: false))
        i = j
      } else {
        i += 1
      }
    }
    return tokens
  }

  static func splice(_ bytes: [UInt8], _ range: Range<Int>, _ replacement: String) -> String {
    String(decoding: bytes[..<range.lowerBound] + Array(replacement.utf8) + bytes[range.upperBound...], as: UTF8.self)
  }
}
