import Testing

@testable import StrictJSON

/// The error for `text`, or nil if it parses. Both parse modes must agree.
func parseError(_ text: String, file: String = "t.json") -> JSONError? {
  parseError(bytes: Array(text.utf8), file: file)
}

func parseError(bytes: [UInt8], file: String = "t.json") -> JSONError? {
  var plain: JSONError? = nil
  var located: JSONError? = nil
  do { _ = try JSONParser.parse(bytes, file: file) } catch { plain = error }
  do { _ = try JSONParser.parseDocument(bytes, file: file) } catch { located = error }
  #expect(plain == located, "plain and located parsers disagree")
  return plain
}

/// `description` of the error for `text`, or "no error".
func describeError(_ text: String) -> String {
  parseError(text).map(String.init(describing:)) ?? "no error"
}

@Suite struct ParserErrorTests {
  @Test func emptyInput() {
    #expect(describeError("") == "t.json:1:1: error: empty input; expected a JSON value")
    #expect(describeError("  \n  ") == "t.json:2:3: error: empty input; expected a JSON value")
  }

  @Test func byteOrderMark() {
    let e = parseError(bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8))
    #expect(
      e?.description
        == "t.json:1:1: error: file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without a BOM"
    )
    #expect(parseError(bytes: [0xFF, 0xFE, 0x7B, 0x00])?.message.contains("UTF-16") == true)
  }

  @Test func trailingCommas() {
    #expect(describeError("[1, 2,]") == "t.json:1:6: error: trailing comma before ']'; remove it")
    #expect(
      describeError("{\n  \"a\": 1,\n  \"b\": 2,\n}")
        == "t.json:3:9: error: trailing comma before '}'; remove it")
  }

  @Test func duplicateKeys() {
    let text = """
      {
        "stages": {
          "train": {"cmd": "a"},
          "eval": {"cmd": "b"},
          "train": {"cmd": "c"}
        }
      }
      """
    #expect(
      describeError(text)
        == "t.json:5:5: error: duplicate key 'train' (first at line 3); remove one of them")
    #expect(
      describeError(#"{"a": 1, "b": {"a": 2}, "a": 3}"#)
        == "t.json:1:25: error: duplicate key 'a' (first at line 1); remove one of them")
  }

  @Test func duplicateKeysInLargeObjects() {
    // Past the linear-scan limit the check switches to a hash index.
    var text = "{\n"
    for i in 0..<40 { text += "  \"k\(i)\": \(i),\n" }
    text += "  \"k7\": 0\n}"
    #expect(
      describeError(text)
        == "t.json:42:3: error: duplicate key 'k7' (first at line 9); remove one of them")
    // The first duplicate in file order is reported, whichever path finds it.
    var ok = "{"
    for i in 0..<100 { ok += (i > 0 ? "," : "") + "\"k\(i)\": \(i)" }
    ok += "}"
    #expect(parseError(ok) == nil)
  }

  @Test func duplicateKeysCompareBytesNotUnicodeEquivalence() {
    // "é" precomposed (NFC) and decomposed (NFD) are different keys, as RFC 8259 says.
    #expect(parseError("{\"caf\u{E9}\": 1, \"cafe\u{301}\": 2}") == nil)
    // An escaped spelling of the same bytes is the same key.
    #expect(
      describeError(#"{"ab": 1, "\u0061b": 2}"#)
        == "t.json:1:11: error: duplicate key 'ab' (first at line 1); remove one of them")
  }

  @Test func comments() {
    #expect(
      describeError("{\n  // note\n  \"a\": 1\n}")
        == "t.json:2:3: error: comments are not allowed in JSON")
    #expect(
      describeError("[1, /* x */ 2]") == "t.json:1:5: error: comments are not allowed in JSON")
    #expect(describeError("[1] // end") == "t.json:1:5: error: comments are not allowed in JSON")
    #expect(describeError("[1 /* x */]") == "t.json:1:4: error: comments are not allowed in JSON")
  }

  @Test func singleQuotes() {
    #expect(
      describeError("{'a': 1}")
        == "t.json:1:2: error: single-quoted strings are not allowed; use double quotes")
    #expect(
      describeError("[1, 'x']")
        == "t.json:1:5: error: single-quoted strings are not allowed; use double quotes")
  }

  @Test func curlyQuotes() {
    #expect(
      describeError("{\"a\": \u{201C}x\u{201D}}")
        == "t.json:1:7: error: curly quote '\u{201C}' found; JSON strings use straight double quotes"
    )
  }

  @Test func unquotedKeysAndWords() {
    #expect(
      describeError("{a: 1}")
        == "t.json:1:2: error: object keys must be double-quoted strings, found 'a'")
    #expect(
      describeError("[abc]")
        == "t.json:1:2: error: unexpected word 'abc'; strings must be in double quotes")
    #expect(
      describeError("[True]") == "t.json:1:2: error: unknown literal 'True' (did you mean 'true'?)")
    #expect(
      describeError("[nul]") == "t.json:1:2: error: unknown literal 'nul' (did you mean 'null'?)")
    #expect(
      describeError("[None]")
        == "t.json:1:2: error: unknown literal 'None'; JSON writes it as 'null'")
    #expect(
      describeError("[truex]")
        == "t.json:1:2: error: unknown literal 'truex' (did you mean 'true'?)")
  }

  @Test func leadingZeros() {
    #expect(
      describeError("[01]")
        == "t.json:1:2: error: invalid number '01'; leading zeros are not allowed")
    #expect(
      describeError("[1, -007]")
        == "t.json:1:5: error: invalid number '-007'; leading zeros are not allowed")
    #expect(parseError("[0, -0, 0.5, 0e1, 10]") == nil)
  }

  @Test func malformedNumbers() {
    #expect(
      describeError("[1.]")
        == "t.json:1:2: error: invalid number '1.'; expected a digit after the decimal point")
    #expect(
      describeError("[-]") == "t.json:1:2: error: invalid number '-'; expected a digit after '-'")
    #expect(
      describeError("[1e]")
        == "t.json:1:2: error: invalid number '1e'; expected a digit in the exponent")
    #expect(
      describeError("[1e+]")
        == "t.json:1:2: error: invalid number '1e+'; expected a digit in the exponent")
    #expect(describeError("[0x1F]") == "t.json:1:2: error: invalid number '0x1F'")
    #expect(describeError("[1.2.3]") == "t.json:1:2: error: invalid number '1.2.3'")
    #expect(
      describeError("[.5]")
        == "t.json:1:2: error: invalid number '.5'; a number starts with a digit or '-' (write '0.5', not '.5' or '+0.5')"
    )
    #expect(describeError("[+1]").hasPrefix("t.json:1:2: error: invalid number '+1'") == true)
  }

  @Test func nanAndInfinity() {
    let suffix = "is not valid JSON, which has no NaN or infinity; use null or a string"
    #expect(describeError("[NaN]") == "t.json:1:2: error: 'NaN' \(suffix)")
    #expect(describeError("{\"x\": Infinity}") == "t.json:1:7: error: 'Infinity' \(suffix)")
    #expect(describeError("[1, -Infinity]") == "t.json:1:5: error: '-Infinity' \(suffix)")
    #expect(describeError("[nan]") == "t.json:1:2: error: 'nan' \(suffix)")
  }

  @Test func numbersTooLarge() {
    #expect(
      describeError("[1e400]")
        == "t.json:1:2: error: number '1e400' is too large for a double (at most about 1.8e308)")
    #expect(
      describeError("[-1e309]").hasPrefix("t.json:1:2: error: number '-1e309' is too large") == true
    )
    // Underflow is not an error: it rounds to zero like strtod.
    #expect(parseError("[1e-400]") == nil)
  }

  @Test func controlCharactersInStrings() {
    #expect(
      describeError("[\"a\tb\"]") == "t.json:1:4: error: unescaped tab in string; write it as '\\t'"
    )
    #expect(
      describeError("[\"a\u{1}\"]")
        == "t.json:1:4: error: unescaped control character U+0001 in string; write it as '\\u0001'")
    #expect(
      describeError("{\"a\": \"open\n}")
        == "t.json:1:12: error: line break inside a string (missing closing '\"'? write a line break as '\\n')"
    )
  }

  @Test func badEscapes() {
    let valid = "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
    #expect(
      describeError(#"["a\qb"]"#) == "t.json:1:4: error: invalid escape '\\q' in string; \(valid)")
    #expect(
      describeError(#"["\x41"]"#) == "t.json:1:3: error: invalid escape '\\x' in string; \(valid)")
    #expect(
      describeError(#"["ab\u12G4"]"#)
        == "t.json:1:5: error: invalid unicode escape; '\\u' must be followed by four hex digits")
    #expect(
      describeError(#"["\u12"]"#)
        == "t.json:1:3: error: invalid unicode escape; '\\u' must be followed by four hex digits")
  }

  @Test func loneSurrogates() {
    #expect(
      describeError(#"["x\uD83D"]"#)
        == "t.json:1:4: error: unpaired surrogate '\\uD83D' in string; a high surrogate must be followed by a low one ('\\udc00' to '\\udfff')"
    )
    #expect(
      describeError(#"["\ud83d\u0041"]"#).hasPrefix(
        "t.json:1:3: error: unpaired surrogate '\\ud83d'") == true)
    #expect(
      describeError(#"["\uDE00"]"#)
        == "t.json:1:3: error: unpaired surrogate '\\uDE00' in string; a low surrogate must follow a high one ('\\ud800' to '\\udbff')"
    )
  }

  @Test func invalidUTF8() {
    // "é" then a lone continuation byte: the column counts "é" as one character.
    let bad: [UInt8] = Array("[\"\u{E9}".utf8) + [0x80] + Array("\"]".utf8)
    #expect(
      parseError(bytes: bad)?.description
        == "t.json:1:4: error: invalid UTF-8 byte 0x80 in string; the file must be saved as UTF-8")
    let cases: [[UInt8]] = [
      [0xC0, 0xAF],  // overlong '/'
      [0xE0, 0x80, 0xAF],  // overlong
      [0xED, 0xA0, 0x80],  // UTF-8-encoded surrogate
      [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
      [0xF0, 0x9F, 0x98],  // truncated
      [0xFF],
    ]
    for c in cases {
      let e = parseError(bytes: [0x5B, 0x22] + c + [0x22, 0x5D])
      #expect(e?.location == JSONLocation(line: 1, column: 3))
      #expect(e?.message.hasPrefix("invalid UTF-8 byte") == true)
    }
    // Outside a string.
    #expect(describeError("[1]") == "no error")
    #expect(
      parseError(bytes: [0x5B, 0xFF, 0x5D])?.description
        == "t.json:1:2: error: expected a value, found invalid UTF-8 byte 0xFF")
  }

  @Test func trailingGarbage() {
    #expect(
      describeError("{}\n}")
        == "t.json:2:1: error: unexpected '}' after the top-level value; a JSON file holds exactly one value"
    )
    #expect(
      describeError("1 2")
        == "t.json:1:3: error: unexpected '2' after the top-level value; a JSON file holds exactly one value"
    )
  }

  @Test func unterminated() {
    #expect(
      describeError("{\n  \"a\": [1, 2\n")
        == "t.json:3:1: error: unexpected end of input; the '[' at line 2, column 8 is never closed"
    )
    #expect(
      describeError("{\"a\": 1")
        == "t.json:1:8: error: unexpected end of input; the '{' at line 1, column 1 is never closed"
    )
    #expect(
      describeError("[\"abc") == "t.json:1:2: error: unterminated string; add the closing '\"'")
    #expect(
      describeError("[\"abc\\") == "t.json:1:2: error: unterminated string; add the closing '\"'")
  }

  @Test func missingPunctuation() {
    #expect(
      describeError("{\"a\" 1}") == "t.json:1:6: error: expected ':' after key 'a', found '1'")
    #expect(
      describeError("[1 2]")
        == "t.json:1:4: error: expected ',' or ']' after an array item, found '2' (is a ',' missing?)"
    )
    #expect(
      describeError("{\"a\": 1\n  \"b\": 2}")
        == "t.json:2:3: error: expected ',' or '}' after an object member, found '\"' (is a ',' missing?)"
    )
    #expect(
      describeError("[1:2]")
        == "t.json:1:3: error: expected ',' or ']' after an array item, found ':'")
    #expect(
      describeError("{\"a\": 1]")
        == "t.json:1:8: error: expected ',' or '}' after an object member, found ']'")
    #expect(describeError("{\"a\": }") == "t.json:1:7: error: expected a value, found '}'")
    #expect(describeError("[,1]") == "t.json:1:2: error: expected a value, found ','")
    #expect(describeError("{,}") == "t.json:1:2: error: expected a double-quoted key, found ','")
    #expect(describeError("[\u{7}]") == "t.json:1:2: error: expected a value, found U+0007")
  }

  @Test func columnsCountCharactersNotBytes() {
    // "日本" is 6 bytes but 2 columns; the emoji is 4 bytes but 1 column; a tab is 1.
    #expect(
      describeError("{\"日本\": \"\u{1F600}\",\t\"x\" 1}")
        == "t.json:1:17: error: expected ':' after key 'x', found '1'")
  }

  @Test func nestingLimit() {
    let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    #expect(parseError(ok) == nil)
    let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
    #expect(describeError(deep) == "t.json:1:513: error: nesting is deeper than 512 levels")
    // Far deeper input is rejected just the same, without recursion.
    let hostile = String(repeating: "{\"a\":", count: 100_000)
    #expect(parseError(hostile)?.message == "nesting is deeper than 512 levels")
  }

  @Test func namesInMessagesStayOnOneLine() {
    #expect(
      describeError("{\"a\\nb\": 1, \"a\\nb\": 2}")
        == "t.json:1:13: error: duplicate key 'a\\nb' (first at line 1); remove one of them")
    #expect(describeError("[1,\u{2028}2]") == "t.json:1:4: error: expected a value, found U+2028")
    #expect(
      JSONError.quoted("a\u{0}\r\t\u{FEFF}\u{2029}\u{7F}\u{E9}")
        == "'a\\u0000\\r\\t\\ufeff\\u2029\\u007f\u{E9}'")
    #expect(
      JSONError.quoted(String(repeating: "x", count: 150)) == "'"
        + String(repeating: "x", count: 100) + "...'")
  }

  @Test func fileNameIsKeptAsGiven() {
    let e = parseError("[1,]", file: "pipeline.json")
    #expect(e?.file == "pipeline.json")
    #expect(e?.description.hasPrefix("pipeline.json:1:3: error: ") == true)
  }
}
