import Basics

/// The reading loop behind `JSONParser`, generic over what it builds.
///
/// It keeps an explicit stack of open containers instead of recursing, so the depth
/// limit is a plain counter and no input can exhaust the thread's stack (test threads
/// are small). Positions of values are tracked incrementally (line, line start, and
/// the UTF-8 continuation bytes seen on the line); error positions are recomputed
/// from the start of the buffer, which is slow but only happens once.
struct ParserCore<B: JSONTreeBuilder> {
  /// One open array or object.
  struct Frame {
    var isObject: Bool
    /// Where the `[` or `{` is.
    var location: JSONLocation
    /// Where this container's finished children start in `values`.
    var valueStart: Int
    /// Where this object's keys start in `keys`/`keyLocations`.
    var keyStart: Int
    /// Built once an object has many keys, so duplicate checks stay O(1).
    var keyIndex: [ByteKey: Int]?
  }

  /// Objects with fewer keys than this are checked for duplicates by a linear scan.
  static var linearKeyLimit: Int { 16 }

  let buf: UnsafeBufferPointer<UInt8>
  let file: String
  var pos = 0
  var line = 1
  var lineStart = 0
  /// UTF-8 continuation bytes in `lineStart..<pos`: column = bytes - this + 1.
  var continuationBytes = 0

  var values: [B.Value] = []
  var keys: [String] = []
  /// A hash of each key's bytes, so the duplicate scan compares integers, not strings.
  var keyHashes: [UInt64] = []
  /// Where the bytes of the last string read are: its source slice, or `scratch`.
  var lastStringStart = 0
  var lastStringEnd = 0
  var lastStringInScratch = false
  var keyLocations: [JSONLocation] = []
  var frames: [Frame] = []
  var scratch: [UInt8] = []

  init(buf: UnsafeBufferPointer<UInt8>, file: String) {
    self.buf = buf
    self.file = file
  }

  // MARK: - Driver

