import Foundation
import HTTPServer
import StrictJSON
import Synchronization
import TestSupport
import Testing

/// The server over real loopback sockets, one server per test.
@Suite struct HTTPServerTests {
  @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    let client = try TestClient(port: harness.port)
    for index in 0..<5 {
      let response = try client.get("/items/\(index)?q=a%20b+c")
      #expect(response.status == 200)
      let json = try JSONParser.parse(response.body, file: "body")
      #expect(json["id"]?.stringValue == String(index))
      #expect(json["q"]?.stringValue == "a b c")
      #expect(response.header("connection") == nil)
    }
    // Two requests in one write (pipelining) are answered in order.
    client.send("GET /items/x HTTP/1.1\r\nHost: t\r\n\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
    #expect(try JSONParser.parse(client.read().body, file: "b")["id"]?.stringValue == "x")
    #expect(try client.read().text == "hello\n")
    // Connection: close is honoured.
    let last = try client.get("/hello", headers: "Connection: close\r\n")
    #expect(last.header("connection") == "close")
    #expect(client.isClosedByServer())
  }

  /// No connection belongs to a worker: while one worker is stuck in a handler, a
  /// keep-alive connection it served before is served by the other one (when a
  /// connection stayed with its worker, it waited out the stuck one: the load test's
  /// tail latency).
  @Test func aKeepAliveConnectionMovesToAFreeWorker() throws {
    let decided = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let held = Mutex(false)
    let harness = try ServerHarness(routes: { router in
      router.add("GET", "/thread") { _ in
        HTTPResponse(contentType: "text/plain", text: String(describing: pthread_self()))
      }
      // Holds its worker until released, if that is the worker named by `on`.
      router.add("GET", "/hold") { request in
        let here = request.queryValue("on") == String(describing: pthread_self())
        held.withLock { $0 = here }
        decided.signal()
        if here { release.wait() }
        return HTTPResponse(contentType: "text/plain", text: here ? "held\n" : "elsewhere\n")
      }
    })
    defer { harness.stop() }
    defer { release.signal() }
    let client = try TestClient(port: harness.port, timeout: 5)
    let first = try client.get("/thread").text
    // A new connection lands on either worker: try until one lands on the first.
    var holder: TestClient?
    for _ in 0..<200 where holder == nil {
      let candidate = try TestClient(port: harness.port)
      candidate.send("GET /hold?on=\(first) HTTP/1.1\r\nHost: t\r\n\r\n")
      decided.wait()
      if held.withLock({ $0 }) { holder = candidate } else { _ = try candidate.read() }
    }
    let holding = try #require(holder)
    let second = try client.get("/thread").text
    #expect(second != first)
    release.signal()
    #expect(try holding.read().text == "held\n")
    // Both workers serve the connection from now on, whichever is free.
    #expect(try client.get("/hello").status == 200)
  }

  /// One worker serves many connections, each with pipelined requests in flight at once,
  /// every answer on its own connection in order.
  @Test func manyConnectionsShareOneWorker() throws {
    let harness = try ServerHarness(configure: { $0.threads = 1 })
    defer { harness.stop() }
    let clients = try (0..<40).map { _ in try TestClient(port: harness.port) }
    for round in 0..<3 {
      for (index, client) in clients.enumerated() {
        client.send(
          "GET /items/\(index)-\(round) HTTP/1.1\r\nHost: t\r\n\r\nGET /items/\(index)+\(round) HTTP/1.1\r\nHost: t\r\n\r\n"
        )
      }
      for (index, client) in clients.enumerated().reversed() {
        for separator in ["-", "+"] {
          let json = try JSONParser.parse(client.read().body, file: "body")
          #expect(json["id"]?.stringValue == "\(index)\(separator)\(round)")
        }
      }
    }
  }

