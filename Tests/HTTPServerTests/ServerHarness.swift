import Foundation
import HTTPServer
import StrictJSON
import TestSupport

/// A server on a free loopback port, running on its own thread for one test.
final class ServerHarness {
  let server: HTTPServer
  private let done = DispatchSemaphore(value: 0)

  init(
    configure: (inout ServerConfiguration) -> Void = { _ in },
    routes: (inout Router) -> Void = { _ in }
  )
    throws
  {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.threads = 2
    configuration.readTimeout = 1
    configuration.accessLog = false
    configure(&configuration)
    var router = Router()
    router.add("GET", "/hello") { _ in HTTPResponse(contentType: "text/plain", text: "hello\n") }
    router.add("GET", "/items/{id}") { request in
      .json(
        .object([
          "id": .string(request.pathParameter("id") ?? "?"),
          "q": .string(request.queryValue("q") ?? ""),
        ]))
    }
    router.add("POST", "/echo") { request in
      HTTPResponse(
        contentType: "application/octet-stream", text: String(decoding: request.body, as: UTF8.self)
      )
    }
    router.add("GET", "/fail") { _ in throw CocoaError(.fileNoSuchFile) }
    routes(&router)
    server = try HTTPServer(configuration: configuration, router: router)
    let server = self.server
    let done = self.done
    Thread.detachNewThread {
      server.run()
      done.signal()
    }
  }

  var port: Int { server.port }

  /// Shuts down and waits for `run()` to return.
  func stop() {
    server.shutdown()
    done.wait()
  }

  /// Whether `run()` returned within `seconds` (a hang guard, not a timing check).
  func waitForExit(seconds: Double) -> Bool {
    done.wait(timeout: .now() + seconds) == .success
  }

  deinit {
    server.shutdown()
  }

  static func errorName(_ response: TestClient.Response) -> String? {
    (try? JSONParser.parse(response.body, file: "body"))?["error"]?.stringValue
  }
}
