import Foundation
import RecsysCore
import Testing

@testable import StrictJSON

/// Parses `text` (which must be valid) in both modes and checks they agree.
func parsed(_ text: String) throws -> JSON {
  let plain = try JSONParser.parse(text, file: "t.json")
  let located = try JSONParser.parseDocument(text, file: "t.json")
  #expect(located.json == plain)
  return plain
}

func number(_ text: String) throws -> Double {
  guard case .number(let d) = try parsed("[\(text)]").arrayValue?.first else {
    Issue.record("not a number: \(text)")
    return .nan
  }
  return d
}

@Suite struct ParserValueTests {
  @Test func scalarsAndContainers() throws {
    #expect(try parsed("null") == .null)
    #expect(try parsed(" true ") == .bool(true))
    #expect(try parsed("false") == .bool(false))
    #expect(try parsed("\"x\"") == .string("x"))
    #expect(try parsed("[]") == .array([]))
    #expect(try parsed("{}") == .object([]))
    #expect(try parsed("[[], {}, [[1]]]") == [[], .object([]), [[1]]])
    // Member order is the file's order, not sorted.
    let v = try parsed(#"{"b": 1, "a": [true, null], "c": {"z": "s", "y": -2.5}}"#)
    #expect(v.members?.map(\.key) == ["b", "a", "c"])
    #expect(v["c"]?.members?.map(\.key) == ["z", "y"])
    #expect(v["a"] == [true, nil])
    #expect(v["c"]?["y"] == .number(-2.5))
  }

  @Test func whitespace() throws {
    #expect(try parsed(" \t\r\n[ 1 ,\r\n 2 ]\n\n") == [1, 2])
    // Form feed and no-break space are not JSON whitespace.
    #expect(describeError("[1,\u{0C}2]") == "t.json:1:4: error: expected a value, found U+000C")
    #expect(describeError("[1,\u{A0}2]") == "t.json:1:4: error: expected a value, found '\u{A0}'")
  }

  @Test func stringEscapes() throws {
    #expect(try parsed(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
    #expect(try parsed(#""\u00e9\u00E9\u4e2d""#) == .string("\u{E9}\u{E9}\u{4E2D}"))
    #expect(try parsed(#""\u0000x""#) == .string("\u{0}x"))
    // An escaped surrogate pair is one scalar, in either case of hex digits.
    let emoji = try parsed(#""\ud83d\ude00 \uD83D\uDE00""#)
    #expect(emoji == .string("\u{1F600} \u{1F600}"))
    #expect(emoji.stringValue?.unicodeScalars.count == 3)
    #expect(try parsed(#""\uDBFF\uDFFF""#).stringValue?.unicodeScalars.first?.value == 0x10FFFF)
  }

  @Test func rawUnicodeIsKept() throws {
    let text = "{\"caf\u{E9}\": \"\u{65E5}\u{672C} \u{1F600} e\u{301}\"}"
    let v = try parsed(text)
    #expect(v.members?.first?.key.utf8.elementsEqual("caf\u{E9}".utf8) == true)
    #expect(
      v["caf\u{E9}"]?.stringValue.map { Array($0.utf8) }
        == Array("\u{65E5}\u{672C} \u{1F600} e\u{301}".utf8))
  }

  @Test func numbers() throws {
    #expect(try number("0") == 0)
    #expect(try number("-0").sign == .minus)
    #expect(try number("-0") == 0)
    #expect(try number("-0.0e5").sign == .minus)
    #expect(try number("1e308") == 1e308)
    #expect(try number("1.7976931348623157e308") == .greatestFiniteMagnitude)
    #expect(try number("5e-324") == .leastNonzeroMagnitude)
    #expect(try number("4.9406564584124654e-324") == .leastNonzeroMagnitude)
    #expect(try number("2.2250738585072014e-308") == .leastNormalMagnitude)
    #expect(try number("1e-400") == 0)
    #expect(try number("-1e-400").sign == .minus)
    #expect(try number("0.1") == 0.1)
    #expect(try number("0.30000000000000004") == 0.1 + 0.2)
    #expect(try number("1E2") == 100)
    #expect(try number("1e+2") == 100)
    #expect(try number("12.5e-1") == 1.25)
    #expect(try number("-123456789") == -123_456_789)
    #expect(try number("9007199254740993") == 9_007_199_254_740_992)  // ties to even
    #expect(try number("9007199254740995") == 9_007_199_254_740_996)
    #expect(try number("123456789012345678901234567890") == 1.2345678901234568e29)
    #expect(try number("0.000000000000000000000000000001") == 1e-30)
    #expect(try number("1" + String(repeating: "0", count: 308)) == 1e308)
    #expect(try number("2.4703282292062328e-324") == .leastNonzeroMagnitude)  // just above half
    #expect(try number("2.4703282292062327e-324") == 0)  // just below half
  }

  /// The fast path (exact integer times an exact power of ten) must agree with strtod
  /// bit for bit on every shape of decimal.
  @Test func numbersMatchStrtod() throws {
    var rng = SeededGenerator(seed: 8259)
    var texts: [String] = []
    for _ in 0..<4000 {
      let digits = 1 + rng.nextInt(below: 20)
      var mantissa = String(1 + rng.nextInt(below: 9))
      for _ in 1..<digits { mantissa += String(rng.nextInt(below: 10)) }
      let point = rng.nextInt(below: digits + 1)
      var text = mantissa
      if point < digits {
        text =
          String(mantissa.prefix(point).isEmpty ? "0" : mantissa.prefix(point)) + "."
          + mantissa.dropFirst(point)
      }
      if rng.nextInt(below: 2) == 0 { text += "e\(rng.nextInt(below: 60) - 30)" }
      if rng.nextInt(below: 2) == 0 { text = "-" + text }
      texts.append(text)
    }
    for _ in 0..<2000 {
      let d = Double(bitPattern: rng.nextUInt64())
      if d.isFinite { texts.append("\(d)") }
    }
    let all = try parsed("[" + texts.joined(separator: ",") + "]").arrayValue ?? []
    #expect(all.count == texts.count)
    for (text, value) in zip(texts, all) {
      #expect(value.doubleValue?.bitPattern == Double(text)?.bitPattern, "\(text)")
    }
  }

  @Test func documentLocations() throws {
    let text = """
      {
        "stages": {
          "train": {
            "cmd": "recsys train",
      \t"deps": ["a", "caf\u{E9}", 3]
          }
        },
        "n\u{E9}": [true, {"x": null}]
      }
      """
    let doc = try JSONDocument(parsing: text, file: "pipeline.json")
    #expect(doc.root.location == JSONLocation(line: 1, column: 1))
    #expect(doc.location(of: ["stages"]) == JSONLocation(line: 2, column: 13))
    #expect(doc.keyLocation(of: ["stages"]) == JSONLocation(line: 2, column: 3))
    #expect(doc.keyLocation(of: ["stages", "train", "cmd"]) == JSONLocation(line: 4, column: 7))
    #expect(doc.location(of: ["stages", "train", "cmd"]) == JSONLocation(line: 4, column: 14))
    #expect(doc.keyLocation(of: ["stages", "train", "deps"]) == JSONLocation(line: 5, column: 2))
    #expect(doc.location(of: ["stages", "train", "deps", 1]) == JSONLocation(line: 5, column: 16))
    // "café" is 4 columns, not 5 bytes.
    #expect(doc.location(of: ["stages", "train", "deps", 2]) == JSONLocation(line: 5, column: 24))
    #expect(doc.keyLocation(of: ["n\u{E9}"]) == JSONLocation(line: 8, column: 3))
    #expect(doc.location(of: ["n\u{E9}", 1, "x"]) == JSONLocation(line: 8, column: 22))
    #expect(doc.location(of: ["stages", "nope"]) == nil)
    #expect(doc.location(of: ["stages", 0]) == nil)
    #expect(doc.keyLocation(of: []) == JSONLocation(line: 1, column: 1))
    // Errors land on the deepest part of a path that exists.
    #expect(
      doc.error(at: ["stages", "train", "outs"], "stage 'train': no outs").description
        == "pipeline.json:3:14: error: stage 'train': no outs")
    #expect(doc.json["stages"]?["train"]?["deps"] == ["a", "caf\u{E9}", 3])
    #expect(JSONPathComponent.render(["stages", "train", "deps", 0]) == "stages.train.deps[0]")
    #expect(JSONPathComponent.render([]) == "")
  }

