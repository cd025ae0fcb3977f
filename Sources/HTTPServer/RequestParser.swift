/// Turns a complete request head into an `HTTPRequest`, or the status that refuses it.
enum RequestParser {
  /// A parsed head: the request (without its body) and what the body needs.
  struct Head {
    var request: HTTPRequest
    var contentLength: Int
    var expectContinue: Bool
  }

  /// A refusal: the status, a detail for the JSON body, and whether the connection can
  /// be kept (never after a framing error: the rest of the stream cannot be trusted).
  struct Refusal: Error {
    var status: HTTPStatus
    var detail: String
  }

  /// Parses `bytes` (the head without the final blank line's terminator is fine).
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxBody: Int) throws(Refusal) -> Head {
    var lines: [UnsafeBufferPointer<UInt8>] = []
    var lineStart = 0
    for index in 0..<bytes.count where bytes[index] == 0x0A {
      var end = index
      if end > lineStart, bytes[end - 1] == 0x0D { end -= 1 }
      if end > lineStart {
        lines.append(UnsafeBufferPointer(rebasing: bytes[lineStart..<end]))
      }
      lineStart = index + 1
    }
    guard let requestLine = lines.first else {
      throw Refusal(status: .badRequest, detail: "empty request")
    }
    let (method, target, minor) = try parseRequestLine(requestLine)
    var headers: [(name: String, value: String)] = []
    headers.reserveCapacity(lines.count - 1)
    for line in lines.dropFirst() {
      headers.append(try parseHeader(line))
    }
    let (segments, query) = try parseTarget(target, method: method)
    var request = HTTPRequest(
      method: method, target: target, pathSegments: segments, query: query, minorVersion: minor,
      headers: headers)
    if minor >= 1, request.header("host") == nil {
      throw Refusal(status: .badRequest, detail: "HTTP/1.1 request without a Host header")
    }
    if let coding = request.header("transfer-encoding") {
      if coding.lowercased().contains("chunked") {
        throw Refusal(
          status: .lengthRequired,
          detail: "chunked request bodies are not accepted; send the body with a Content-Length")
      }
      throw Refusal(
        status: .notImplemented, detail: "transfer-encoding '\(coding)' is not supported")
    }
    var length = 0
    let lengths = headers.filter { $0.name == "content-length" }.map(\.value)
    if let first = lengths.first {
      guard lengths.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
        first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(first)
      else {
        throw Refusal(
          status: .badRequest, detail: "invalid Content-Length '\(lengths.joined(separator: ", "))'"
        )
      }
      length = value
    }
    if length > maxBody {
      throw Refusal(
        status: .payloadTooLarge,
        detail: "request body of \(length) bytes is over the limit of \(maxBody)")
    }
    request.body = []
    let expect = request.header("expect")?.lowercased() == "100-continue"
    return Head(request: request, contentLength: length, expectContinue: expect)
  }

  static func isToken(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"),
      UInt8(ascii: "&"),
      UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
      UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
      return true
    default: return false
    }
  }

  private static func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>) throws(Refusal) -> (
    String, String, Int
  ) {
    let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
      throw Refusal(
        status: .badRequest,
        detail: "malformed request line '\(printable(line))': expected 'METHOD /path HTTP/1.1'")
    }
    guard parts[0].allSatisfy(isToken) else {
      throw Refusal(status: .badRequest, detail: "malformed method '\(printable(parts[0]))'")
    }
    guard parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
      throw Refusal(status: .badRequest, detail: "request target has bytes outside visible ASCII")
    }
    let version = Array(parts[2])
    let prefix = Array("HTTP/".utf8)
    guard version.count == 8, Array(version[0..<5]) == prefix, version[6] == UInt8(ascii: "."),
      (0x30...0x39).contains(version[5]), (0x30...0x39).contains(version[7])
    else {
      throw Refusal(status: .badRequest, detail: "malformed HTTP version '\(printable(parts[2]))'")
    }
    guard version[5] == UInt8(ascii: "1") else {
      throw Refusal(
        status: .versionNotSupported,
        detail: "HTTP version '\(printable(parts[2]))' is not supported; use HTTP/1.1")
    }
    return (
      String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self),
      Int(version[7] - 0x30)
    )
  }

  private static func parseHeader(_ line: UnsafeBufferPointer<UInt8>) throws(Refusal) -> (
    name: String, value: String
  ) {
    guard line[0] != 0x20, line[0] != 0x09 else {
      throw Refusal(status: .badRequest, detail: "obsolete header line folding is not accepted")
    }
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
      line[0..<colon].allSatisfy(isToken)
    else {
      throw Refusal(status: .badRequest, detail: "malformed header line '\(printable(line))'")
    }
    var name = ""
    for byte in line[0..<colon] {
      name.unicodeScalars.append(Unicode.Scalar((0x41...0x5A).contains(byte) ? byte + 32 : byte))
    }
    var start = colon + 1
    var end = line.count
    while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
    while end > start, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
    for byte in line[start..<end] where byte < 0x20 && byte != 0x09 || byte == 0x7F {
      throw Refusal(status: .badRequest, detail: "header '\(name)' has a control character")
    }
    return (name, String(decoding: line[start..<end], as: UTF8.self))
  }

  /// Splits the target into decoded path segments and query pairs.
  static func parseTarget(_ target: String, method: String) throws(Refusal) -> (
    [String], [(name: String, value: String)]
  ) {
    var text = Substring(target)
    if text == "*" {
      guard method == "OPTIONS" else {
        throw Refusal(status: .badRequest, detail: "target '*' is only for OPTIONS")
      }
      return ([], [])
    }
    if text.hasPrefix("http://") || text.hasPrefix("https://") {
      // Absolute form: drop the scheme and authority.
      let afterScheme = text[text.index(text.firstIndex(of: ":")!, offsetBy: 3)...]
      text = afterScheme.firstIndex(of: "/").map { afterScheme[$0...] } ?? "/"
    }
    guard text.hasPrefix("/") else {
      throw Refusal(
        status: .badRequest, detail: "request target '\(target)' does not start with '/'")
    }
    // Delimiters are found in the UTF-8 bytes (a target is bytes, RFC 3986), not by
    // Character, whose grapheme breaking was most of the parse's time.
    if let hash = text.utf8.firstIndex(of: UInt8(ascii: "#")) { text = text[..<hash] }
    let pathPart: Substring
    var queryPart: Substring = ""
    if let mark = text.utf8.firstIndex(of: UInt8(ascii: "?")) {
      pathPart = text[..<mark]
      queryPart = text[text.utf8.index(after: mark)...]
    } else {
      pathPart = text
    }
    var segments: [String] = []
    for raw in pathPart.utf8.split(separator: UInt8(ascii: "/")) {
      guard let segment = percentDecode(Substring(raw), plusAsSpace: false) else {
        throw Refusal(status: .badRequest, detail: "bad percent-encoding in path '\(pathPart)'")
      }
      segments.append(segment)
    }
    var query: [(name: String, value: String)] = []
    for bytes in queryPart.utf8.split(separator: UInt8(ascii: "&")) {
      let pair = Substring(bytes)
      let name: Substring
      let value: Substring
      if let equals = pair.utf8.firstIndex(of: UInt8(ascii: "=")) {
        name = pair[..<equals]
        value = pair[pair.utf8.index(after: equals)...]
      } else {
        name = pair
        value = ""
      }
      guard let decodedName = percentDecode(name, plusAsSpace: true),
        let decodedValue = percentDecode(value, plusAsSpace: true)
      else {
        throw Refusal(status: .badRequest, detail: "bad percent-encoding in query '\(queryPart)'")
      }
      query.append((decodedName, decodedValue))
    }
    return (segments, query)
  }

  /// Decodes `%XX` escapes (and `+` in queries); nil for a bad escape or bytes that are
  /// not UTF-8.
  static func percentDecode(_ text: Substring, plusAsSpace: Bool) -> String? {
    if !text.utf8.contains(where: {
      $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+"))
    }) {
      return String(text)
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    var iterator = text.utf8.makeIterator()
    func hex(_ byte: UInt8?) -> UInt8? {
      guard let byte else { return nil }
      switch byte {
      case 0x30...0x39: return byte - 0x30
      case 0x41...0x46: return byte - 0x41 + 10
      case 0x61...0x66: return byte - 0x61 + 10
      default: return nil
      }
    }
    while let byte = iterator.next() {
      if byte == UInt8(ascii: "%") {
        guard let high = hex(iterator.next()), let low = hex(iterator.next()) else { return nil }
        bytes.append(high << 4 | low)
      } else if plusAsSpace, byte == UInt8(ascii: "+") {
        bytes.append(0x20)
      } else {
        bytes.append(byte)
      }
    }
    return String(validating: bytes, as: UTF8.self)
  }

  /// Bytes for an error message: visible ASCII kept, others as `\xNN`, cut at 80.
  static func printable<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var text = ""
    for byte in bytes.prefix(80) {
      if byte >= 0x20, byte < 0x7F {
        text.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let digits = Array("0123456789abcdef".unicodeScalars)
        text += "\\x"
        text.unicodeScalars.append(digits[Int(byte >> 4)])
        text.unicodeScalars.append(digits[Int(byte & 15)])
      }
    }
    return bytes.count > 80 ? text + "..." : text
  }
}
