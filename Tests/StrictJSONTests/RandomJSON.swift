import Foundation
import RecsysCore

@testable import StrictJSON

/// Random JSON trees for property tests, drawn from a seeded generator.
enum RandomJSON {
  static let alphabet: [Unicode.Scalar] = [
    "a", "b", "z", "A", "Z", "0", "9", "_", "-", ".", " ", "/", "\"", "\\", "\n", "\r", "\t",
    "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1F}", "\u{7F}", "\u{80}", "\u{E9}", "\u{301}",
    "\u{2028}",
    "\u{4E2D}", "\u{FEFF}", "\u{FFFF}", "\u{1F600}", "\u{10FFFF}",
  ]

  static func string(_ rng: inout SeededGenerator) -> String {
    var s = String.UnicodeScalarView()
    for _ in 0..<rng.nextInt(below: 8) { s.append(alphabet[rng.nextInt(below: alphabet.count)]) }
    return String(s)
  }

  static func number(_ rng: inout SeededGenerator) -> Double {
    switch rng.nextInt(below: 6) {
    case 0: return Double(rng.nextInt(below: 2001) - 1000)
    case 1:
      let special: [Double] = [
        0.0, -0.0, 1e308, -1e308, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 9e15, 1e16,
        9_007_199_254_740_992,
        9_007_199_254_740_994, -9_007_199_254_740_996, 0x1p-1022,
      ]
      return special[rng.nextInt(below: special.count)]
    case 2: return (rng.nextDouble() - 0.5) * 1e6
    case 3: return Double(rng.nextInt(below: 1000)) / 100
    default:
      while true {
        let d = Double(bitPattern: rng.nextUInt64())
        if d.isFinite { return d }
      }
    }
  }

  static func value(_ rng: inout SeededGenerator, depth: Int) -> JSON {
    switch rng.nextInt(below: depth > 0 ? 7 : 4) {
    case 0: return rng.nextInt(below: 3) == 0 ? .null : .bool(rng.nextInt(below: 2) == 0)
    case 1: return .number(number(&rng))
    case 2, 3: return .string(string(&rng))
    case 4: return .array((0..<rng.nextInt(below: 5)).map { _ in value(&rng, depth: depth - 1) })
    default:
      var members: [JSON.Member] = []
      for _ in 0..<rng.nextInt(below: 6) {
        let key = string(&rng)
        // Keys are unique by bytes, as the strict parser demands.
        if members.contains(where: { $0.key.utf8.elementsEqual(key.utf8) }) { continue }
        members.append(JSON.Member(key, value(&rng, depth: depth - 1)))
      }
      return .object(members)
    }
  }

  /// `value` with every object's members sorted by key bytes and `-0` made `0`: what
  /// canonical text says.
  static func canonical(_ value: JSON) -> JSON {
    switch value {
    case .number(let d): return .number(d == 0 ? 0 : d)
    case .array(let items): return .array(items.map(canonical))
    case .object(let members):
      return .object(
        members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
          .map { JSON.Member($0.key, canonical($0.value)) })
    default: return value
    }
  }

  /// Equality that also tells `0` from `-0` and compares keys and strings by bytes.
  static func identical(_ a: JSON, _ b: JSON) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x.bitPattern == y.bitPattern
    case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
    case (.array(let x), .array(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
    case (.object(let x), .object(let y)):
      return x.count == y.count
        && zip(x, y).allSatisfy {
          $0.key.utf8.elementsEqual($1.key.utf8) && identical($0.value, $1.value)
        }
    default: return false
    }
  }

  /// Whether Foundation's reading of the same text agrees (numbers within rounding:
  /// Foundation has its own number parser). Foundation on Linux drops U+FEFF inside
  /// strings and hands booleans back as NSNumber, so both are normalized first.
  static func matchesFoundation(_ a: JSON, _ b: Any) -> Bool {
    func clean(_ s: String) -> [UInt8] {
      Array(s.replacingOccurrences(of: "\u{FEFF}", with: "").utf8)
    }
    switch a {
    case .null: return b is NSNull
    case .bool(let x): return (b as? NSNumber)?.intValue == (x ? 1 : 0)
    case .number(let x):
      guard let y = (b as? NSNumber)?.doubleValue else { return false }
      return x == y || abs(x - y) <= abs(x) * 1e-15
    case .string(let x): return (b as? String).map { clean($0) == clean(x) } ?? false
    case .array(let xs):
      guard let ys = b as? [Any], ys.count == xs.count else { return false }
      return zip(xs, ys).allSatisfy { matchesFoundation($0, $1) }
    case .object(let members):
      guard let dict = b as? [String: Any], dict.count == members.count else { return false }
      return members.allSatisfy { m in
        dict.contains { clean($0.key) == clean(m.key) && matchesFoundation(m.value, $0.value) }
      }
    }
  }
}