  /// Every recorded position must hold the first character of its value or key, for
  /// random documents with multi-byte text, tabs and CRLF line ends.
  @Test func locationsPointAtTheirText() throws {
    var rng = SeededGenerator(seed: 14)
    for round in 0..<30 {
      let value = RandomJSON.value(&rng, depth: 4)
      var text = value.orderedText()
      if round % 3 == 0 { text = text.replacingOccurrences(of: "\n  ", with: "\r\n\t") }
      let doc = try JSONDocument(parsing: text, file: "r.json")
      // Split scalars, not Characters: "\r\n" is one Character.
      let lines = Array(text.unicodeScalars).split(
        separator: "\n", omittingEmptySubsequences: false
      )
      .map(Array.init)
      func char(_ l: JSONLocation) -> Unicode.Scalar? {
        guard l.line >= 1, l.line <= lines.count, l.column >= 1, l.column <= lines[l.line - 1].count
        else { return nil }
        return lines[l.line - 1][l.column - 1]
      }
      func check(_ node: JSONNode) {
        let c = char(node.location)
        switch node.value {
        case .null: #expect(c == "n")
        case .bool(let b): #expect(c == (b ? "t" : "f"))
        case .number: #expect(c == "-" || c.map { ("0"..."9").contains($0) } == true)
        case .string: #expect(c == "\"")
        case .array(let items):
          #expect(c == "[")
          items.forEach(check)
        case .object(let fields):
          #expect(c == "{")
          for f in fields {
            #expect(char(f.keyLocation) == "\"")
            check(f.value)
          }
        }
      }
      check(doc.root)
    }
  }

