import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for download tests: no network needed.
/// One thread per connection, one request per connection, canned responses by path.
final class TestHTTPServer: @unchecked Sendable {
  enum Response: Sendable {
    case body([UInt8])
    case status(Int)
    /// Announces `announced` bytes but sends only `body`, then closes.
    case truncated(body: [UInt8], announced: Int)
  }

  let port: UInt16
  private let listener: Int32
  private let routes: [String: Response]
  private let counter = Mutex(0)

  /// How many requests were answered.
  var requestCount: Int { counter.withLock { $0 } }

  init(routes: [String: Response], accepting: Bool = true) throws {
    self.routes = routes
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    listener = fd
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
        bind(fd, generic, length) == 0 && listen(fd, 16) == 0
          && getsockname(fd, generic, &length) == 0
      }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    port = UInt16(bigEndian: address.sin_port)
    if accepting {
      Thread { [self] in acceptLoop() }.start()
    }
  }

  var baseURL: String { "http://127.0.0.1:\(port)/" }

  func stop() {
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
  }

  private func acceptLoop() {
    while true {
      let connection = accept(listener, nil, nil)
      if connection < 0 { return }
      Thread { [self] in handle(connection) }.start()
    }
  }

  private func handle(_ connection: Int32) {
    defer { close(connection) }
    var request: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !request.ends(with: Array("\r\n\r\n".utf8)) {
      let n = read(connection, &buffer, buffer.count)
      if n <= 0 { return }
      request += buffer[0..<n]
    }
    counter.withLock { $0 += 1 }
    let firstLine = String(decoding: request.prefix { $0 != 13 }, as: UTF8.self)
    let parts = firstLine.split(separator: " ")
    let path = parts.count > 1 ? String(parts[1]) : "/"
    switch routes[path] ?? .status(404) {
    case .body(let body):
      send(connection, header(200, length: body.count) + body)
    case .status(let code):
      send(connection, header(code, length: 0))
    case .truncated(let body, let announced):
      send(connection, header(200, length: announced) + body)
    }
  }

  private func header(_ status: Int, length: Int) -> [UInt8] {
    Array(
      "HTTP/1.1 \(status) X\r\nContent-Length: \(length)\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n"
        .utf8)
  }

  private func send(_ connection: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let n = bytes[offset...].withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
      if n <= 0 { return }
      offset += n
    }
  }
}

extension Array where Element == UInt8 {
  fileprivate func ends(with suffix: [UInt8]) -> Bool {
    count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
  }
}
