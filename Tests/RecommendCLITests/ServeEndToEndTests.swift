import Foundation
import ModelBundle
import StrictJSON
import TestSupport
import Testing
import TinyBundleFixture

/// `recommend serve` as a user runs it: the built binary on a free port, real sockets.
@Suite struct ServeEndToEndTests {
  static func json(_ response: TestClient.Response) throws -> JSON {
    try JSONParser.parse(response.body, file: "body")
  }

  @Test func answersEqualTheOneShotCommands() throws {
    let server = try ServeProcess()
    let client = try server.client()
    let cases: [(String, String)] = [
      ("/recommend/user/10", server.cli("user", "10")),
      ("/recommend/user/20?n=2&alpha=0.25", server.cli("user", "20", "-n", "2", "--alpha", "0.25")),
      ("/recommend/user/999", server.cli("user", "999")),
      ("/similar/1", server.cli("similar", "1")),
      ("/similar/13?n=1", server.cli("similar", "13", "-n", "1")),
      ("/similar?title=toy+story", server.cli("similar", "--title", "toy", "story")),
      ("/similar?title=AMELIE&n=1", server.cli("similar", "--title", "AMELIE", "-n", "1")),
      ("/popular", server.cli("popular")),
      (
        "/popular?n=2&genre=comedy&min_ratings=1",
        server.cli("popular", "-n", "2", "--genre", "comedy")
      ),
      ("/popular?min_ratings=2", server.cli("popular", "--min-ratings", "2")),
      ("/info", server.cli("info")),
    ]
    for (path, expected) in cases {
      let response = try client.get(path)
      #expect(response.status == 200, "\(path)")
      #expect(response.header("content-type") == "application/json")
      #expect(!expected.isEmpty)
      #expect(response.text == expected, "\(path)")
    }
    let fallback = try Self.json(try client.get("/recommend/user/999"))
    #expect(fallback["known_user"] == .bool(false))
    #expect(fallback["fallback"]?.stringValue == "popular")
    #expect(server.stop() == 0)
  }

