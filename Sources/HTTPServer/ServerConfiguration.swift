/// How the server listens and what it tolerates.
public struct ServerConfiguration: Sendable {
  /// The IPv4 address to bind; loopback unless told otherwise.
  public var host = "127.0.0.1"
  /// The TCP port; 0 picks a free one (see `HTTPServer.port`).
  public var port = 8000
  /// Worker threads, all serving any connection (see `HTTPServer`).
  public var threads = 2
  /// The `Access-Control-Allow-Origin` to send; nil sends no CORS headers at all.
  public var corsOrigin: String?
  /// The request line plus headers, in bytes (414 or 431 past it).
  public var maxHeadBytes = 16 * 1024
  /// The request body, in bytes (413 past it).
  public var maxBodyBytes = 1 << 20
  /// Open connections at once; more get 503 and are closed.
  public var maxConnections = 512
  /// Seconds from a request's first byte to its last (408 past it).
  public var readTimeout = 10.0
  /// Seconds an idle keep-alive connection stays open.
  public var idleTimeout = 30.0
  /// Seconds in-flight requests get to finish after shutdown starts.
  public var drainTimeout = 5.0
  /// One line per request on stderr.
  public var accessLog = true

  public init() {}

  func validate() throws(HTTPServerError) {
    guard (0...65535).contains(port) else {
      throw .badConfiguration("port \(port) is out of range 0...65535")
    }
    guard (1...256).contains(threads) else {
      throw .badConfiguration("threads \(threads) is out of range 1...256")
    }
    guard maxConnections >= 1 else { throw .badConfiguration("max connections must be at least 1") }
    guard readTimeout > 0, idleTimeout > 0, drainTimeout >= 0 else {
      throw .badConfiguration("timeouts must be positive")
    }
  }
}
