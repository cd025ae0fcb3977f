/// One parsed request: method, decoded path and query, headers, body.
public struct HTTPRequest: Sendable {
  /// The method as sent (methods are case-sensitive: `get` is not `GET`).
  public var method: String
  /// The request target as sent (path and query, still percent-encoded).
  public var target: String
  /// The path's segments, percent-decoded (`/movies/12` is `["movies", "12"]`).
  public var pathSegments: [String]
  /// The query's (name, value) pairs in order, percent-decoded, `+` as space.
  public var query: [(name: String, value: String)]
  /// `HTTP/1.1` gives 1, `HTTP/1.0` gives 0.
  public var minorVersion: Int
  /// Header fields in order, names lowercased, values trimmed.
  public var headers: [(name: String, value: String)]
  /// The body (Content-Length bytes).
  public var body: [UInt8]
  /// Path parameters filled in by the router (`{id}` gives `("id", "12")`).
  public var pathParameters: [(name: String, value: String)] = []
  /// The peer address, `ip:port`.
  public var peer: String = ""

  public init(
    method: String, target: String, pathSegments: [String],
    query: [(name: String, value: String)], minorVersion: Int,
    headers: [(name: String, value: String)], body: [UInt8] = []
  ) {
    self.method = method
    self.target = target
    self.pathSegments = pathSegments
    self.query = query
    self.minorVersion = minorVersion
    self.headers = headers
    self.body = body
  }

  /// The decoded path, `/` joined.
  public var path: String { "/" + pathSegments.joined(separator: "/") }

  /// The last value of header `name` (any case).
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.last { $0.name == wanted }?.value
  }

  /// The last value of query parameter `name`.
  public func queryValue(_ name: String) -> String? {
    query.last { $0.name == name }?.value
  }

  /// The value of path parameter `name`.
  public func pathParameter(_ name: String) -> String? {
    pathParameters.first { $0.name == name }?.value
  }

  /// Whether the connection stays open after this request: HTTP/1.1 unless
  /// `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`.
  public var keepAlive: Bool {
    let tokens = (header("connection") ?? "").lowercased().split(separator: ",").map {
      $0.trimmingSpaces()
    }
    if minorVersion >= 1 { return !tokens.contains("close") }
    return tokens.contains("keep-alive")
  }
}

extension Substring {
  /// The text without leading and trailing spaces and tabs.
  func trimmingSpaces() -> String {
    var slice = self[...]
    while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
    return String(slice)
  }
}