  mutating func parseDocument() throws(JSONError) -> B.Value {
    let end = buf.count
    if end >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF {
      throw fail(
        at: 0,
        "file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without a BOM")
    }
    if end >= 2, (buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF) {
      throw fail(at: 0, "file is UTF-16 (it starts with a byte order mark); save it as UTF-8")
    }
    skipWhitespace()
    if pos == end {
      throw fail(at: pos, "empty input; expected a JSON value")
    }

    var root: B.Value
    parsing: while true {
      // A value starts at `pos` (whitespace already skipped).
      guard pos < end else { throw endOfInput() }
      let start = pos
      let here = location(at: start)
      var value: B.Value
      switch buf[start] {
      case UInt8(ascii: "{"):
        try open(isObject: true, here)
        pos += 1
        skipWhitespace()
        if pos < end, buf[pos] == UInt8(ascii: "}") {
          pos += 1
          frames.removeLast()
          value = B.object([], at: here)
        } else {
          try readKey()
          continue parsing
        }
      case UInt8(ascii: "["):
        try open(isObject: false, here)
        pos += 1
        skipWhitespace()
        if pos < end, buf[pos] == UInt8(ascii: "]") {
          pos += 1
          frames.removeLast()
          value = B.array([], at: here)
        } else {
          continue parsing
        }
      case UInt8(ascii: "\""):
        value = B.string(try readString(), at: here)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        value = B.number(try readNumber(), at: here)
      case UInt8(ascii: "t"):
        try readLiteral("true")
        value = B.bool(true, at: here)
      case UInt8(ascii: "f"):
        try readLiteral("false")
        value = B.bool(false, at: here)
      case UInt8(ascii: "n"):
        try readLiteral("null")
        value = B.null(at: here)
      default:
        throw unexpected(at: start, expecting: "a value", inValuePosition: true)
      }

      // A value is complete: hand it to the open container, closing as many as end here.
      while true {
        guard !frames.isEmpty else {
          root = value
          break parsing
        }
        values.append(value)
        skipWhitespace()
        guard pos < end else { throw endOfInput() }
        let isObject = frames[frames.count - 1].isObject
        let c = buf[pos]
        if c == UInt8(ascii: ",") {
          let comma = pos
          pos += 1
          skipWhitespace()
          if pos < end, buf[pos] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
            throw fail(
              at: comma,
              "trailing comma before '\(isObject ? "}" : "]")'; remove it")
          }
          if isObject { try readKey() }
          continue parsing
        }
        if c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
          pos += 1
          value = close()
          continue
        }
        var error = unexpected(
          at: pos,
          expecting: isObject
            ? "',' or '}' after an object member" : "',' or ']' after an array item",
          inValuePosition: false)
        if startsValue(c), error.message.hasPrefix("expected") {
          error.message += " (is a ',' missing?)"
        }
        throw error
      }
    }

    skipWhitespace()
    if pos < end {
      if let special = specialComplaint(at: pos) { throw fail(at: pos, special) }
      throw fail(
        at: pos,
        "unexpected \(describe(at: pos)) after the top-level value; a JSON file holds exactly one value"
      )
    }
    return root
  }

  private mutating func open(isObject: Bool, _ here: JSONLocation) throws(JSONError) {
    if frames.count >= JSONParser.maxDepth {
      throw fail(at: pos, "nesting is deeper than \(JSONParser.maxDepth) levels")
    }
    frames.append(
      Frame(
        isObject: isObject, location: here, valueStart: values.count,
        keyStart: keys.count, keyIndex: nil))
  }

  /// Pops the innermost container and builds it from the children on the stacks.
  ///
  /// Children are moved out of the stacks, not copied, and their slots refilled with
  /// a trivial placeholder before the stacks shrink: copying cost a retain and a
  /// release per child, a fifth of the parse time of a lock file.
  private mutating func close() -> B.Value {
    let frame = frames.removeLast()
    let vs = frame.valueStart
    let n = values.count - vs
    let placeholder = B.null(at: frame.location)
    if !frame.isObject {
      let items = [B.Value](unsafeUninitializedCapacity: n) { dst, count in
        values.withUnsafeMutableBufferPointer { src in
          let p = src.baseAddress! + vs
          dst.baseAddress!.moveInitialize(from: p, count: n)
          p.initialize(repeating: placeholder, count: n)
        }
        count = n
      }
      values.removeLast(n)
      return B.array(items, at: frame.location)
    }
    let ks = frame.keyStart
    var keys = self.keys
    self.keys = []
    let members = [B.Member](unsafeUninitializedCapacity: n) { dst, count in
      values.withUnsafeMutableBufferPointer { vsrc in
        keys.withUnsafeMutableBufferPointer { ksrc in
          keyLocations.withUnsafeBufferPointer { locations in
            for i in 0..<n {
              let v = vsrc.baseAddress! + (vs + i)
              let k = ksrc.baseAddress! + (ks + i)
              (dst.baseAddress! + i).initialize(
                to: B.member(k.move(), at: locations[ks + i], v.move()))
              v.initialize(to: placeholder)
              k.initialize(to: "")
            }
          }
        }
      }
      count = n
    }
    keys.removeLast(n)
    self.keys = keys
    keyHashes.removeLast(n)
    values.removeLast(n)
    keyLocations.removeLast(n)
    return B.object(members, at: frame.location)
  }

  /// Reads `"key"` `:` and the whitespace after it, checking the key is new.
  private mutating func readKey() throws(JSONError) {
    let end = buf.count
    guard pos < end else { throw endOfInput() }
    guard buf[pos] == UInt8(ascii: "\"") else {
      if let special = specialComplaint(at: pos) { throw fail(at: pos, special) }
      if isWordByte(buf[pos]) {
        throw fail(at: pos, "object keys must be double-quoted strings, found '\(word(at: pos))'")
      }
      throw fail(at: pos, "expected a double-quoted key, found \(describe(at: pos))")
    }
    let keyPos = pos
    let here = location(at: keyPos)
    let key = try readString()
    let hash =
      lastStringInScratch
      ? scratch.withUnsafeBufferPointer { ParserCore.fnv1a($0) }
      : ParserCore.fnv1a(UnsafeBufferPointer(rebasing: buf[lastStringStart..<lastStringEnd]))
    try checkNewKey(key, hash: hash, here)
    keys.append(key)
    keyHashes.append(hash)
    keyLocations.append(here)
    skipWhitespace()
    guard pos < end else { throw endOfInput() }
    guard buf[pos] == UInt8(ascii: ":") else {
      throw fail(
        at: pos, "expected ':' after key \(JSONError.quoted(key)), found \(describe(at: pos))")
    }
    pos += 1
    skipWhitespace()
  }

  @inline(__always)
  static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
  }

  private mutating func checkNewKey(_ key: String, hash: UInt64, _ here: JSONLocation)
    throws(JSONError)
  {
    let f = frames.count - 1
    let ks = frames[f].keyStart
    var first: Int? = nil
    if keys.count - ks < Self.linearKeyLimit {
      for i in ks..<keys.count where keyHashes[i] == hash && bytesEqual(keys[i], key) {
        first = i
        break
      }
    } else {
      if frames[f].keyIndex == nil {
        var index: [ByteKey: Int] = [:]
        index.reserveCapacity(2 * Self.linearKeyLimit)
        for i in ks..<keys.count { index[ByteKey(keys[i])] = i }
        frames[f].keyIndex = index
      }
      let k = ByteKey(key)
      first = frames[f].keyIndex![k]
      if first == nil { frames[f].keyIndex![k] = keys.count }
    }
    if let first {
      throw JSONError(
        file: file, at: here,
        "duplicate key \(JSONError.quoted(key)) (first at line \(keyLocations[first].line)); remove one of them"
      )
    }
  }

  // MARK: - Positions

  @inline(__always)
  private mutating func skipWhitespace() {
    let end = buf.count
    while pos < end {
      let b = buf[pos]
      if b == 0x20 || b == 0x09 || b == 0x0D {
        pos += 1
      } else if b == 0x0A {
        pos += 1
        line += 1
        lineStart = pos
        continuationBytes = 0
        // Indentation: skip whole words of spaces (lock files are mostly indentation).
        while pos + 8 <= end {
          let spaces = loadWord(at: pos) ^ 0x2020_2020_2020_2020
          if spaces != 0 {
            pos += spaces.trailingZeroBitCount >> 3
            break
          }
          pos += 8
        }
      } else {
        return
      }
    }
  }

  /// Eight bytes at `i` as a little-endian word (byte `i` in the low bits).
  @inline(__always)
  private func loadWord(at i: Int) -> UInt64 {
    UInt64(littleEndian: UnsafeRawPointer(buf.baseAddress! + i).loadUnaligned(as: UInt64.self))
  }

  /// The position of byte `p`, valid for bytes on the current line at or before the
  /// scanning point (which is where every value starts when it is recorded).
  @inline(__always)
  private func location(at p: Int) -> JSONLocation {
    JSONLocation(line: line, column: p - lineStart - continuationBytes + 1)
  }

  /// The position of byte `p`, counted from scratch; for errors, which may point back
  /// across lines (a trailing comma) or into a string whose bytes were already counted.
  func errorLocation(at p: Int) -> JSONLocation {
    var line = 1
    var column = 1
    for i in 0..<min(p, buf.count) {
      let b = buf[i]
      if b == 0x0A {
        line += 1
        column = 1
      } else if b & 0xC0 != 0x80 {
        column += 1
      }
    }
    return JSONLocation(line: line, column: column)
  }

  func fail(at p: Int, _ message: String) -> JSONError {
    JSONError(file: file, at: errorLocation(at: p), message)
  }

  private func endOfInput() -> JSONError {
    if let frame = frames.last {
      let what = frame.isObject ? "{" : "["
      return fail(
        at: buf.count,
        "unexpected end of input; the '\(what)' at line \(frame.location.line), column \(frame.location.column) is never closed"
      )
    }
    return fail(at: buf.count, "unexpected end of input; expected a JSON value")
  }

  // MARK: - Strings

  /// Reads a string whose opening quote is at `pos`; leaves `pos` after the closing one.
  @inline(__always)
  private mutating func readString() throws(JSONError) -> String {
    let end = buf.count
    let start = pos + 1
    var i = start
    // Eight bytes at a time: a word-wide test for '"', '\\', control bytes and non-ASCII.
    // Borrows can flag bytes above the first match, never below, so the lowest flag
    // is exact.
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while i + 8 <= end {
      let x = loadWord(at: i)
      let quote = x ^ (ones &* 0x22)
      let backslash = x ^ (ones &* 0x5C)
      let special =
        ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((x &- ones &* 0x20) & ~x)
        | x
      let flags = special & highs
      if flags != 0 {
        i += flags.trailingZeroBitCount >> 3
        break
      }
      i += 8
    }
    while i < end {
      let b = buf[i]
      if b == 0x22 || b == 0x5C || b < 0x20 || b >= 0x80 { break }
      i += 1
    }
    if i < end, buf[i] == 0x22 {
      pos = i + 1
      lastStringStart = start
      lastStringEnd = i
      lastStringInScratch = false
      return String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
    }
    return try readStringSlowly(quote: pos, from: i)
  }

  /// The rest of a string that has escapes, non-ASCII text, or an error.
  private mutating func readStringSlowly(quote: Int, from resume: Int) throws(JSONError) -> String {
    let end = buf.count
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[(quote + 1)..<resume]))
    var i = resume
    while true {
      guard i < end else {
        throw fail(at: quote, "unterminated string; add the closing '\"'")
      }
      let b = buf[i]
      if b == 0x22 {
        pos = i + 1
        lastStringInScratch = true
        return String(decoding: scratch, as: UTF8.self)
      } else if b == 0x5C {
        i = try readEscape(at: i, quote: quote)
      } else if b < 0x20 {
        throw fail(at: i, controlCharacterMessage(b))
      } else if b < 0x80 {
        scratch.append(b)
        i += 1
      } else {
        guard let n = utf8SequenceLength(at: i) else {
          throw fail(
            at: i,
            "invalid UTF-8 byte \(hexByte(buf[i])) in string; the file must be saved as UTF-8")
        }
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<(i + n)]))
        continuationBytes += n - 1
        i += n
      }
    }
  }

  private func controlCharacterMessage(_ b: UInt8) -> String {
    switch b {
    case 0x0A:
      return "line break inside a string (missing closing '\"'? write a line break as '\\n')"
    case 0x0D: return "carriage return inside a string (missing closing '\"'? write it as '\\r')"
    case 0x09: return "unescaped tab in string; write it as '\\t'"
    default:
      let code = hex4(UInt32(b))
      return "unescaped control character U+\(code) in string; write it as '\\u\(code)'"
    }
  }

  /// Reads the escape whose backslash is at `i`, appends its UTF-8, returns the next index.
  private mutating func readEscape(at i: Int, quote: Int) throws(JSONError) -> Int {
    let end = buf.count
    guard i + 1 < end else {
      throw fail(at: quote, "unterminated string; add the closing '\"'")
    }
    let c = buf[i + 1]
    switch c {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
      scratch.append(c)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      guard let unit = hexQuad(at: i + 2) else {
        throw fail(at: i, "invalid unicode escape; '\\u' must be followed by four hex digits")
      }
      var scalar = unit
      var next = i + 6
      if (0xD800...0xDBFF).contains(unit) {
        guard next + 1 < end, buf[next] == 0x5C, buf[next + 1] == UInt8(ascii: "u"),
          let low = hexQuad(at: next + 2), (0xDC00...0xDFFF).contains(low)
        else {
          throw fail(
            at: i,
            "unpaired surrogate '\(text(i, i + 6))' in string; a high surrogate must be followed by a low one ('\\udc00' to '\\udfff')"
          )
        }
        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        next += 6
      } else if (0xDC00...0xDFFF).contains(unit) {
        throw fail(
          at: i,
          "unpaired surrogate '\(text(i, i + 6))' in string; a low surrogate must follow a high one ('\\ud800' to '\\udbff')"
        )
      }
      appendUTF8(scalar)
      return next
    default:
      let shown =
        c >= 0x20 && c < 0x7F
        ? "'\\\(Character(Unicode.Scalar(c)))'" : "'\\' followed by \(describe(at: i + 1))"
      throw fail(
        at: i,
        "invalid escape \(shown) in string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
      )
    }
    return i + 2
  }

  private func hexQuad(at i: Int) -> UInt32? {
    guard i + 4 <= buf.count else { return nil }
    var v: UInt32 = 0
    for j in i..<(i + 4) {
      let b = buf[j]
      let d: UInt8
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
      default: return nil
      }
      v = v << 4 | UInt32(d)
    }
    return v
  }

  private mutating func appendUTF8(_ v: UInt32) {
    switch v {
    case 0..<0x80:
      scratch.append(UInt8(v))
    case 0x80..<0x800:
      scratch.append(UInt8(0xC0 | v >> 6))
      scratch.append(UInt8(0x80 | v & 0x3F))
    case 0x800..<0x10000:
      scratch.append(UInt8(0xE0 | v >> 12))
      scratch.append(UInt8(0x80 | (v >> 6) & 0x3F))
      scratch.append(UInt8(0x80 | v & 0x3F))
    default:
      scratch.append(UInt8(0xF0 | v >> 18))
      scratch.append(UInt8(0x80 | (v >> 12) & 0x3F))
      scratch.append(UInt8(0x80 | (v >> 6) & 0x3F))
      scratch.append(UInt8(0x80 | v & 0x3F))
    }
  }

  /// The length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), or nil.
  func utf8SequenceLength(at i: Int) -> Int? {
    let end = buf.count
    let b0 = buf[i]
    @inline(__always) func cont(_ j: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
      j < end && buf[j] >= lo && buf[j] <= hi
    }
    switch b0 {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: return cont(i + 1) ? 2 : nil
    case 0xE0: return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : nil
    case 0xE1...0xEC, 0xEE...0xEF: return cont(i + 1) && cont(i + 2) ? 3 : nil
    case 0xED: return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : nil
    case 0xF0: return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : nil
    case 0xF1...0xF3: return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : nil
    case 0xF4: return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : nil
    default: return nil
    }
  }

  // MARK: - Numbers and literals

  /// Reads a number at `pos`: validates RFC 8259's grammar, then converts exactly.
  ///
  /// Up to 19 significant digits are gathered as an integer; when that integer is at
  /// most 2^53 and the decimal exponent within +-22, one IEEE multiply or divide of two
  /// exact values is correctly rounded (Clinger's fast path). Everything else goes
  /// through `Double(String)`, which rounds like `strtod`.
  private mutating func readNumber() throws(JSONError) -> Double {
    let end = buf.count
    let start = pos
    var i = pos
    var negative = false
    if buf[i] == UInt8(ascii: "-") {
      negative = true
      i += 1
      guard i < end, isDigit(buf[i]) else {
        if i < end, isWordByte(buf[i]) { throw wordComplaint(at: start, inValuePosition: true) }
        throw fail(
          at: start, "invalid number '\(numberToken(at: start))'; expected a digit after '-'")
      }
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var exponent = 0
    var tooLong = false
    if buf[i] == UInt8(ascii: "0") {
      i += 1
      if i < end, isDigit(buf[i]) {
        throw fail(
          at: start, "invalid number '\(numberToken(at: start))'; leading zeros are not allowed")
      }
    } else {
      while i < end, isDigit(buf[i]) {
        if digits < 19 {
          mantissa = mantissa &* 10 &+ UInt64(buf[i] &- 0x30)
          if mantissa != 0 { digits += 1 }
        } else {
          tooLong = true
        }
        i += 1
      }
    }
    if i < end, buf[i] == UInt8(ascii: ".") {
      i += 1
      guard i < end, isDigit(buf[i]) else {
        throw fail(
          at: start,
          "invalid number '\(numberToken(at: start))'; expected a digit after the decimal point")
      }
      while i < end, isDigit(buf[i]) {
        if digits < 19 {
          mantissa = mantissa &* 10 &+ UInt64(buf[i] &- 0x30)
          if mantissa != 0 { digits += 1 }
          exponent -= 1
        } else {
          tooLong = true
        }
        i += 1
      }
    }
    if i < end, buf[i] | 0x20 == UInt8(ascii: "e") {
      i += 1
      var expNegative = false
      if i < end, buf[i] == UInt8(ascii: "+") || buf[i] == UInt8(ascii: "-") {
        expNegative = buf[i] == UInt8(ascii: "-")
        i += 1
      }
      guard i < end, isDigit(buf[i]) else {
        throw fail(
          at: start, "invalid number '\(numberToken(at: start))'; expected a digit in the exponent")
      }
      var e = 0
      while i < end, isDigit(buf[i]) {
        e = min(e * 10 + Int(buf[i] &- 0x30), 1_000_000)
        i += 1
      }
      exponent += expNegative ? -e : e
    }
    if i < end, isWordByte(buf[i]) || buf[i] == UInt8(ascii: ".") {
      throw fail(at: start, "invalid number '\(numberToken(at: start))'")
    }
    pos = i

    var value: Double
    if mantissa == 0 && !tooLong {
      value = 0
    } else if !tooLong, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
      value = Double(mantissa)
      if exponent < 0 {
        value /= NumberTables.powersOfTen[-exponent]
      } else {
        value *= NumberTables.powersOfTen[exponent]
      }
    } else {
      let literal = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
      guard let parsed = Double(literal), parsed.isFinite else {
        throw fail(
          at: start, "number '\(literal)' is too large for a double (at most about 1.8e308)")
      }
      return parsed
    }
    return negative ? -value : value
  }

  /// The number-like token at `p`, for messages (`007`, `1.2.3`, `0x1F`).
  private func numberToken(at p: Int) -> String {
    var i = p
    while i < buf.count, i - p < 40,
      isWordByte(buf[i]) || buf[i] == UInt8(ascii: ".") || buf[i] == UInt8(ascii: "-")
        || buf[i] == UInt8(ascii: "+")
    {
      i += 1
    }
    return text(p, i)
  }

  private mutating func readLiteral(_ literal: StaticString) throws(JSONError) {
    let n = literal.utf8CodeUnitCount
    let start = pos
    var ok = start + n <= buf.count
    if ok {
      let p = literal.utf8Start
      for k in 0..<n where buf[start + k] != p[k] {
        ok = false
        break
      }
    }
    if ok, start + n < buf.count, isWordByte(buf[start + n]) { ok = false }
    guard ok else { throw wordComplaint(at: start, inValuePosition: true) }
    pos = start + n
  }

  // MARK: - Complaints

  /// A message for the byte at `p` where something else was expected.
  private func unexpected(at p: Int, expecting: String, inValuePosition: Bool) -> JSONError {
    if p >= buf.count { return endOfInput() }
    if let special = specialComplaint(at: p) { return fail(at: p, special) }
    if inValuePosition {
      let b = buf[p]
      if isWordByte(b) { return wordComplaint(at: p, inValuePosition: true) }
      if b == UInt8(ascii: "+") || b == UInt8(ascii: ".") {
        return fail(
          at: p,
          "invalid number '\(numberToken(at: p))'; a number starts with a digit or '-' (write '0.5', not '.5' or '+0.5')"
        )
      }
    }
    return fail(at: p, "expected \(expecting), found \(describe(at: p))")
  }

  /// Messages for mistakes common enough to deserve their own words.
  private func specialComplaint(at p: Int) -> String? {
    let b = buf[p]
    if b == UInt8(ascii: "/"), p + 1 < buf.count,
      buf[p + 1] == UInt8(ascii: "/") || buf[p + 1] == UInt8(ascii: "*")
    {
      return "comments are not allowed in JSON"
    }
    if b == UInt8(ascii: "'") {
      return "single-quoted strings are not allowed; use double quotes"
    }
    if b == 0xE2, p + 2 < buf.count, buf[p + 1] == 0x80, buf[p + 2] == 0x9C || buf[p + 2] == 0x9D {
      return "curly quote \(describe(at: p)) found; JSON strings use straight double quotes"
    }
    return nil
  }

  /// Explains a bare word (`NaN`, `True`, `None`, `abc`) where a value was expected.
  private func wordComplaint(at p: Int, inValuePosition: Bool) -> JSONError {
    let w = word(at: p)
    let lower = w.lowercased()
    switch lower {
    case "nan", "-nan", "infinity", "-infinity", "inf", "-inf":
      return fail(
        at: p, "'\(w)' is not valid JSON, which has no NaN or infinity; use null or a string")
    case "true", "false", "null":
      return fail(at: p, "unknown literal '\(w)' (did you mean '\(lower)'?)")
    case "none", "nil", "undefined":
      return fail(at: p, "unknown literal '\(w)'; JSON writes it as 'null'")
    default:
      if let s = Spelling.suggestion(for: w, among: ["true", "false", "null"]) {
        return fail(at: p, "unknown literal '\(w)' (did you mean '\(s)'?)")
      }
      return fail(at: p, "unexpected word '\(w)'; strings must be in double quotes")
    }
  }

  /// The identifier-like run at `p` (an optional leading '-', then letters, digits, '_').
  private func word(at p: Int) -> String {
    var i = p
    if i < buf.count, buf[i] == UInt8(ascii: "-") { i += 1 }
    while i < buf.count, i - p < 40, isWordByte(buf[i]) { i += 1 }
    return text(p, i)
  }

  /// How a message names the character at `p`: `'x'`, `'é'`, `U+0007`, `byte 0xFF`,
  /// or `end of input`.
  func describe(at p: Int) -> String {
    guard p < buf.count else { return "end of input" }
    let b = buf[p]
    if b < 0x20 || b == 0x7F { return "U+\(hex4(UInt32(b)))" }
    if b < 0x80 { return "'\(Character(Unicode.Scalar(b)))'" }
    guard let n = utf8SequenceLength(at: p) else { return "invalid UTF-8 byte \(hexByte(b))" }
    let shown = text(p, p + n)
    if let scalar = shown.unicodeScalars.first, JSONError.isInvisible(scalar) {
      return "U+\(hex4(scalar.value))"
    }
    return "'\(shown)'"
  }

  private func text(_ from: Int, _ to: Int) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: buf[from..<min(to, buf.count)]), as: UTF8.self)
  }

  @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

  private func startsValue(_ b: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "-"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"), UInt8(ascii: "f"),
      UInt8(ascii: "n"):
      return true
    default:
      return false
    }
  }

  @inline(__always) private func isWordByte(_ b: UInt8) -> Bool {
    (b | 0x20) &- UInt8(ascii: "a") < 26 || b &- 0x30 < 10 || b == UInt8(ascii: "_")
  }

  private func hexByte(_ b: UInt8) -> String {
    let h = String(b, radix: 16, uppercase: true)
    return "0x" + (h.count < 2 ? "0" + h : h)
  }

  private func hex4(_ v: UInt32) -> String {
    let h = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - h.count)) + h
  }
}
