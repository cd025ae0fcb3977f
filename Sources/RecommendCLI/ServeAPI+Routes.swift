import HTTPServer
import ModelBundle
import StrictJSON

extension ServeAPI {
  static let countParameter = APIParameter.query(
    "n", .integer(1...1000), "How many movies to list (default 10).")

  /// Every route the server answers, in the order the docs list them.
  var routes: [APIRoute] {
    let json = "application/json"
    let badRequest = APIRoute.Response(
      status: 400, description: "A parameter is missing or invalid.", schema: "Error",
      mediaType: json)
    let notFound = APIRoute.Response(
      status: 404, description: "No such user, movie or title.", schema: "Error", mediaType: json)
    return [
      APIRoute(
        method: "GET", path: "/recommend/user/{id}", operationID: "recommendForUser",
        tag: "recommend",
        summary: "Top-N movies for a user of the dataset",
        description:
          "The hybrid of matrix factorization and content similarity, as `recommend user ID --json`: score = alpha * svd + (1 - alpha) * content. Movies the user rated are never listed. An unknown user gets the popular list with `known_user: false` and `fallback: \"popular\"`.",
        parameters: [
          .path("id", .integer(Int.min...Int.max), "The user's id in the dataset."),
          Self.countParameter,
          .query(
            "alpha", .number(0...1), "The collaborative weight in [0, 1] (default: the bundle's, chosen on validation)."
          ),
        ],
        requestBody: nil,
        responses: [
          .init(
            status: 200, description: "The user's recommendations.", schema: "UserRecommendations",
            mediaType: json),
          badRequest,
        ],
        handler: { [self] arguments, _ throws(APIRoute.Failure) in
          var options = [arguments.string("id")!]
          if let n = arguments.string("n") { options += ["-n", n] }
          if let alpha = arguments.string("alpha") { options += ["--alpha", alpha] }
          return try command(RecommendCLI.userCommand, options) {
            session, output throws(RecommendCLI.Failure) in
            try session.user(output: &output)
          }
        }),
      APIRoute(
        method: "POST", path: "/recommend", operationID: "recommendForRatings", tag: "recommend",
        summary: "Top-N movies for a new user's ratings (cold start)",
        description:
          "Folds a user who is not in the bundle in from a few ratings, without retraining, as `recommend user --ratings MOVIE:RATING,... --json`. Body: `{\"ratings\": [{\"movie_id\": 1, \"rating\": 5}, ...], \"n\": 10, \"alpha\": 0.5}` (`n` and `alpha` optional).",
        parameters: [], requestBody: "NewUserRatings",
        responses: [
          .init(
            status: 200, description: "Recommendations for the ratings.", schema: "UserRecommendations",
            mediaType: json),
          .init(
            status: 400, description: "The body is not valid JSON of the documented shape.", schema: "Error",
            mediaType: json),
          notFound,
          .init(status: 415, description: "The body is not application/json.", schema: "Error", mediaType: json),
        ],
        handler: { [self] _, request throws(APIRoute.Failure) in
          let body = try ServeAPI.checkRatingsBody(request)
          return try command(RecommendCLI.userCommand, body) { session, output throws(RecommendCLI.Failure) in
            try session.user(output: &output)
          }
        }),
      APIRoute(
        method: "GET", path: "/similar/{movie_id}", operationID: "similarById", tag: "similar",
        summary: "Movies most similar in content to a movie",
        description:
          "The movie's TF-IDF cosine neighbours, as `recommend similar MOVIE_ID --json`.",
        parameters: [
          .path("movie_id", .integer(Int.min...Int.max), "The movie's id in the dataset."),
          Self.countParameter,
        ],
        requestBody: nil,
        responses: [
          .init(
            status: 200, description: "The neighbours.", schema: "SimilarMovies", mediaType: json),
          badRequest, notFound,
        ],
        handler: { [self] arguments, _ throws(APIRoute.Failure) in
          var options = [arguments.string("movie_id")!]
          if let n = arguments.string("n") { options += ["-n", n] }
          return try command(RecommendCLI.similarCommand, options) {
            session, output throws(RecommendCLI.Failure) in
            try session.similar(output: &output)
          }
        }),
      APIRoute(
        method: "GET", path: "/similar", operationID: "similarByTitle", tag: "similar",
        summary: "Movies most similar in content to a movie named by title",
        description:
          "The title words are matched ignoring case, accents and word order (exact title first, then every word, then the most rated), as `recommend similar --title WORDS --json`. Equally good matches give 400 with the candidates.",
        parameters: [
          .query("title", .string, required: true, "Title words, e.g. 'toy story'."),
          Self.countParameter,
        ],
        requestBody: nil,
        responses: [
          .init(
            status: 200, description: "The neighbours of the best match.", schema: "SimilarMovies",
            mediaType: json), badRequest, notFound,
        ],
        handler: { [self] arguments, _ throws(APIRoute.Failure) in
          var options = ["--title"]
          if let n = arguments.string("n") { options += ["-n", n] }
          options += ["--", arguments.string("title")!]
          return try command(RecommendCLI.similarCommand, options) {
            session, output throws(RecommendCLI.Failure) in
            try session.similar(output: &output)
          }
        }),
      APIRoute(
        method: "GET", path: "/popular", operationID: "popular", tag: "popular",
        summary: "The best-rated movies by damped mean rating",
        description: "score = (C * m + sum of ratings) / (C + n), as `recommend popular --json`.",
        parameters: [
          Self.countParameter,
          .query("genre", .string, "Only movies of this genre (any case)."),
          .query(
            "min_ratings", .integer(0...Int.max),
            "Only movies with at least this many ratings (default 1)."),
        ],
        requestBody: nil,
        responses: [
          .init(status: 200, description: "The list.", schema: "PopularMovies", mediaType: json),
          badRequest,
        ],
        handler: { [self] arguments, _ throws(APIRoute.Failure) in
          var options: [String] = []
          if let n = arguments.string("n") { options += ["-n", n] }
          if let genre = arguments.string("genre") { options += ["--genre", genre] }
          if let minimum = arguments.string("min_ratings") {
            options += ["--min-ratings", minimum]
          }
          return try command(RecommendCLI.popularCommand, options) {
            session, output throws(RecommendCLI.Failure) in
            try session.popular(output: &output)
          }
        }),
      APIRoute(
        method: "GET", path: "/movies", operationID: "searchMovies", tag: "movies",
        summary: "Search movie titles",
        description:
          "The title search of `recommend similar --title`: the best match first, then the next-best candidates (at most 5); `match` says whether the best match was found, ambiguous, or none (then `items` are the closest partial matches).",
        parameters: [.query("q", .string, required: true, "Title words.")],
        requestBody: nil,
        responses: [
          .init(status: 200, description: "The matches.", schema: "MovieSearch", mediaType: json),
          badRequest,
        ],
        handler: { [self] arguments, _ throws(APIRoute.Failure) in
          let reader = bundle.recommender.bundle
          let query = arguments.string("q")!
          let kind: String
          let movies: [Int]
          switch TitleSearch.search(query, in: reader.movies, popularity: reader.popularity) {
          case .found(let movie, let others):
            kind = "found"
            movies = [movie] + others
          case .ambiguous(let candidates):
            kind = "ambiguous"
            movies = candidates
          case .none(let suggestions):
            kind = "none"
            movies = suggestions
          }
          return .json(
            .object([
              "bundle_version": .string(reader.version),
              "items": .array(movies.map { ServeAPI.movieObject(reader, $0) }),
              "match": .string(kind), "query": .string(query),
            ]))
        }),
      APIRoute(
        method: "GET", path: "/movies/{id}", operationID: "movie", tag: "movies",
        summary: "One movie: title, year, genres, rating count and mean",
        description: "The movie fields of every answer, plus its training rating count and mean.",
        parameters: [.path("id", .integer(Int.min...Int.max), "The movie's id in the dataset.")],
        requestBody: nil,
        responses: [
          .init(status: 200, description: "The movie.", schema: "Movie", mediaType: json),
          badRequest, notFound,
        ],
        handler: { [self] arguments, _ throws(APIRoute.Failure) in
          let reader = bundle.recommender.bundle
          let id = Int64(arguments.string("id")!)!
          guard let movie = reader.movies.ids.index(of: id) else {
            throw APIRoute.Failure(
              status: .notFound,
              detail: "movie \(id) is not in the bundle; search titles with GET /movies?q=WORDS")
          }
          return .json(ServeAPI.movieObject(reader, movie))
        }),
      APIRoute(
        method: "GET", path: "/info", operationID: "info", tag: "service",
        summary: "The bundle's version, dataset fingerprint, params, metrics and counts",
        description: "As `recommend info --json`.",
        parameters: [], requestBody: nil,
        responses: [
          .init(status: 200, description: "The bundle.", schema: "Info", mediaType: json)
        ],
        handler: { [self] _, _ throws(APIRoute.Failure) in
          try command(RecommendCLI.infoCommand, []) {
            session, output throws(RecommendCLI.Failure) in
            try session.info(output: &output)
          }
        }),
      APIRoute(
        method: "GET", path: "/health", operationID: "health", tag: "service",
        summary: "Liveness: 200 and the bundle version while the server runs",
        description: "Cheap: touches no model data.",
        parameters: [], requestBody: nil,
        responses: [.init(status: 200, description: "Serving.", schema: "Health", mediaType: json)],
        handler: { [self] _, _ throws(APIRoute.Failure) in
          .json(
            .object(["bundle_version": .string(bundle.recommender.bundle.version), "status": "ok"]))
        }),
      APIRoute(
        method: "GET", path: "/metrics", operationID: "metrics", tag: "service",
        summary: "Prometheus metrics",
        description:
          "Text exposition format 0.0.4: `http_requests_total` by route pattern, method and status; the `http_request_duration_seconds` histogram; `recommend_bundle_info{version}`; `recommend_bundle_reloads_total` by outcome.",
        parameters: [], requestBody: nil,
        responses: [
          .init(
            status: 200, description: "The metrics.", schema: nil,
            mediaType: "text/plain; version=0.0.4")
        ],
        handler: { [self] _, _ throws(APIRoute.Failure) in
          HTTPResponse(contentType: "text/plain; version=0.0.4; charset=utf-8", text: metricsText())
        }),
      APIRoute(
        method: "GET", path: "/openapi.json", operationID: "openapi", tag: "service",
        summary: "This API's OpenAPI 3.1 description",
        description: "Generated from the route table the server runs, so every route is in it.",
        parameters: [], requestBody: nil,
        responses: [
          .init(status: 200, description: "The OpenAPI document.", schema: nil, mediaType: json)
        ],
        handler: { [self] _, _ throws(APIRoute.Failure) in .json(openAPIDocument()) }),
      APIRoute(
        method: "GET", path: "/docs", operationID: "docs", tag: "service",
        summary: "The API reference page",
        description: "Self-contained HTML generated from the same description as /openapi.json.",
        parameters: [], requestBody: nil,
        responses: [
          .init(status: 200, description: "The page.", schema: nil, mediaType: "text/html")
        ],
        handler: { [self] _, _ throws(APIRoute.Failure) in
          HTTPResponse(contentType: "text/html; charset=utf-8", text: docsPage())
        }),
      chartListRoute,
      chartRoute,
      APIRoute(
        method: "GET", path: "/", operationID: "dashboard", tag: "service",
        summary: "The dashboard",
        description:
          "Tabs for a user's recommendations, similar movies and popular movies; each view has its own URL: `/?user=42&n=10&alpha=0.5`, `/?similar=1` (a movie id) or `/?similar&title=toy+story`, `/?popular&genre=Comedy&min_ratings=5`, `/?data`, `/?model`. Query parameters are read by the page's script; the server ignores them.",
        parameters: [
          .query("user", .any, "Open the recommendations tab for this user id."),
          .query("similar", .any, "Open the similar tab (a movie id, or empty with title)."),
          .query("title", .any, "Title words for the similar tab."),
          .query("popular", .any, "Open the popular tab."),
          .query("data", .any, "Open the data exploration tab (charts of the bundle's data)."),
          .query("model", .any, "Open the model tab (metrics table and charts)."),
          .query("genre", .any, "Genre filter of the popular tab."),
          .query("min_ratings", .any, "Minimum rating count of the popular tab."),
          .query("n", .any, "How many movies to list."),
          .query("alpha", .any, "The collaborative weight of the recommendations tab (default: the bundle's)."),
        ],
        requestBody: nil,
        responses: [
          .init(status: 200, description: "The page.", schema: nil, mediaType: "text/html")
        ],
        handler: { _, _ throws(APIRoute.Failure) in
          HTTPResponse(contentType: "text/html; charset=utf-8", text: DashboardPage.html)
        }),
    ]
  }

