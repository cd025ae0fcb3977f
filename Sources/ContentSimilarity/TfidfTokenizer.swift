/// The text analysis of scikit-learn's `TfidfVectorizer()` defaults: Python's
/// `str.lower()` followed by `re.findall(r"(?u)\b\w\w+\b", text)`.
///
/// Python's `\w` is "`str.isalnum()` or underscore": letters (Lu, Ll, Lt, Lm, Lo) and
/// anything with a numeric type (Nd, Nl, No, CJK numerals). Combining marks are
/// *not* word characters in Python's `re`, so a decomposed "é" (`e` + U+0301) splits a
/// word in two; we do the same, on purpose, to match scikit-learn byte for byte.
/// Because `\b` is defined by `\w`, the pattern finds maximal runs of word characters
/// that are at least two code points long.
///
/// Tokens are compared and sorted as UTF-8 bytes (code point order), like Python
/// strings. Swift's `String ==` would merge canonically equivalent spellings (NFC and
/// NFD Hangul), which Python keeps apart.
public enum TfidfTokenizer {
  /// The tokens of `text`, each as its UTF-8 bytes, in order of appearance.
  public static func tokenBytes(_ text: String) -> [[UInt8]] {
    var tokens: [[UInt8]] = []
    var current: [UInt8] = []
    var length = 0
    func flush() {
      if length >= 2 { tokens.append(current) }
      current.removeAll(keepingCapacity: true)
      length = 0
    }
    forEachLowercasedScalar(text) { scalar in
      if isWordCharacter(scalar) {
        appendUTF8(scalar, to: &current)
        length += 1
      } else if length > 0 {
        flush()
      }
    }
    flush()
    return tokens
  }

  /// The tokens of `text` as strings, in order of appearance.
  public static func tokens(_ text: String) -> [String] {
    tokenBytes(text).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Python's `str.lower()`: the full lowercase mapping of every code point, with
  /// capital sigma becoming final sigma at the end of a word (Python 3 applies the
  /// Unicode Final_Sigma context; Swift's `lowercased()` does not).
  public static func lowercased(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    forEachLowercasedScalar(text) { out.append($0) }
    return String(out)
  }

  /// Python's `\w` on one code point.
  @inline(__always)
  public static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x80 {
      return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
        || v == 0x5F
    }
    let properties = scalar.properties
    switch properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
      return true
    default:
      return properties.numericType != nil
    }
  }

  /// Calls `body` with each code point of `text` lowercased the way Python does.
  static func forEachLowercasedScalar(_ text: String, _ body: (Unicode.Scalar) -> Void) {
    let scalars = text.unicodeScalars
    var index = scalars.startIndex
    while index != scalars.endIndex {
      let scalar = scalars[index]
      let v = scalar.value
      if v < 0x80 {
        body(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : scalar)
      } else if v == 0x3A3 {
        body(isFinalSigma(scalars, at: index) ? "\u{3C2}" : "\u{3C3}")
      } else {
        let properties = scalar.properties
        if properties.changesWhenLowercased {
          for mapped in properties.lowercaseMapping.unicodeScalars { body(mapped) }
        } else {
          body(scalar)
        }
      }
      index = scalars.index(after: index)
    }
  }

  /// Unicode's Final_Sigma context, as CPython's `handle_capital_sigma` tests it:
  /// a cased letter (skipping case-ignorable ones) before, and none after.
  private static func isFinalSigma(
    _ scalars: String.UnicodeScalarView, at index: String.UnicodeScalarView.Index
  ) -> Bool {
    var before = index
    var foundCased = false
    while before != scalars.startIndex {
      before = scalars.index(before: before)
      let properties = scalars[before].properties
      if !properties.isCaseIgnorable {
        foundCased = properties.isCased
        break
      }
    }
    guard foundCased else { return false }
    var after = scalars.index(after: index)
    while after != scalars.endIndex {
      let properties = scalars[after].properties
      if !properties.isCaseIgnorable { return !properties.isCased }
      after = scalars.index(after: after)
    }
    return true
  }

  @inline(__always)
  static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
    let v = scalar.value
    if v < 0x80 {
      bytes.append(UInt8(v))
    } else if v < 0x800 {
      bytes.append(UInt8(0xC0 | (v >> 6)))
      bytes.append(UInt8(0x80 | (v & 0x3F)))
    } else if v < 0x10000 {
      bytes.append(UInt8(0xE0 | (v >> 12)))
      bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
      bytes.append(UInt8(0x80 | (v & 0x3F)))
    } else {
      bytes.append(UInt8(0xF0 | (v >> 18)))
      bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
      bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
      bytes.append(UInt8(0x80 | (v & 0x3F)))
    }
  }
}
