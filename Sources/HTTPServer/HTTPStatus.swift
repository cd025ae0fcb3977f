/// The status codes the server sends, with their reason phrases and the short machine
/// names used in JSON error bodies.
public struct HTTPStatus: Sendable, Equatable, Hashable {
  public let code: Int

  public init(_ code: Int) { self.code = code }

  public static let ok = HTTPStatus(200)
  public static let noContent = HTTPStatus(204)
  public static let badRequest = HTTPStatus(400)
  public static let notFound = HTTPStatus(404)
  public static let methodNotAllowed = HTTPStatus(405)
  public static let requestTimeout = HTTPStatus(408)
  public static let lengthRequired = HTTPStatus(411)
  public static let payloadTooLarge = HTTPStatus(413)
  public static let uriTooLong = HTTPStatus(414)
  public static let unsupportedMediaType = HTTPStatus(415)
  public static let headersTooLarge = HTTPStatus(431)
  public static let internalError = HTTPStatus(500)
  public static let notImplemented = HTTPStatus(501)
  public static let unavailable = HTTPStatus(503)
  public static let versionNotSupported = HTTPStatus(505)

  /// The reason phrase of the status line.
  public var reason: String {
    switch code {
    case 100: return "Continue"
    case 200: return "OK"
    case 204: return "No Content"
    case 304: return "Not Modified"
    case 400: return "Bad Request"
    case 404: return "Not Found"
    case 405: return "Method Not Allowed"
    case 408: return "Request Timeout"
    case 409: return "Conflict"
    case 411: return "Length Required"
    case 413: return "Content Too Large"
    case 414: return "URI Too Long"
    case 415: return "Unsupported Media Type"
    case 422: return "Unprocessable Content"
    case 431: return "Request Header Fields Too Large"
    case 500: return "Internal Server Error"
    case 501: return "Not Implemented"
    case 503: return "Service Unavailable"
    case 505: return "HTTP Version Not Supported"
    default: return "Status \(code)"
    }
  }

  /// The `error` field of a JSON error body: the reason in snake case.
  public var errorName: String {
    var name = ""
    for character in reason.lowercased() {
      name.append(character == " " ? "_" : character)
    }
    return name
  }
}
