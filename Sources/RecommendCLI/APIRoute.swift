import HTTPServer
import StrictJSON

/// One route of the API: what the router matches, what the OpenAPI document and the docs
/// page say about it, and the handler, all in one value so they cannot disagree.
struct APIRoute: Sendable {
  /// One documented response.
  struct Response: Sendable {
    let status: Int
    let description: String
    /// A schema name under `components/schemas`, or nil for no body.
    let schema: String?
    let mediaType: String
  }

  /// A request the handler refuses: the status and the detail of the JSON error.
  struct Failure: Error {
    let status: HTTPStatus
    let detail: String
  }

  typealias Handler = @Sendable (APIArguments, HTTPRequest) throws(Failure) -> HTTPResponse

  let method: String
  let path: String
  let operationID: String
  let tag: String
  let summary: String
  let description: String
  let parameters: [APIParameter]
  /// The JSON request body's schema name, if the route takes one.
  let requestBody: String?
  let responses: [Response]
  let handler: Handler

  /// Checks the path and query parameters and runs the handler; problems become 400s.
  func respond(to request: HTTPRequest) -> HTTPResponse {
    var values: [(name: String, value: String)] = []
    for parameter in parameters where parameter.location == .path {
      let value = request.pathParameter(parameter.name) ?? ""
      if let problem = parameter.problem(with: value) {
        return .error(.badRequest, problem)
      }
      values.append((parameter.name, value))
    }
    let known = parameters.filter { $0.location == .query }
    for (name, value) in request.query {
      guard let parameter = known.first(where: { $0.name == name }) else {
        let names = known.map(\.name)
        let hint =
          names.isEmpty ? "this route takes none" : "known: \(names.joined(separator: ", "))"
        return .error(.badRequest, "unknown query parameter '\(name)'; \(hint)")
      }
      if let problem = parameter.problem(with: value) { return .error(.badRequest, problem) }
      values.removeAll { $0.name == name }
      values.append((name, value))
    }
    for parameter in known
    where parameter.required && !values.contains(where: { $0.name == parameter.name }) {
      return .error(
        .badRequest, "query parameter '\(parameter.name)' is required: \(parameter.description)")
    }
    do throws(Failure) {
      return try handler(APIArguments(values: values), request)
    } catch {
      return .error(error.status, error.detail)
    }
  }
}

/// The checked parameter values of one request.
struct APIArguments: Sendable {
  let values: [(name: String, value: String)]

  func string(_ name: String) -> String? { values.last { $0.name == name }?.value }
  func int(_ name: String) -> Int? { string(name).flatMap { Int($0) } }
}
