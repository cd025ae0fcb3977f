import CommandLineKit
import HTTPServer
import ModelBundle
import StrictJSON
import Synchronization

/// The API over a serving bundle: every answer comes from the same `Session` code the
/// one-shot commands run, with the bundle already open, so `GET /popular?n=5` is byte
/// for byte `recommend popular -n 5 --json`.
final class ServeAPI: Sendable {
  let bundle: ServingBundle
  private let server = Mutex<HTTPServer?>(nil)

  init(bundle: ServingBundle) {
    self.bundle = bundle
  }

  /// Connects the metrics of the server that routes to this API.
  func attach(_ server: HTTPServer) {
    self.server.withLock { $0 = server }
  }

  /// The routes whose answers are a pure function of the bundle and the request target,
  /// so `ResponseCache` may keep them.
  static let cachedOperations: Set<String> = [
    "recommendForUser", "similarById", "similarByTitle", "popular", "searchMovies", "movie",
    "info", "chart", "charts",
  ]

  /// The router over `routes`.
  func router() -> Router {
    var router = Router()
    for route in routes {
      if Self.cachedOperations.contains(route.operationID) {
        router.add(route.method, route.path) { [self] request in cached(route, request) }
      } else {
        router.add(route.method, route.path) { request in route.respond(to: request) }
      }
    }
    return router
  }

  /// `route`'s answer from the current bundle's cache, or computed and kept there. An
  /// answer is kept only when no reload happened while it was computed, so a cache only
  /// ever holds its own bundle's answers.
  private func cached(_ route: APIRoute, _ request: HTTPRequest) -> HTTPResponse {
    let snapshot = bundle.snapshot
    if let hit = snapshot.cache.lookup(request.target) { return hit }
    let response = route.respond(to: request)
    if response.status == .ok, bundle.snapshot.cache === snapshot.cache {
      snapshot.cache.store(response, for: request.target)
    }
    return response
  }

  /// Runs a one-shot command's code with `arguments` (plus `--json`) against the current
  /// bundle and returns its stdout as the body.
  func command(
    _ spec: CommandSpec, _ arguments: [String],
    _ body: (Session, inout CommandOutput) throws(RecommendCLI.Failure) -> Void
  ) throws(APIRoute.Failure) -> HTTPResponse {
    let parsed: ParsedArguments
    do throws(CommandLineError) {
      parsed = try spec.parse(["--json"] + arguments)
    } catch {
      throw APIRoute.Failure(status: .badRequest, detail: error.description)
    }
    var session = Session(parsed: parsed, root: bundle.root)
    session.preopened = bundle.recommender
    var output = CommandOutput()
    do throws(RecommendCLI.Failure) {
      try body(session, &output)
    } catch {
      throw Self.failure(error)
    }
    return HTTPResponse(
      status: .ok, headers: [("Content-Type", "application/json")], body: Array(output.stdout.utf8))
  }

  /// A command's failure as an HTTP status: a value that names nothing is a 404, a
  /// value that cannot be used a 400.
  static func failure(_ failure: RecommendCLI.Failure) -> APIRoute.Failure {
    switch failure {
    case .usage(let error):
      return APIRoute.Failure(status: .badRequest, detail: error.description)
    case .query(let error):
      switch error {
      case .unknownMovie(let id, _):
        return APIRoute.Failure(
          status: .notFound,
          detail: "movie \(id) is not in the bundle; search titles with GET /movies?q=WORDS")
      case .unknownUser, .noTitleMatch:
        return APIRoute.Failure(status: .notFound, detail: error.description)
      case .ambiguousTitle, .unknownGenre:
        return APIRoute.Failure(status: .badRequest, detail: error.description)
      case .bundle, .badUsersFile, .cannotRead, .cannotWrite:
        // The server never reads users files or writes batches: an internal failure.
        return APIRoute.Failure(status: .internalError, detail: error.description)
      }
    }
  }

  /// A movie's identity and popularity (the fields `--json` uses for movies, plus the
  /// rating count and mean).
  static func movieObject(_ bundle: BundleReader, _ movie: Int) -> JSON {
    .object(
      Session.movieFields(bundle, movie) + [
        JSON.Member("rating_count", TextFormat.number(Int(bundle.popularity.counts[movie]))),
        JSON.Member("mean_rating", TextFormat.number(bundle.popularity.means[movie])),
      ])
  }

  /// `GET /metrics`: the server's counters plus the bundle and reload numbers.
  func metricsText() -> String {
    var text = server.withLock { $0?.metrics.prometheusText() } ?? ""
    let reloads = bundle.reloadCounts
    text += "# HELP recommend_bundle_info The bundle being served.\n"
    text += "# TYPE recommend_bundle_info gauge\n"
    text +=
      "recommend_bundle_info{version=\"\(ServerMetrics.escape(bundle.recommender.bundle.version))\"} 1\n"
    text += "# HELP recommend_bundle_reloads_total Bundle reloads, by outcome.\n"
    text += "# TYPE recommend_bundle_reloads_total counter\n"
    text += "recommend_bundle_reloads_total{outcome=\"refused\"} \(reloads.refused)\n"
    text += "recommend_bundle_reloads_total{outcome=\"swapped\"} \(reloads.done)\n"
    let cache = bundle.snapshot.cache.counts
    text += "# HELP recommend_response_cache_total Cached answers of the bundle being served, by outcome.\n"
    text += "# TYPE recommend_response_cache_total counter\n"
    text += "recommend_response_cache_total{outcome=\"hit\"} \(cache.hits)\n"
    text += "recommend_response_cache_total{outcome=\"miss\"} \(cache.misses)\n"
    return text
  }
}