  /// Strings are scanned eight bytes at a time: put each kind of special byte at every
  /// offset around the word boundaries.
  @Test func specialBytesAtEveryOffset() throws {
    for k in 0..<20 {
      let pad = String(repeating: "a", count: k)
      #expect(try parsed("[\"\(pad)\"]") == [.string(pad)])
      #expect(try parsed("[\"\(pad)\\n\(pad)\"]") == [.string(pad + "\n" + pad)])
      #expect(try parsed("[\"\(pad)\u{E9}\(pad)\"]") == [.string(pad + "\u{E9}" + pad)])
      #expect(try parsed("[\"\(pad) ~\u{7F}\"]") == [.string(pad + " ~\u{7F}")])
      #expect(
        parseError("[\"\(pad)\u{1F}\(pad)\"]")?.location == JSONLocation(line: 1, column: 3 + k))
      #expect(parseError("[\"\(pad)\t\"]")?.location == JSONLocation(line: 1, column: 3 + k))
      #expect(parseError("[\"\(pad)\u{0}\"]")?.location == JSONLocation(line: 1, column: 3 + k))
      // Indentation runs of every length, and a tab or CR inside them.
      let indent = String(repeating: " ", count: k)
      #expect(try parsed("[\n\(indent)1,\n\(indent)\t\r 2\n\(indent)]") == [1, 2])
      #expect(
        try JSONDocument(parsing: "[\n\(indent)1]", file: "t").location(of: [0])
          == JSONLocation(line: 2, column: k + 1))
    }
  }

  @Test func largeInputs() throws {
    // Wide arrays and objects and long strings, beyond any small-buffer path.
    let long = String(repeating: "abc\u{E9}", count: 10_000)
    var text = "{\"s\": \"\(long)\", \"a\": ["
    text += (0..<5000).map(String.init).joined(separator: ",")
    text += "], \"o\": {"
    text += (0..<2000).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
    text += "}}"
    let v = try parsed(text)
    #expect(v["s"]?.stringValue == long)
    #expect(v["a"]?.arrayValue?.count == 5000)
    #expect(v["a"]?.arrayValue?.last == 4999)
    #expect(v["o"]?.members?.count == 2000)
    #expect(v["o"]?["k1999"] == 1999)
  }

  @Test func agreesWithFoundationOnValidInput() throws {
    var rng = SeededGenerator(seed: 99)
    for _ in 0..<20 {
      let value = RandomJSON.value(&rng, depth: 3)
      let text = value.compactText()
      let ours = try parsed(text)
      let theirs = try JSONSerialization.jsonObject(
        with: Data(text.utf8), options: [.fragmentsAllowed])
      #expect(RandomJSON.matchesFoundation(ours, theirs))
    }
  }
}
