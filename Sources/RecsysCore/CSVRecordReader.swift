/// Reads RFC 4180 records from bytes: fields separated by a one-byte separator,
/// optionally in double quotes (`""` inside quotes is one quote; quoted fields may
/// hold separators and newlines), records ended by `\n` or `\r\n`.
///
/// Fields come back as raw bytes so that each caller decides the text encoding
/// (MovieLens files are latin-1 or UTF-8). Blank lines are skipped.
public struct CSVRecordReader {
  /// One step of the reader.
  public enum Next: Equatable {
    /// A record and the line it starts on.
    case record(line: Int, fields: [[UInt8]])
    /// A record that could not be read; the reader has moved past it.
    case malformed(LineIssue)
  }

  private let bytes: [UInt8]
  private var pos: Int
  private var line: Int
  private let separator: UInt8

  /// A reader over `bytes` from `offset`, where the line at `offset` is `firstLine`.
  public init(bytes: [UInt8], from offset: Int = 0, firstLine: Int = 1, separator: UInt8 = 44) {
    self.bytes = bytes
    self.pos = offset
    self.line = firstLine
    self.separator = separator
  }

  /// The next record, or nil at the end of the bytes.
  public mutating func next() -> Next? {
    let n = bytes.count
    while pos < n {
      if bytes[pos] == 10 {
        pos += 1
        line += 1
      } else if bytes[pos] == 13 && (pos + 1 == n || bytes[pos + 1] == 10) {
        pos += min(2, n - pos)
        line += 1
      } else {
        break
      }
    }
    if pos >= n { return nil }
    let startLine = line
    let startPos = pos
    var fields: [[UInt8]] = []
    while true {
      var field: [UInt8] = []
      if bytes[pos] == 34 {
        pos += 1
        var closed = false
        while pos < n {
          let c = bytes[pos]
          if c == 34 {
            if pos + 1 < n && bytes[pos + 1] == 34 {
              field.append(34)
              pos += 2
              continue
            }
            pos += 1
            closed = true
            break
          }
          if c == 10 { line += 1 }
          field.append(c)
          pos += 1
        }
        if !closed {
          skipLine(from: startPos, restartLine: startLine)
          return .malformed(
            LineIssue(
              line: startLine, kind: .badText,
              reason:
                "field \(fields.count + 1) opens a quote that is never closed (double quotes inside a quoted field are written \"\")"
            ))
        }
        fields.append(field)
        if pos == n { return .record(line: startLine, fields: fields) }
        let c = bytes[pos]
        if c == separator {
          pos += 1
          if pos == n {
            fields.append([])
            return .record(line: startLine, fields: fields)
          }
          continue
        }
        if c == 10 || (c == 13 && (pos + 1 == n || bytes[pos + 1] == 10)) {
          pos += c == 10 ? 1 : min(2, n - pos)
          line += 1
          return .record(line: startLine, fields: fields)
        }
        let badLine = line
        skipLine(from: pos, restartLine: line)
        return .malformed(
          LineIssue(
            line: badLine, kind: .badText,
            reason:
              "unexpected text after the closing quote of field \(fields.count) (quote the whole field and double inner quotes)"
          ))
      }
      while pos < n {
        let c = bytes[pos]
        if c == separator || c == 10 { break }
        field.append(c)
        pos += 1
      }
      if pos < n && bytes[pos] == separator {
        fields.append(field)
        pos += 1
        if pos == n {
          fields.append([])
          return .record(line: startLine, fields: fields)
        }
        continue
      }
      if field.last == 13 { field.removeLast() }
      fields.append(field)
      if pos < n {
        pos += 1
        line += 1
      }
      return .record(line: startLine, fields: fields)
    }
  }

  /// Moves past the line that contains `from`, numbering lines from `restartLine`.
  private mutating func skipLine(from: Int, restartLine: Int) {
    var p = from
    while p < bytes.count && bytes[p] != 10 { p += 1 }
    pos = min(p + 1, bytes.count)
    line = restartLine + 1
  }

  /// Checks that the first line of `bytes` is `expected` (a UTF-8 byte order mark and a
  /// `\r\n` line end are tolerated) and returns the offset of the second line.
  ///
  /// - Throws: `RecsysCoreError.malformed` at line 1.
  public static func checkHeader(_ bytes: [UInt8], expected: String, fileName: String) throws -> Int
  {
    var start = 0
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
    var end = start
    while end < bytes.count && bytes[end] != 10 { end += 1 }
    var contentEnd = end
    if contentEnd > start && bytes[contentEnd - 1] == 13 { contentEnd -= 1 }
    let found = Array(bytes[start..<contentEnd])
    if found != Array(expected.utf8) {
      let shown =
        found.isEmpty ? "an empty line" : "'\(String(decoding: found.prefix(80), as: UTF8.self))'"
      throw RecsysCoreError.malformed(
        file: fileName, line: 1, reason: "expected the header '\(expected)', found \(shown)")
    }
    return min(end + 1, bytes.count)
  }

  /// Appends `field` to `out`, in double quotes when it holds the separator, a quote or
  /// a line break (RFC 4180).
  public static func appendField(_ field: String, to out: inout [UInt8], separator: UInt8 = 44) {
    let utf8 = field.utf8
    if !utf8.contains(where: { $0 == separator || $0 == 34 || $0 == 10 || $0 == 13 }) {
      out.append(contentsOf: utf8)
      return
    }
    out.append(34)
    for byte in utf8 {
      if byte == 34 { out.append(34) }
      out.append(byte)
    }
    out.append(34)
  }
}
