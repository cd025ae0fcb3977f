/// Maps a method and a path to a handler; paths are patterns like `/movies/{id}`.
///
/// The server answers HEAD with a GET route (without the body), OPTIONS itself, 404 for
/// a path no route has and 405 with `Allow` for a path with other methods.
public struct Router: Sendable {
  /// What a handler does with a request. A thrown error becomes a 500.
  public typealias Handler = @Sendable (HTTPRequest) throws -> HTTPResponse

  /// One route.
  public struct Route: Sendable {
    public let method: String
    /// The pattern as written, e.g. `/recommend/user/{id}`; metrics and logs use it.
    public let pattern: String
    let segments: [Segment]
    let handler: Handler
  }

  enum Segment: Sendable, Equatable {
    case literal(String)
    case parameter(String)
  }

  /// The outcome of matching a request.
  public enum Match {
    case found(Route, parameters: [(name: String, value: String)])
    case methodNotAllowed(allowed: [String])
    case notFound
  }

  public private(set) var routes: [Route] = []

  public init() {}

  /// Adds a route; `pattern` segments in braces are parameters.
  public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
    let segments: [Segment] = pattern.split(separator: "/").map { part in
      part.hasPrefix("{") && part.hasSuffix("}")
        ? .parameter(String(part.dropFirst().dropLast())) : .literal(String(part))
    }
    routes.append(Route(method: method, pattern: pattern, segments: segments, handler: handler))
  }

  /// The route for `method` and `path` (HEAD finds GET routes).
  public func match(method: String, path: [String]) -> Match {
    var allowed: [String] = []
    var best: (Route, [(name: String, value: String)], literals: Int)?
    for route in routes where route.segments.count == path.count {
      var parameters: [(name: String, value: String)] = []
      var literals = 0
      var fits = true
      for (segment, value) in zip(route.segments, path) {
        switch segment {
        case .literal(let text):
          if text != value { fits = false }
          literals += 1
        case .parameter(let name): parameters.append((name, value))
        }
        if !fits { break }
      }
      guard fits else { continue }
      if !allowed.contains(route.method) { allowed.append(route.method) }
      let wanted = method == "HEAD" ? "GET" : method
      if route.method == wanted, best == nil || literals > best!.literals {
        best = (route, parameters, literals)
      }
    }
    if let best { return .found(best.0, parameters: best.1) }
    if allowed.isEmpty { return .notFound }
    if allowed.contains("GET") { allowed.append("HEAD") }
    allowed.append("OPTIONS")
    return .methodNotAllowed(allowed: allowed.sorted())
  }
}
