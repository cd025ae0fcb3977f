import Foundation
import RecsysCore
import Testing

@testable import StrictJSON

@Suite struct CanonicalTests {
  @Test func exactText() {
    let value: JSON = .object([
      "b": [1, 2.5, -0.0, 1e16, 0.1, .number(.leastNonzeroMagnitude), 1e308, -1_234_567],
      "a": .object([:]),
      "_": [],
      "Z": .string("q\"b\\s/\u{8}\u{C}\n\r\t\u{0}\u{1F}\u{7F} caf\u{E9} \u{1F600}"),
      "\u{E9}": true,
      "A": nil,
    ])
    let expected = """
      {
        "A": null,
        "Z": "q\\"b\\\\s/\\b\\f\\n\\r\\t\\u0000\\u001f\u{7F} caf\u{E9} \u{1F600}",
        "_": [],
        "a": {},
        "b": [
          1,
          2.5,
          0,
          1e+16,
          0.1,
          5e-324,
          1e+308,
          -1234567
        ],
        "\u{E9}": true
      }

      """
    #expect(value.canonicalText() == expected)
    #expect(value.canonicalBytes() == Array(expected.utf8))
  }

  @Test func compactAndOrdered() {
    let value: JSON = .object(["b": [1, "x"], "a": .object(["d": nil, "c": false])])
    #expect(value.compactText() == #"{"a":{"c":false,"d":null},"b":[1,"x"]}"#)
    #expect(
      value.orderedText()
        == "{\n  \"b\": [\n    1,\n    \"x\"\n  ],\n  \"a\": {\n    \"d\": null,\n    \"c\": false\n  }\n}\n"
    )
    #expect(JSON.null.canonicalText() == "null\n")
    #expect(JSON.string("").compactText() == "\"\"")
  }

  @Test func numberFormatting() {
    #expect(JSON.formatNumber(0) == "0")
    #expect(JSON.formatNumber(-0.0) == "0")
    #expect(JSON.formatNumber(42) == "42")
    #expect(JSON.formatNumber(-3) == "-3")
    #expect(JSON.formatNumber(8_999_999_999_999_999) == "8999999999999999")
    #expect(JSON.formatNumber(9e15) == "9000000000000000")
    #expect(JSON.formatNumber(9_007_199_254_740_992) == "9007199254740992")
    #expect(JSON.formatNumber(-9_007_199_254_740_992) == "-9007199254740992")
    #expect(JSON.formatNumber(9_007_199_254_740_994) == "9.007199254740994e+15")
    #expect(JSON.formatNumber(1e15) == "1000000000000000")
    #expect(JSON.formatNumber(4_503_599_627_370_495.5) == "4503599627370495.5")
    #expect(JSON.formatNumber(1.5) == "1.5")
    #expect(JSON.formatNumber(1e-7) == "1e-07")
    #expect(JSON.formatNumber(0.1 + 0.2) == "0.30000000000000004")
    #expect(JSON.formatNumber(.greatestFiniteMagnitude) == "1.7976931348623157e+308")
    #expect(JSON.formatNumber(.leastNonzeroMagnitude) == "5e-324")
  }

  @Test func sortsKeysByBytesAndKeepsEqualKeysInOrder() {
    // By bytes: "B" (0x42) < "a" (0x61) < "é" (0xC3 0xA9); "e\u{301}" (0x65 ...) < "é".
    let value: JSON = .object([
      JSON.Member("\u{E9}", 1), JSON.Member("a", 2), JSON.Member("e\u{301}", 3),
      JSON.Member("B", 4),
    ])
    #expect(value.compactText() == "{\"B\":4,\"a\":2,\"e\u{301}\":3,\"\u{E9}\":1}")
    // Duplicate keys can only come from code; they still print deterministically.
    let dup: JSON = .object([JSON.Member("k", 1), JSON.Member("a", 0), JSON.Member("k", 2)])
    #expect(dup.compactText() == #"{"a":0,"k":1,"k":2}"#)
  }

  /// parse(canonicalText(x)) is x with sorted keys, number bits included (but `-0`,
  /// which prints as `0`); ordered text gives x itself; canonical text is a fixed point.
  @Test func roundTripsRandomTrees() throws {
    var rng = SeededGenerator(seed: 2024)
    for _ in 0..<300 {
      let x = RandomJSON.value(&rng, depth: 5)
      let canonical = x.canonicalText()
      let back = try JSONParser.parse(canonical, file: "r.json")
      #expect(RandomJSON.identical(back, RandomJSON.canonical(x)), "\(canonical)")
      #expect(back == RandomJSON.canonical(x))
      #expect(back.canonicalText() == canonical)
      let ordered = try JSONParser.parse(x.orderedText(), file: "r.json")
      #expect(ordered == x)
      let compact = try JSONParser.parse(x.compactText(), file: "r.json")
      #expect(RandomJSON.identical(compact, RandomJSON.canonical(x)))
      // Another reader accepts our output too.
      #expect(throws: Never.self) {
        try JSONSerialization.jsonObject(with: Data(canonical.utf8), options: [.fragmentsAllowed])
      }
    }
  }

  @Test func writesEveryControlCharacterEscaped() throws {
    let all = String(String.UnicodeScalarView((0..<0x20).map { Unicode.Scalar(UInt8($0)) }))
    let text = JSON.string(all).compactText()
    #expect(text.unicodeScalars.allSatisfy { $0.value >= 0x20 })
    #expect(try JSONParser.parse(text, file: "c.json") == .string(all))
    #expect(text.hasPrefix(#""\u0000\u0001"#))
    #expect(text.contains(#"\b\t\n\u000b\f\r\u000e"#))
  }
}
