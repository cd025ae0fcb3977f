/// Finds where a request head ends as bytes arrive, without rescanning what it has seen
/// (a client sending one byte at a time costs O(n), not O(n^2)).
///
/// Lines end in CRLF or a bare LF (RFC 9112 lets a server accept LF); empty lines before
/// the request line are skipped, as the RFC asks.
struct HeadScanner {
  /// Where the request line starts (after skipped empty lines).
  private(set) var start = 0
  /// The index of the request line's LF, once seen.
  private(set) var requestLineEnd: Int?
  private var position = 0
  private var lineStart = 0

  enum Result: Equatable {
    /// Keep reading.
    case incomplete
    /// The head is `start..<end` (end is just past the blank line).
    case complete(end: Int)
    /// Over the limit: 414 when the request line alone does not fit, else 431.
    case tooLong(requestLine: Bool)
  }

  /// Scans the new bytes of `buffer` (which only grows between calls).
  mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>, limit: Int) -> Result {
    while position < buffer.count {
      let byte = buffer[position]
      if requestLineEnd == nil, position == lineStart, byte == 0x0D || byte == 0x0A {
        // Leading CR/LF before the request line: skip.
        position += 1
        lineStart = position
        start = position
        continue
      }
      if byte == 0x0A {
        var length = position - lineStart
        if length > 0, buffer[position - 1] == 0x0D { length -= 1 }
        if requestLineEnd == nil {
          requestLineEnd = position
        } else if length == 0 {
          position += 1
          return position - start > limit ? .tooLong(requestLine: false) : .complete(end: position)
        }
        lineStart = position + 1
      }
      position += 1
      if position - start > limit { return .tooLong(requestLine: requestLineEnd == nil) }
    }
    return .incomplete
  }
}
