import Foundation

/// A tiny blocking HTTP/1.1 client over loopback for the tests: writes raw bytes, reads
/// one response at a time (Content-Length framed, or to EOF). A receive timeout keeps a
/// broken server from hanging the suite; it is a safety net, not a timed assertion.
public final class TestClient {
  public struct Response {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }
    public func header(_ name: String) -> String? {
      headers.last { $0.0.lowercased() == name.lowercased() }?.1
    }
  }

  public enum Failure: Error {
    case connect(Int32)
    case closed
    case malformed(String)
  }

  public let fd: Int32
  private var buffer: [UInt8] = []

  public init(port: Int, timeout: Int = 20) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
    var limit = timeval(tv_sec: timeout, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      close(fd)
      throw Failure.connect(errno)
    }
  }

  deinit { close(fd) }

  public func send(_ text: String) { send(Array(text.utf8)) }

  public func send(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes {
        Foundation.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
      }
      if written <= 0 { return }
      offset += written
    }
  }

  /// `GET path` with Host, keep-alive.
  public func get(_ path: String, method: String = "GET", headers: String = "") throws -> Response {
    send("\(method) \(path) HTTP/1.1\r\nHost: test\r\n\(headers)\r\n")
    return try read(head: method == "HEAD")
  }

  private func fill() throws {
    var chunk = [UInt8](repeating: 0, count: 65536)
    let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { throw Failure.closed }
    buffer += chunk[0..<count]
  }

  /// Whether the server closed the connection (EOF with nothing buffered).
  public func isClosedByServer() -> Bool {
    do {
      try fill()
      return false
    } catch { return true }
  }

  /// Reads one response; `head` for a HEAD request (no body whatever Content-Length says).
  public func read(head: Bool = false) throws -> Response {
    var end: Int?
    while end == nil {
      if let range = findHeadEnd() { end = range } else { try fill() }
    }
    let headText = String(decoding: buffer[0..<end!], as: UTF8.self)
    var lines = headText.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    let statusLine = lines.removeFirst()
    let parts = statusLine.split(separator: " ")
    guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure.malformed(statusLine) }
    let headers: [(String, String)] = lines.map { line in
      let colon = line.firstIndex(of: ":")!
      return (
        String(line[..<colon]),
        String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
      )
    }
    buffer.removeFirst(end!)
    let response = Response(status: status, headers: headers, body: [])
    if status == 100 { return try read(head: head) }
    let length = head ? 0 : Int(response.header("content-length") ?? "0") ?? 0
    while buffer.count < length { try fill() }
    var result = response
    result.body = Array(buffer[0..<length])
    buffer.removeFirst(length)
    return result
  }

  private func findHeadEnd() -> Int? {
    guard buffer.count >= 4 else { return nil }
    for index in 0...(buffer.count - 4)
    where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13
      && buffer[index + 3] == 10
    {
      return index + 4
    }
    return nil
  }
}