  /// Clients on several threads, keep-alive and one-shot (so slots and descriptors are
  /// reused while events are in flight), each get their own answers.
  @Test func concurrentClientsGetTheirOwnAnswers() throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    let wrong = Mutex<[String]>([])
    let port = harness.port
    DispatchQueue.concurrentPerform(iterations: 4) { thread in
      do {
        let clients = try (0..<4).map { _ in try TestClient(port: port) }
        for round in 0..<25 {
          for (index, client) in clients.enumerated() {
            let id = "\(thread).\(index).\(round)"
            let json = try JSONParser.parse(client.get("/items/\(id)").body, file: "body")
            if json["id"]?.stringValue != id { wrong.withLock { $0.append(id) } }
          }
          let once = try TestClient(port: port)
          let answer = try once.get("/items/\(thread)x\(round)", headers: "Connection: close\r\n")
          let json = try JSONParser.parse(answer.body, file: "body")
          if json["id"]?.stringValue != "\(thread)x\(round)" || !once.isClosedByServer() {
            wrong.withLock { $0.append("\(thread)x\(round)") }
          }
        }
      } catch {
        wrong.withLock { $0.append("thread \(thread): \(error)") }
      }
    }
    #expect(wrong.withLock { $0 } == [])
  }

  /// A client that does not read its (large) answer costs a buffer, not the worker: the
  /// only worker serves others meanwhile, and the answer arrives whole once read.
  @Test func aClientThatDoesNotReadHoldsNoWorker() throws {
    let size = 16 << 20
    let harness = try ServerHarness(
      configure: { $0.threads = 1 },
      routes: { router in
        router.add("GET", "/big") { _ in
          HTTPResponse(headers: [("Content-Type", "text/plain")], body: [UInt8](repeating: 120, count: size))
        }
      })
    defer { harness.stop() }
    let reader = try TestClient(port: harness.port)
    reader.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
    let other = try TestClient(port: harness.port, timeout: 5)
    for _ in 0..<20 { #expect(try other.get("/hello").status == 200) }
    let big = try reader.read()
    #expect(big.status == 200)
    #expect(big.body.count == size)
    #expect(try reader.get("/hello").text == "hello\n")
  }

  /// A client that sends its requests and half-closes (`printf ... | nc`) gets every
  /// answer before the close, even when the request and the end arrive in one read.
  @Test func aHalfClosedClientGetsItsAnswersThenTheClose() throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    for pipelined in [1, 3] {
      for _ in 0..<50 {
        let client = try TestClient(port: harness.port)
        client.send(String(repeating: "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n", count: pipelined))
        shutdown(client.fd, Int32(SHUT_WR))
        for _ in 0..<pipelined { #expect(try client.read().text == "hello\n") }
        #expect(client.isClosedByServer())
      }
    }
  }

  /// Answers too big for the socket to take at once, pipelined, then a half-close:
  /// every one is sent in order (not only the first), then the connection is closed.
  @Test func aHalfClosedClientGetsEveryLargeAnswer() throws {
    // Bigger than a loopback socket's send buffer (at most 4 MiB by default).
    let body = String(repeating: "0123456789abcdef", count: 512 * 1024)  // 8 MiB
    let harness = try ServerHarness(routes: { router in
      router.add("GET", "/big/{n}") { request in
        HTTPResponse(contentType: "text/plain", text: (request.pathParameter("n") ?? "") + body)
      }
    })
    defer { harness.stop() }
    for _ in 0..<3 {
      let client = try TestClient(port: harness.port)
      client.send((1...4).map { "GET /big/\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
      shutdown(client.fd, Int32(SHUT_WR))
      usleep(100_000)  // the end arrives while the first answer is still being written
      for n in 1...4 {
        let answer = try client.read()
        #expect(answer.status == 200)
        #expect(answer.body.count == body.utf8.count + 1 && answer.body.first == UInt8(ascii: "0") + UInt8(n))
      }
      #expect(client.isClosedByServer())
    }
  }

  @Test func idleConnectionsAreClosedAfterTheIdleTimeout() throws {
    let harness = try ServerHarness(configure: { $0.idleTimeout = 0.2 })
    defer { harness.stop() }
    let idle = try TestClient(port: harness.port)
    #expect(try idle.get("/hello").status == 200)
    #expect(idle.isClosedByServer())
    #expect(try TestClient(port: harness.port).get("/hello").status == 200)
  }

  @Test func headHasTheGetHeadersAndNoBody() throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    let client = try TestClient(port: harness.port)
    let head = try client.get("/hello", method: "HEAD")
    #expect(head.status == 200)
    #expect(head.header("content-length") == "6")
    #expect(head.body.isEmpty)
    // The next response parses, so no body bytes were sent after the HEAD headers.
    #expect(try client.get("/hello").text == "hello\n")
  }

  @Test func optionsAndMethodNotAllowed() throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    let client = try TestClient(port: harness.port)
    let options = try client.get("/hello", method: "OPTIONS")
    #expect(options.status == 204)
    #expect(options.header("allow") == "GET, HEAD, OPTIONS")
    #expect(options.header("access-control-allow-origin") == nil)
    let preflight = try client.get(
      "/echo", method: "OPTIONS",
      headers: "Origin: http://example.test\r\nAccess-Control-Request-Method: POST\r\n")
    #expect(preflight.status == 204)
    #expect(preflight.header("access-control-allow-origin") == nil)
    #expect(preflight.header("access-control-allow-methods") == nil)
    let post = try client.get("/hello", method: "POST", headers: "Content-Length: 0\r\n")
    #expect(post.status == 405)
    #expect(post.header("allow") == "GET, HEAD, OPTIONS")
    #expect(ServerHarness.errorName(post) == "method_not_allowed")
    let missing = try client.get("/nowhere", headers: "Origin: http://example.test\r\n")
    #expect(missing.status == 404)
    #expect(missing.header("access-control-allow-origin") == nil)
    #expect(ServerHarness.errorName(missing) == "not_found")
    #expect(try client.get("*", method: "OPTIONS").status == 204)
  }

  @Test func corsHeadersOnlyWhenConfigured() throws {
    let star = try ServerHarness(configure: { $0.corsOrigin = "*" })
    defer { star.stop() }
    let client = try TestClient(port: star.port)
    let preflight = try client.get(
      "/echo", method: "OPTIONS",
      headers:
        "Origin: http://example.test\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n"
    )
    #expect(preflight.status == 204)
    #expect(preflight.header("access-control-allow-origin") == "*")
    #expect(preflight.header("access-control-allow-methods") == "OPTIONS, POST")
    #expect(preflight.header("access-control-allow-headers") == "content-type")
    let get = try client.get("/hello", headers: "Origin: http://example.test\r\n")
    #expect(get.header("access-control-allow-origin") == "*")
    #expect(try client.get("/hello").header("access-control-allow-origin") == nil)

    let one = try ServerHarness(configure: { $0.corsOrigin = "http://app.test" })
    defer { one.stop() }
    let other = try TestClient(port: one.port)
    let allowed = try other.get("/hello", headers: "Origin: http://app.test\r\n")
    #expect(allowed.header("access-control-allow-origin") == "http://app.test")
    #expect(allowed.header("vary") == "Origin")
    let foreign = try other.get("/hello", headers: "Origin: http://evil.test\r\n")
    #expect(foreign.header("access-control-allow-origin") == nil)
  }

  @Test(arguments: [
    ("GARBAGE\r\n\r\n", 400, "bad_request"),
    ("GET /hello\r\n\r\n", 400, "bad_request"),
    ("GET  /hello HTTP/1.1\r\nHost: t\r\n\r\n", 400, "bad_request"),
    ("G(T /hello HTTP/1.1\r\nHost: t\r\n\r\n", 400, "bad_request"),
    ("GET hello HTTP/1.1\r\nHost: t\r\n\r\n", 400, "bad_request"),
    ("GET /hello HTTP/2.0\r\nHost: t\r\n\r\n", 505, "http_version_not_supported"),
    ("GET /hello HTTX/1.1\r\nHost: t\r\n\r\n", 400, "bad_request"),
    ("GET /hello HTTP/1.1\r\n\r\n", 400, "bad_request"),
    ("GET /hello HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n", 400, "bad_request"),
    ("GET /hello HTTP/1.1\r\nHost: t\r\nNoColon\r\n\r\n", 400, "bad_request"),
    ("GET /hello HTTP/1.1\r\nHost: t\r\n folded\r\n\r\n", 400, "bad_request"),
    ("GET /%zz HTTP/1.1\r\nHost: t\r\n\r\n", 400, "bad_request"),
    ("GET /items/%ff HTTP/1.1\r\nHost: t\r\n\r\n", 400, "bad_request"),
    ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n", 400, "bad_request"),
    (
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400,
      "bad_request"
    ),
    (
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n", 411, "length_required"
    ),
    ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n", 413, "content_too_large"),
  ])
  func malformedRequestsGetJSONErrorsAndAClose(request: String, status: Int, error: String) throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    let client = try TestClient(port: harness.port)
    client.send(request)
    let response = try client.read()
    #expect(response.status == status)
    #expect(response.header("content-type") == "application/json")
    #expect(response.header("connection") == "close")
    let json = try JSONParser.parse(response.body, file: "body")
    #expect(json["error"]?.stringValue == error)
    #expect((json["detail"]?.stringValue ?? "").isEmpty == false)
    #expect(client.isClosedByServer())
    // The server still answers a well-formed request.
    #expect(try TestClient(port: harness.port).get("/hello").status == 200)
  }

  @Test func oversizedRequestLineAndHeaders() throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    let longLine = try TestClient(port: harness.port)
    longLine.send("GET /" + String(repeating: "a", count: 17_000) + " HTTP/1.1\r\nHost: t\r\n\r\n")
    let uri = try longLine.read()
    #expect(uri.status == 414)
    #expect(ServerHarness.errorName(uri) == "uri_too_long")

    let manyHeaders = try TestClient(port: harness.port)
    var request = "GET /hello HTTP/1.1\r\nHost: t\r\n"
    for index in 0..<400 {
      request += "X-Filler-\(index): \(String(repeating: "v", count: 40))\r\n"
    }
    manyHeaders.send(request + "\r\n")
    let headers = try manyHeaders.read()
    #expect(headers.status == 431)
    #expect(ServerHarness.errorName(headers) == "request_header_fields_too_large")

    // Just under the limit is fine.
    let fits = try TestClient(port: harness.port)
    fits.send(
      "GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "v", count: 16_000))\r\n\r\n")
    #expect(try fits.read().status == 200)
  }

  @Test func bodiesUpToTheLimitAreRead() throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    let client = try TestClient(port: harness.port)
    let body = String(repeating: "x", count: 1 << 20)
    client.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
    let echoed = try client.read()
    #expect(echoed.status == 200)
    #expect(echoed.body.count == 1 << 20)
    // Expect: 100-continue gets the interim response, then the answer.
    client.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
    client.send("abc")
    #expect(try client.read().text == "abc")
    // One byte over is refused before the body is read.
    let over = try TestClient(port: harness.port)
    over.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \((1 << 20) + 1)\r\n\r\n")
    #expect(try over.read().status == 413)
  }

  @Test func slowClientGets408WhileOthersAreServed() throws {
    let harness = try ServerHarness(configure: { $0.threads = 1 })
    defer { harness.stop() }
    let slow = try TestClient(port: harness.port)
    slow.send("GET /hello HTTP/1.1\r\nHo")
    let silent = try TestClient(port: harness.port)
    // With one worker, these are served while the slow client still holds a partial request.
    let other = try TestClient(port: harness.port)
    for _ in 0..<20 { #expect(try other.get("/hello").status == 200) }
    let timedOut = try slow.read()
    #expect(timedOut.status == 408)
    #expect(ServerHarness.errorName(timedOut) == "request_timeout")
    #expect(slow.isClosedByServer())
    #expect(try silent.read().status == 408)
    #expect(try other.get("/hello").status == 200)
  }

  @Test func connectionsOverTheLimitGet503() throws {
    let harness = try ServerHarness(configure: { $0.maxConnections = 2 })
    defer { harness.stop() }
    let first = try TestClient(port: harness.port)
    let second = try TestClient(port: harness.port)
    #expect(try first.get("/hello").status == 200)
    #expect(try second.get("/hello").status == 200)
    let third = try TestClient(port: harness.port)
    let refused = try third.read()
    #expect(refused.status == 503)
    #expect(ServerHarness.errorName(refused) == "service_unavailable")
    #expect(third.isClosedByServer())
    #expect(try first.get("/hello").status == 200)
  }

  @Test func aFailingHandlerGives500() throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    let client = try TestClient(port: harness.port)
    let response = try client.get("/fail")
    #expect(response.status == 500)
    #expect(ServerHarness.errorName(response) == "internal_server_error")
    #expect(try client.get("/hello").status == 200)
  }

  @Test func shutdownFinishesInFlightRequestsAndStopsAccepting() throws {
    let started = DispatchSemaphore(value: 0)
    let harness = try ServerHarness(routes: { router in
      router.add("GET", "/gate") { _ in
        started.signal()
        usleep(300_000)
        return HTTPResponse(contentType: "text/plain", text: "gate done\n")
      }
    })
    // The idle client is served first: if it shares the slow request's worker, its
    // answer must not wait behind the slow handler.
    let idle = try TestClient(port: harness.port)
    #expect(try idle.get("/hello").status == 200)
    let busy = try TestClient(port: harness.port)
    busy.send("GET /gate HTTP/1.1\r\nHost: t\r\n\r\n")
    started.wait()  // the handler is running: the request is in flight
    harness.server.shutdown()
    let answer = try busy.read()
    #expect(answer.status == 200)
    #expect(answer.text == "gate done\n")
    #expect(answer.header("connection") == "close")
    #expect(idle.isClosedByServer())
    #expect(harness.waitForExit(seconds: 30))
    #expect(throws: TestClient.Failure.self) {
      _ = try TestClient(port: harness.port).get("/hello")
    }
  }

  @Test func metricsCountRoutesAndStatuses() throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    let client = try TestClient(port: harness.port)
    _ = try client.get("/items/1")
    _ = try client.get("/items/2")
    _ = try client.get("/nowhere")
    let text = harness.server.metrics.prometheusText()
    #expect(
      text.contains("http_requests_total{route=\"/items/{id}\",method=\"GET\",status=\"200\"} 2\n"))
    #expect(
      text.contains("http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"))
    #expect(text.contains("http_request_duration_seconds_count 3\n"))
    #expect(text.contains("http_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"))
  }

  @Test func badConfigurationIsRefused() {
    var configuration = ServerConfiguration()
    configuration.host = "example.com"
    #expect(throws: HTTPServerError.badHost("example.com")) {
      _ = try HTTPServer(configuration: configuration, router: Router())
    }
  }
}
