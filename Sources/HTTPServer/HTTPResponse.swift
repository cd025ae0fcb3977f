import StrictJSON

/// A response to send: status, headers (besides Content-Length and Connection, which the
/// server writes), body.
public struct HTTPResponse: Sendable {
  public var status: HTTPStatus
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]

  public init(
    status: HTTPStatus = .ok, headers: [(name: String, value: String)] = [], body: [UInt8] = []
  ) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// A body of `text` with its content type.
  public init(status: HTTPStatus = .ok, contentType: String, text: String) {
    self.init(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
  }

  /// A canonical JSON body.
  public static func json(_ value: JSON, status: HTTPStatus = .ok) -> HTTPResponse {
    HTTPResponse(
      status: status, headers: [("Content-Type", "application/json")], body: value.canonicalBytes())
  }

  /// The one error shape: `{"detail": ..., "error": ...}` with `error` the status name.
  public static func error(_ status: HTTPStatus, _ detail: String) -> HTTPResponse {
    json(.object(["detail": .string(detail), "error": .string(status.errorName)]), status: status)
  }

  /// The last value of header `name` (any case).
  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.last { $0.name.lowercased() == wanted }?.value
  }
}
