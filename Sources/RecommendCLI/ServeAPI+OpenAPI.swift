import StrictJSON

extension ServeAPI {
  /// The OpenAPI 3.1 description of `routes`, with the response schemas of the `--json`
  /// answers.
  func openAPIDocument() -> JSON {
    var paths: [JSON.Member] = []
    var order: [String] = []
    for route in routes where !order.contains(route.path) { order.append(route.path) }
    for path in order {
      var operations: [JSON.Member] = []
      for route in routes where route.path == path {
        var operation: [JSON.Member] = [
          JSON.Member("operationId", .string(route.operationID)),
          JSON.Member("tags", .array([.string(route.tag)])),
          JSON.Member("summary", .string(route.summary)),
          JSON.Member("description", .string(route.description)),
        ]
        if !route.parameters.isEmpty {
          operation.append(
            JSON.Member(
              "parameters",
              .array(
                route.parameters.map { parameter in
                  .object([
                    "name": .string(parameter.name), "in": .string(parameter.location.rawValue),
                    "required": .bool(parameter.required),
                    "description": .string(parameter.description),
                    "schema": Self.schema(parameter.kind),
                  ])
                })))
        }
        if let body = route.requestBody {
          operation.append(
            JSON.Member(
              "requestBody",
              .object([
                "required": true,
                "content": .object(["application/json": .object(["schema": Self.reference(body)])]),
              ])))
        }
        var responses: [JSON.Member] = route.responses.map { response in
          var content: JSON = .object([])
          if let schema = response.schema {
            content = .object([
              JSON.Member(response.mediaType, .object(["schema": Self.reference(schema)]))
            ])
          } else {
            content = .object([
              JSON.Member(response.mediaType, .object(["schema": .object(["type": "string"])]))
            ])
          }
          return JSON.Member(
            String(response.status),
            .object(["description": .string(response.description), "content": content]))
        }
        responses.append(
          JSON.Member(
            "default",
            .object([
              "description":
                "Any other error (404 no route, 405 wrong method, 408 slow request, 413 body too large, 414/431 head too large, 500, 503 too many connections).",
              "content": .object(["application/json": .object(["schema": Self.reference("Error")])]
              ),
            ])))
        operation.append(JSON.Member("responses", .object(responses)))
        operations.append(JSON.Member(route.method.lowercased(), .object(operation)))
      }
      paths.append(JSON.Member(path, .object(operations)))
    }
    let schemas: JSON
    do throws(JSONError) {
      schemas = try JSONParser.parse(Self.schemaText, file: "ServeAPI+OpenAPI.swift")
    } catch {
      preconditionFailure("the built-in schemas do not parse: \(error)")
    }
    return .object([
      "openapi": "3.1.0",
      "info": .object([
        "title": "recommend serve", "version": .string(RecommendCLI.version),
        "description":
          .string(
            "Movie recommendations from a versioned model bundle (bundle \(bundle.recommender.bundle.version)). JSON answers equal the --json output of the one-shot `recommend` commands; errors are {\"error\", \"detail\"}."
          ),
      ]),
      "paths": .object(paths),
      "components": .object(["schemas": schemas]),
    ])
  }

  static func reference(_ name: String) -> JSON {
    .object(["$ref": .string("#/components/schemas/\(name)")])
  }

  static func schema(_ kind: APIParameter.Kind) -> JSON {
    switch kind {
    case .integer(let range):
      var members: [JSON.Member] = [JSON.Member("type", "integer")]
      if range.lowerBound != Int.min {
        members.append(JSON.Member("minimum", .number(Double(range.lowerBound))))
      }
      if range.upperBound != Int.max {
        members.append(JSON.Member("maximum", .number(Double(range.upperBound))))
      }
      return .object(members)
    case .number(let range):
      return .object([
        "type": "number", "minimum": .number(range.lowerBound),
        "maximum": .number(range.upperBound),
      ])
    case .string:
      return .object(["type": "string", "minLength": 1])
    case .any:
      return .object(["type": "string"])
    }
  }