  @Test func movieLookupsHealthAndMetrics() throws {
    let server = try ServeProcess()
    let client = try server.client()
    let movie = try Self.json(try client.get("/movies/5"))
    #expect(movie["title"]?.stringValue == "Amélie")
    #expect(movie["year"]?.intValue == 2001)
    #expect(movie["rating_count"]?.intValue == 1)
    #expect(movie["mean_rating"]?.doubleValue == 5)
    let search = try Self.json(try client.get("/movies?q=toy+story"))
    #expect(search["match"]?.stringValue == "found")
    #expect(search["items"]?.arrayValue?.compactMap { $0["movie_id"]?.intValue } == [1, 13])
    let none = try Self.json(try client.get("/movies?q=zzzz"))
    #expect(none["match"]?.stringValue == "none")
    let health = try Self.json(try client.get("/health"))
    #expect(health["status"]?.stringValue == "ok")
    let version = try #require(health["bundle_version"]?.stringValue)
    #expect(version.count == 12)
    let metrics = try client.get("/metrics")
    #expect(metrics.header("content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
    #expect(
      metrics.text.contains(
        "http_requests_total{route=\"/movies/{id}\",method=\"GET\",status=\"200\"} 1\n"))
    #expect(
      metrics.text.contains(
        "http_requests_total{route=\"/movies\",method=\"GET\",status=\"200\"} 2\n"))
    #expect(metrics.text.contains("recommend_bundle_info{version=\"\(version)\"} 1\n"))
    #expect(metrics.text.contains("http_request_duration_seconds_bucket{le=\"+Inf\"} 4\n"))
    // One access-log line per request.
    #expect(server.waitForLog("\"GET /metrics HTTP/1.1\" 200"))
    #expect(server.stderr.contains("\"GET /movies/5 HTTP/1.1\" 200"))
    #expect(server.stop() == 0)
  }

  @Test func errorStatusesAreJSON() throws {
    let server = try ServeProcess(["--read-timeout", "1"])
    let client = try server.client()
    let cases: [(String, Int, String)] = [
      ("/recommend/user/abc", 400, "user_id"),
      ("/recommend/user/10?n=0", 400, "'n'"),
      ("/recommend/user/10?alpha=2", 400, "'alpha'"),
      ("/recommend/user/10?bogus=1", 400, "unknown query parameter 'bogus'"),
      ("/similar/999", 404, "movie 999 is not in the bundle"),
      ("/similar", 400, "'title' is required"),
      ("/similar?title=zzzz", 404, "no movie title contains"),
      ("/popular?genre=Western", 400, "unknown genre 'Western'"),
      ("/movies/999", 404, "movie 999"),
      ("/movies", 400, "'q' is required"),
      ("/nowhere", 404, "no route for /nowhere"),
    ]
    for (path, status, detail) in cases {
      let response = try client.get(path)
      #expect(response.status == status, "\(path)")
      let body = try Self.json(response)
      #expect(body["error"]?.stringValue?.isEmpty == false)
      if detail != "user_id" {
        #expect(body["detail"]?.stringValue?.contains(detail) == true, "\(path): \(response.text)")
      }
    }
    let delete = try client.get("/popular", method: "DELETE")
    #expect(delete.status == 405)
    #expect(delete.header("allow") == "GET, HEAD, OPTIONS")
    let head = try client.get("/health", method: "HEAD")
    #expect(head.status == 200)
    #expect(head.body.isEmpty)
    #expect(Int(head.header("content-length") ?? "") ?? 0 > 0)
    let options = try client.get("/recommend", method: "OPTIONS")
    #expect(options.status == 204)
    #expect(options.header("allow") == "OPTIONS, POST")
    #expect(options.header("access-control-allow-origin") == nil)

    // POST /recommend: cold start, the bytes of `recommend user --ratings ... --json`.
    func post(_ body: String, type: String = "application/json") throws -> TestClient.Response {
      client.send(
        "POST /recommend HTTP/1.1\r\nHost: t\r\nContent-Type: \(type)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
      )
      return try client.read()
    }
    let cold = try post(#"{"ratings": [{"movie_id": 1, "rating": 5}, {"movie_id": 3, "rating": 2}], "n": 3}"#)
    #expect(cold.status == 200)
    #expect(cold.text == server.cli("user", "--ratings", "1:5,3:2", "-n", "3"))
    #expect(try post(#"{"ratings": [{"movie_id": 1, "rating": 5}"#).status == 400)
    #expect(try post(#"{"ratings": []}"#).status == 400)
    #expect(try post(#"{"ratings": [{"movie_id": 1, "rating": 11}]}"#).status == 400)
    #expect(try post(#"{"ratings": [{"movie_id": 1, "rating": 5}], "n": 0}"#).status == 400)
    #expect(try post(#"{"ratings": [], "x": 1}"#).status == 400)
    #expect(try post("movie=1", type: "application/x-www-form-urlencoded").status == 415)

    // Limits: body, request line, headers, slow client.
    let big = try server.client()
    big.send(
      "POST /recommend HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n"
    )
    #expect(try big.read().status == 413)
    let long = try server.client()
    long.send(
      "GET /movies?q=" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\nHost: t\r\n\r\n")
    #expect(try long.read().status == 414)
    let headers = try server.client()
    headers.send(
      "GET /health HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 17_000))\r\n\r\n")
    #expect(try headers.read().status == 431)
    let malformed = try server.client()
    malformed.send("GET /health HTTP/1.1 extra\r\n\r\n")
    #expect(try malformed.read().status == 400)
    let slow = try server.client()
    slow.send("GET /health HTTP/1.1\r\n")
    for _ in 0..<10 { #expect(try client.get("/health").status == 200) }
    let timedOut = try slow.read()
    #expect(timedOut.status == 408)
    #expect(try Self.json(timedOut)["error"]?.stringValue == "request_timeout")
    #expect(server.stop() == 0)
  }

  @Test func connectionLimitAndCORS() throws {
    let server = try ServeProcess(["--max-connections", "2", "--cors-origin", "*"])
    let first = try server.client()
    let second = try server.client()
    #expect(try first.get("/health").status == 200)
    let preflight = try second.get(
      "/recommend", method: "OPTIONS",
      headers: "Origin: http://app.test\r\nAccess-Control-Request-Method: POST\r\n")
    #expect(preflight.status == 204)
    #expect(preflight.header("access-control-allow-origin") == "*")
    #expect(preflight.header("access-control-allow-methods") == "OPTIONS, POST")
    let third = try server.client()
    let refused = try third.read()
    #expect(refused.status == 503)
    #expect(try Self.json(refused)["error"]?.stringValue == "service_unavailable")
    let simple = try first.get("/popular?n=1", headers: "Origin: http://app.test\r\n")
    #expect(simple.header("access-control-allow-origin") == "*")
    #expect(server.stop() == 0)
  }

  @Test func openAPIListsEveryRouteTheServerAnswers() throws {
    let server = try ServeProcess()
    let client = try server.client()
    let document = try Self.json(try client.get("/openapi.json"))
    #expect(document["openapi"]?.stringValue == "3.1.0")
    let paths = try #require(document["paths"]?.members)
    let served = [
      "/", "/charts", "/charts/{name}", "/docs", "/health", "/info", "/metrics", "/movies", "/movies/{id}",
      "/openapi.json",
      "/popular", "/recommend", "/recommend/user/{id}", "/similar", "/similar/{movie_id}",
    ]
    #expect(paths.map(\.key).sorted() == served)
    let docs = try client.get("/docs")
    #expect(docs.header("content-type") == "text/html; charset=utf-8")
    for path in paths {
      for operation in path.value.members ?? [] {
        // Every described route answers (not 404/405) on a concrete path.
        let concrete = path.key.replacingOccurrences(of: "/movies/{id}", with: "/movies/1")
          .replacingOccurrences(of: "{id}", with: "10").replacingOccurrences(
            of: "{name}", with: "ratings.svg"
          )
          .replacingOccurrences(of: "{movie_id}", with: "1")
        let response =
          operation.key == "post"
          ? try client.get(concrete, method: "POST", headers: "Content-Length: 0\r\n")
          : try client.get(concrete)
        #expect(response.status != 404 && response.status != 405, "\(operation.key) \(concrete)")
        // Every $ref resolves.
        for reference in Self.references(in: operation.value) {
          let name = String(reference.dropFirst("#/components/schemas/".count))
          #expect(document["components"]?["schemas"]?[name] != nil, "\(reference)")
        }
        #expect(docs.text.contains("<code>\(path.key)</code>"))
      }
    }
    let dashboard = try client.get("/")
    #expect(dashboard.status == 200)
    #expect(dashboard.text.contains("<script>"))
    #expect(!dashboard.text.contains("http://") && !dashboard.text.contains("https://"))
    #expect(server.stop() == 0)
  }

  @Test func chartsAreServerRenderedSVG() throws {
    let root = TinyBundle.temporaryDirectory()
    var contents = TinyBundle.contents()
    contents.metrics = .object([
      "ranking": .object([
        "hybrid": .object(["ndcg": 0.2, "precision": 0.1, "recall": 0.05]),
        "popularity": .object(["ndcg": 0.15, "precision": 0.08, "recall": 0.04]),
      ]),
      "rating": .object(["mf": .object(["mae": 0.7, "rmse": 0.9])]),
    ])
    contents.plots = Self.plots
    try BundleWriter.write(contents, toDirectory: "\(root)/artifacts/bundle")
    let server = try ServeProcess(root: root)
    let client = try server.client()
    let names = [
      "ratings", "long-tail", "genres", "ranking", "rating-error", "training-curve", "alpha-sweep",
    ]
    let listed = try Self.json(try client.get("/charts"))["charts"]?.arrayValue ?? []
    #expect(listed.compactMap { $0["name"]?.stringValue } == names)
    for name in names {
      let response = try client.get("/charts/\(name).svg")
      #expect(response.status == 200, "\(name)")
      #expect(response.header("content-type") == "image/svg+xml; charset=utf-8")
      #expect(response.text.contains("<svg"), "\(name)")
      #expect(response.text.contains("</svg>"), "\(name)")
    }
    #expect(try client.get("/charts/genres.svg").text.contains("Comedy"))
    #expect(try client.get("/charts/ranking.svg").text.contains("popularity"))
    let curve = try client.get("/charts/training-curve.svg").text
    #expect(curve.contains("train RMSE") && curve.contains("test RMSE"))
    #expect(curve.contains("0.91"))  // the second epoch's train RMSE, in a hover title
    let sweep = try client.get("/charts/alpha-sweep.svg").text
    #expect(sweep.contains("NDCG (validation)") && sweep.contains("NDCG (test)"))
    #expect(sweep.contains("serves alpha 0.50"))
    let missing = try client.get("/charts/nope.svg")
    #expect(missing.status == 404)
    #expect(try Self.json(missing)["detail"]?.stringValue?.contains("ratings.svg") == true)
    #expect(server.stop() == 0)
    TinyBundle.removeDirectory(root)

    // The tiny bundle has no ranking metrics and no plots: those charts are 404s, and
    // the list leaves them out.
    let plain = try ServeProcess()
    for name in ["ranking", "training-curve", "alpha-sweep"] {
      #expect(try plain.client().get("/charts/\(name).svg").status == 404)
    }
    let plainList = try Self.json(try plain.client().get("/charts"))["charts"]?.arrayValue ?? []
    #expect(plainList.compactMap { $0["name"]?.stringValue } == ["ratings", "long-tail", "genres"])
    #expect(plain.stop() == 0)
  }

  /// Plot data as `recsys package` stores it: train's curve and evaluate's sweeps.
  static let plots: JSON = .object([
    "training_curve": .array([
      .object(["epoch": 1, "learning_rate": 0.01, "test_rmse": 1.02, "train_rmse": 0.97]),
      .object(["epoch": 2, "learning_rate": 0.01, "test_rmse": 0.95, "train_rmse": 0.91]),
      .object(["epoch": 3, "learning_rate": 0.01, "test_rmse": 0.94, "train_rmse": 0.88]),
    ]),
    "hybrid_sweep": .array([
      .object(["alpha": 0, "ndcg": 0.05]), .object(["alpha": 0.5, "ndcg": 0.12]),
      .object(["alpha": 1, "ndcg": 0.1]),
    ]),
    "validation_sweep": .array([
      .object(["alpha": 0, "ndcg": 0.06]), .object(["alpha": 0.5, "ndcg": 0.13]),
      .object(["alpha": 1, "ndcg": 0.11]),
    ]),
  ])

  static func references(in value: JSON) -> [String] {
    switch value {
    case .object(let members):
      return members.flatMap { member in
        member.key == "$ref" ? [member.value.stringValue ?? ""] : references(in: member.value)
      }
    case .array(let items): return items.flatMap(references(in:))
    default: return []
    }
  }

  @Test func sighupSwapsBundlesUnderLoadWithoutAFailedRequest() throws {
    let server = try ServeProcess()
    let client = try server.client()
    let oldVersion = try #require(
      try Self.json(try client.get("/health"))["bundle_version"]?.stringValue)
    // A request loop on two keep-alive connections while bundles are swapped.
    let failures = Counter()
    let versions = Counter()
    let stop = Counter()
    let port = server.port
    let loops = (0..<2).map { _ in
      let done = DispatchSemaphore(value: 0)
      Thread.detachNewThread {
        defer { done.signal() }
        guard let loop = try? TestClient(port: port) else { return failures.add() }
        while stop.value == 0 {
          guard let response = try? loop.get("/recommend/user/10"), response.status == 200,
            let body = try? JSONParser.parse(response.body, file: "body"),
            let version = body["bundle_version"]?.stringValue
          else { return failures.add() }
          versions.note(version)
        }
      }
      return done
    }
    #expect(versions.waitFor(oldVersion))
    // A new bundle in the folder (manifest.json now points at it), then SIGHUP.
    var contents = TinyBundle.contents()
    contents.params = .object(["hybrid": .object(["alpha": .number(0.9)])])
    let written = try BundleWriter.write(contents, toDirectory: server.bundleDirectory)
    server.signal(SIGHUP)
    #expect(server.waitForLog("reload: serving bundle \(written.version)"))
    #expect(versions.waitFor(written.version))
    // A bad bundle is refused and the new one keeps serving.
    try "{\"file\": \"broken.mlb\"}".write(
      toFile: "\(server.bundleDirectory)/manifest.json", atomically: true, encoding: .utf8)
    try Data(repeating: 7, count: 4096).write(
      to: URL(fileURLWithPath: "\(server.bundleDirectory)/broken.mlb"))
    server.signal(SIGHUP)
    #expect(server.waitForLog("reload refused"))
    #expect(server.stderr.contains("still serving bundle \(written.version)"))
    // Back to the first bundle, several swaps in a row.
    let first = try BundleWriter.write(TinyBundle.contents(), toDirectory: server.bundleDirectory)
    #expect(first.version == oldVersion)
    for _ in 0..<3 { server.signal(SIGHUP) }
    #expect(server.waitForLog("reload: serving bundle \(oldVersion) (was \(written.version))"))
    usleep(200_000)
    stop.add()
    for loop in loops { loop.wait() }
    #expect(failures.value == 0)
    #expect(versions.seen.contains(written.version))
    #expect(versions.seen.contains(oldVersion))
    let metrics = try client.get("/metrics").text
    #expect(metrics.contains("recommend_bundle_reloads_total{outcome=\"refused\"} 1\n"))
    #expect(server.stop() == 0)
  }

  /// The response cache answers with the bytes the handler computes (a server without
  /// one is the reference), counts what it did, and a reload starts it empty.
  @Test func cachedAnswersAreTheComputedBytesAndAReloadDropsThem() throws {
    let cached = try ServeProcess()
    let uncached = try ServeProcess(["--cache-mb", "0"])
    let a = try cached.client()
    let b = try uncached.client()
    let paths = [
      "/recommend/user/10", "/recommend/user/20?n=2&alpha=0.25", "/recommend/user/999",
      "/similar/1", "/similar?title=toy+story", "/popular?n=2", "/movies?q=toy", "/movies/13",
      "/charts/ratings.svg", "/info",
    ]
    for _ in 0..<2 {
      for path in paths {
        let x = try a.get(path)
        let y = try b.get(path)
        #expect(x.status == 200, "\(path)")
        #expect(x.body == y.body, "\(path)")
        #expect(x.header("content-type") == y.header("content-type"), "\(path)")
      }
    }
    // Errors are never kept: asked twice, computed twice (two more misses, no hit).
    for _ in 0..<2 { #expect(try a.get("/recommend/user/10?n=0").status == 400) }
    let counted = try a.get("/metrics").text
    #expect(counted.contains("recommend_response_cache_total{outcome=\"hit\"} \(paths.count)\n"))
    #expect(
      counted.contains("recommend_response_cache_total{outcome=\"miss\"} \(paths.count + 2)\n"))
    #expect(try b.get("/metrics").text.contains("recommend_response_cache_total{outcome=\"hit\"} 0\n"))

    var contents = TinyBundle.contents()
    contents.scoring.alpha = 1
    let written = try BundleWriter.write(contents, toDirectory: cached.bundleDirectory)
    cached.signal(SIGHUP)
    #expect(cached.waitForLog("reload: serving bundle \(written.version)"))
    let fresh = try a.get("/recommend/user/10")
    #expect(fresh.text == cached.cli("user", "10"))
    #expect(try Self.json(fresh)["bundle_version"]?.stringValue == written.version)
    #expect(try Self.json(fresh)["alpha"] == .number(1))
    let metrics = try a.get("/metrics").text
    #expect(metrics.contains("recommend_response_cache_total{outcome=\"hit\"} 0\n"))
    #expect(metrics.contains("recommend_response_cache_total{outcome=\"miss\"} 1\n"))
    #expect(cached.stop() == 0)
    #expect(uncached.stop() == 0)
  }

  @Test func watchReloadsWhenTheBundleChanges() throws {
    let server = try ServeProcess(["--watch"])
    var contents = TinyBundle.contents()
    contents.params = .object(["hybrid": .object(["alpha": .number(0.1)])])
    let written = try BundleWriter.write(contents, toDirectory: server.bundleDirectory)
    #expect(server.waitForLog("reload: serving bundle \(written.version)"))
    let health = try Self.json(try server.client().get("/health"))
    #expect(health["bundle_version"]?.stringValue == written.version)
    #expect(server.stop() == 0)
  }

  /// Out of file descriptors, `accept` fails and the connections left in the backlog
  /// raise no new event on the edge-triggered listener; once a client leaves, the server
  /// must take them without waiting for yet another connection to arrive.
  @Test func outOfDescriptorsItAcceptsAgainOnceSomeAreFree() throws {
    let server = try ServeProcess(["--max-connections", "1000", "--quiet"], descriptorLimit: 48)
    var answered: [TestClient] = []
    var stuck: TestClient?
    while stuck == nil, answered.count < 100 {
      let client = try TestClient(port: server.port, timeout: 2)  // time for a slow answer on a loaded machine
      if (try? client.get("/health"))?.status == 200 {
        answered.append(client)
      } else {
        stuck = client
      }
    }
    #expect(answered.count < 100, "48 descriptors never ran out")
    #expect(answered.count > 4, "the server ran out of descriptors at once")
    guard let stuck, answered.count > 4 else { return }
    answered.removeLast(4)  // closed: the server reads their ends and frees 4 descriptors
    var limit = timeval(tv_sec: 20, tv_usec: 0)
    setsockopt(stuck.fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    // The request sent while it waited in the backlog is answered, with no new arrival.
    #expect((try? stuck.read())?.status == 200)
    #expect(try answered[0].get("/health").status == 200)
    #expect(server.stop() == 0)
  }

  @Test func sigtermFinishesTheRequestInFlightAndExitsZero() throws {
    let server = try ServeProcess()
    let idle = try server.client()
    #expect(try idle.get("/health").status == 200)
    let inFlight = try server.client()
    // A first answer proves the connection was accepted; then half a request is in
    // the server's socket (loopback: delivered when send returns) when SIGTERM comes.
    #expect(try inFlight.get("/health").status == 200)
    inFlight.send("GET /recommend/user/10 HTTP/1.1\r\nHost: t\r\n")
    server.signal(SIGTERM)
    #expect(server.waitForLog("draining"))
    inFlight.send("\r\n")
    let answer = try inFlight.read()
    #expect(answer.status == 200)
    #expect(answer.header("connection") == "close")
    #expect(answer.text == server.cli("user", "10"))
    #expect(idle.isClosedByServer())
    server.process.waitUntilExit()
    #expect(server.process.terminationStatus == 0)
    #expect(server.waitForLog("stopped after"))
  }

  @Test func startupErrors() throws {
    let root = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(root) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ServeProcess.binary)
    process.arguments = ["serve", "--bundle", "\(root)/missing.mlb", "--port", "0"]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 2)
    #expect(text.contains("no such bundle file"))
    let usage = Process()
    usage.executableURL = URL(fileURLWithPath: ServeProcess.binary)
    usage.arguments = ["serve", "--port", "99999"]
    usage.standardError = FileHandle.nullDevice
    try usage.run()
    usage.waitUntilExit()
    #expect(usage.terminationStatus == 64)
  }
}

/// A thread-safe counter and set of seen strings for the request loops.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  private var strings: [String] = []

  func add() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
  func note(_ text: String) {
    lock.withLock { if !strings.contains(text) { strings.append(text) } }
  }
  var seen: [String] { lock.withLock { strings } }

  /// Waits (a minute at most, a hang guard) until `text` has been noted.
  func waitFor(_ text: String) -> Bool {
    for _ in 0..<600 {
      if seen.contains(text) { return true }
      usleep(100_000)
    }
    return false
  }
}
