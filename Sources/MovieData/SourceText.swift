import RecsysCore

/// Text helpers for MovieLens source files: encodings, lines, and titles.
enum SourceText {
  /// Decodes latin-1 (ISO 8859-1): every byte is the code point of the same value.
  static func latin1<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var scalars = String.UnicodeScalarView()
    for b in bytes { scalars.append(Unicode.Scalar(b)) }
    return String(scalars)
  }

  /// Decodes UTF-8, falling back to latin-1 when the bytes are not valid UTF-8
  /// (ML-10M is mostly UTF-8 with a few latin-1 titles).
  static func utf8OrLatin1<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    return latin1(bytes)
  }

  /// Calls `body` with the 1-based number and byte range (without `\n` or `\r\n`) of
  /// each non-blank line of `bytes` from `offset` on.
  static func forEachLine(
    _ bytes: [UInt8], from offset: Int = 0, firstLine: Int = 1,
    _ body: (Int, Range<Int>) throws -> Void
  ) rethrows {
    var line = firstLine
    var start = offset
    let n = bytes.count
    while start < n {
      var end = start
      while end < n && bytes[end] != 10 { end += 1 }
      var contentEnd = end
      if contentEnd > start && bytes[contentEnd - 1] == 13 { contentEnd -= 1 }
      if contentEnd > start { try body(line, start..<contentEnd) }
      line += 1
      start = end + 1
    }
  }

  /// Splits `bytes` on a one- or two-byte separator.
  static func split(_ bytes: ArraySlice<UInt8>, by separator: [UInt8]) -> [ArraySlice<UInt8>] {
    var fields: [ArraySlice<UInt8>] = []
    var fieldStart = bytes.startIndex
    var i = bytes.startIndex
    while i < bytes.endIndex {
      if bytes[i] == separator[0]
        && (separator.count == 1 || (i + 1 < bytes.endIndex && bytes[i + 1] == separator[1]))
      {
        fields.append(bytes[fieldStart..<i])
        i += separator.count
        fieldStart = i
      } else {
        i += 1
      }
    }
    fields.append(bytes[fieldStart..<bytes.endIndex])
    return fields
  }

  /// Parses a decimal `Int32` (optional leading `-`), or nil.
  static func int32<C: Collection>(_ bytes: C) -> Int32? where C.Element == UInt8 {
    Int32(String(decoding: bytes, as: UTF8.self))
  }

  /// Splits MovieLens' trailing year off a title: `"Toy Story (1995)"` becomes
  /// `("Toy Story", 1995)`. Year ranges of series (`"(1994-1998)"`, `"(2007-)"`) give
  /// their first year. Titles without a trailing year are kept whole (trimmed).
  static func splitYear(_ title: String) -> (title: String, year: Int?) {
    let scalars = Array(title.unicodeScalars)
    var end = scalars.count
    while end > 0 && scalars[end - 1].properties.isWhitespace { end -= 1 }
    var start = 0
    while start < end && scalars[start].properties.isWhitespace { start += 1 }
    let trimmed = String(String.UnicodeScalarView(scalars[start..<end]))
    guard end - start >= 6, scalars[end - 1] == ")" else { return (trimmed, nil) }
    var open = end - 2
    while open > start && scalars[open] != "(" { open -= 1 }
    guard scalars[open] == "(" else { return (trimmed, nil) }
    let inner = scalars[(open + 1)..<(end - 1)]
    func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    guard inner.count >= 4, inner.prefix(4).allSatisfy(isDigit) else { return (trimmed, nil) }
    let rest = inner.dropFirst(4)
    if !rest.isEmpty {
      // A series' years: "(1994-1998)", "(2007-)", with a hyphen or an en dash.
      guard rest.first == "-" || rest.first == "\u{2013}", rest.dropFirst().allSatisfy(isDigit),
        rest.count == 1 || rest.count == 5
      else { return (trimmed, nil) }
    }
    var prefixEnd = open
    while prefixEnd > start && scalars[prefixEnd - 1].properties.isWhitespace { prefixEnd -= 1 }
    if prefixEnd == start { return (trimmed, nil) }
    let year = inner.prefix(4).reduce(0) { $0 * 10 + Int($1.value - 48) }
    return (String(String.UnicodeScalarView(scalars[start..<prefixEnd])), year)
  }
}