  /// Checks a `POST /recommend` body, `{"ratings": [{"movie_id": 1, "rating": 5}, ...],
  /// "n": 10, "alpha": 0.5}`, and turns it into `recommend user` arguments (whose own
  /// checks then apply: rating range, each movie once, known movies).
  static func checkRatingsBody(_ request: HTTPRequest) throws(APIRoute.Failure) -> [String] {
    let type = (request.header("content-type") ?? "").lowercased()
    guard type.hasPrefix("application/json") else {
      throw APIRoute.Failure(status: .unsupportedMediaType, detail: "send the ratings as application/json")
    }
    let body: JSON
    do throws(JSONError) {
      body = try JSONParser.parse(request.body, file: "request body")
    } catch {
      throw APIRoute.Failure(status: .badRequest, detail: "\(error)")
    }
    guard let members = body.members else {
      throw APIRoute.Failure(status: .badRequest, detail: "the body must be a JSON object with a 'ratings' list")
    }
    for member in members where !["ratings", "n", "alpha"].contains(member.key) {
      throw APIRoute.Failure(status: .badRequest, detail: "unknown field '\(member.key)'; known: alpha, n, ratings")
    }
    guard let ratings = body["ratings"]?.arrayValue, !ratings.isEmpty else {
      throw APIRoute.Failure(
        status: .badRequest, detail: "'ratings' must be a non-empty list of {\"movie_id\", \"rating\"}")
    }
    var pairs: [String] = []
    for (index, rating) in ratings.enumerated() {
      guard let movie = rating["movie_id"]?.intValue, let value = rating["rating"]?.doubleValue, value > 0,
        value <= 10
      else {
        throw APIRoute.Failure(
          status: .badRequest, detail: "ratings[\(index)] must be {\"movie_id\": integer, \"rating\": number in (0, 10]}")
      }
      pairs.append("\(movie):\(JSON.formatNumber(value))")
    }
    var arguments = ["--ratings", pairs.joined(separator: ",")]
    if let n = body["n"] {
      guard let count = n.intValue, (1...1000).contains(count) else {
        throw APIRoute.Failure(status: .badRequest, detail: "'n' must be an integer in 1...1000")
      }
      arguments += ["-n", String(count)]
    }
    if let alpha = body["alpha"] {
      guard let value = alpha.doubleValue, (0...1).contains(value) else {
        throw APIRoute.Failure(status: .badRequest, detail: "'alpha' must be a number in 0...1")
      }
      arguments += ["--alpha", JSON.formatNumber(value)]
    }
    return arguments
  }
}