  /// The response schemas, written once as JSON.
  static let schemaText = """
    {
      "Error": {"type": "object", "required": ["error", "detail"], "properties": {
        "error": {"type": "string", "description": "The status in snake case, e.g. not_found."},
        "detail": {"type": "string", "description": "What went wrong and how to fix it."}}},
      "MovieFields": {"type": "object", "required": ["movie_id", "title", "year", "genres"], "properties": {
        "movie_id": {"type": "integer"}, "title": {"type": "string", "description": "Without the year."},
        "year": {"type": ["integer", "null"]}, "genres": {"type": "array", "items": {"type": "string"}}}},
      "Movie": {"allOf": [{"$ref": "#/components/schemas/MovieFields"}, {"type": "object",
        "required": ["rating_count", "mean_rating"], "properties": {
        "rating_count": {"type": "integer"}, "mean_rating": {"type": "number"}}}]},
      "MovieSearch": {"type": "object", "required": ["bundle_version", "items", "match", "query"], "properties": {
        "bundle_version": {"type": "string"}, "query": {"type": "string"},
        "match": {"type": "string", "enum": ["found", "ambiguous", "none"]},
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Movie"}}}},
      "UserRecommendation": {"allOf": [{"$ref": "#/components/schemas/MovieFields"}, {"type": "object",
        "required": ["rank", "score", "collaborative_score", "content_score", "predicted_rating", "because"], "properties": {
        "rank": {"type": "integer", "minimum": 1}, "score": {"type": "number"}, "collaborative_score": {"type": "number"},
        "content_score": {"type": "number"}, "predicted_rating": {"type": ["number", "null"], "description": "The SVD's clipped prediction when the SVD ranks; null for other rankers."},
        "because": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["kind", "movie_id", "title", "year", "similarity"],
          "description": "The liked movie that explains this one: the most similar in content, else the one the collaborative model ties closest to it.", "properties": {
          "kind": {"type": "string", "enum": ["content", "collaborative"], "description": "content: similar title words and genres (similarity: their cosine); collaborative: linked by the ranker (similarity: EASE's weight, item-kNN's neighbour weight, or the cosine of ALS/SVD item factors)."},
          "movie_id": {"type": "integer"}, "title": {"type": "string"}, "year": {"type": ["integer", "null"]},
          "similarity": {"type": "number"}}}]}}}]},
      "PopularItem": {"allOf": [{"$ref": "#/components/schemas/MovieFields"}, {"type": "object",
        "required": ["rank", "score", "rating_count", "mean_rating"], "properties": {
        "rank": {"type": "integer", "minimum": 1}, "score": {"type": "number"},
        "rating_count": {"type": "integer"}, "mean_rating": {"type": "number"}}}]},
      "UserRecommendations": {"type": "object",
        "required": ["alpha", "bundle_version", "command", "fallback", "items", "known_user", "liked_count", "rated_count", "user_id"],
        "properties": {
        "alpha": {"type": "number"}, "bundle_version": {"type": "string"}, "command": {"const": "user"},
        "fallback": {"type": ["string", "null"], "description": "\\"popular\\" for a user not in the bundle."},
        "items": {"type": "array", "items": {"oneOf": [{"$ref": "#/components/schemas/UserRecommendation"},
          {"$ref": "#/components/schemas/PopularItem"}]}},
        "known_user": {"type": "boolean"}, "liked_count": {"type": "integer"}, "rated_count": {"type": "integer"},
        "user_id": {"type": "integer"}}},
      "SimilarMovies": {"type": "object", "required": ["bundle_version", "command", "items", "movie", "query"], "properties": {
        "bundle_version": {"type": "string"}, "command": {"const": "similar"},
        "movie": {"$ref": "#/components/schemas/MovieFields"}, "query": {"type": "string"},
        "items": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/MovieFields"}, {"type": "object",
          "required": ["rank", "similarity"], "properties": {"rank": {"type": "integer"}, "similarity": {"type": "number"}}}]}}}},
      "PopularMovies": {"type": "object", "required": ["bundle_version", "command", "damping", "genre", "items", "min_ratings"], "properties": {
        "bundle_version": {"type": "string"}, "command": {"const": "popular"}, "damping": {"type": "number"},
        "genre": {"type": ["string", "null"]}, "min_ratings": {"type": "integer"},
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/PopularItem"}}}},
      "Info": {"type": "object", "required": ["command", "counts", "dataset_fingerprint", "file", "format_version", "metrics", "params", "sha256", "size", "version"], "properties": {
        "command": {"const": "info"}, "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        "dataset_fingerprint": {}, "file": {"type": "string"}, "format_version": {"type": "integer"},
        "metrics": {}, "params": {}, "sha256": {"type": "string"}, "size": {"type": "integer"}, "version": {"type": "string"}}},
      "ChartList": {"type": "object", "required": ["bundle_version", "charts"], "properties": {
        "bundle_version": {"type": "string"}, "charts": {"type": "array", "items": {"type": "object",
          "required": ["name", "tab", "title"], "properties": {"name": {"type": "string", "description": "GET /charts/{name}.svg draws it."},
          "tab": {"type": "string", "enum": ["data", "model"]}, "title": {"type": "string"}}}}}},
      "Health": {"type": "object", "required": ["bundle_version", "status"], "properties": {
        "bundle_version": {"type": "string"}, "status": {"const": "ok"}}},
      "NewUserRatings": {"type": "object", "required": ["ratings"], "additionalProperties": false, "properties": {
        "ratings": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["movie_id", "rating"], "properties": {
          "movie_id": {"type": "integer"}, "rating": {"type": "number", "exclusiveMinimum": 0, "maximum": 10}}}},
        "n": {"type": "integer", "minimum": 1, "maximum": 1000}, "alpha": {"type": "number", "minimum": 0, "maximum": 1}}}
    }
    """
}
