import Basics
import CommandLineKit
import HTTPServer
import ModelBundle

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `recommend serve`: the HTTP API and dashboard over one bundle.
enum Serve {
  /// Starts the server and blocks until SIGTERM or SIGINT has drained it.
  ///
  /// - Returns: 0 after a clean drain, 2 when the bundle cannot be used, 1 when the
  ///   socket cannot be bound, 64 for a bad option value.
  static func run(_ parsed: ParsedArguments, root: String) -> Int32 {
    var configuration = ServerConfiguration()
    let cacheMiB: Int
    do throws(CommandLineError) {
      cacheMiB = try parsed.int("--cache-mb", in: 0...65536) ?? 64
      configuration.host = parsed.value("--host") ?? "127.0.0.1"
      configuration.port = try parsed.int("--port", in: 0...65535) ?? 8000
      configuration.threads = try parsed.int("--threads", in: 1...256) ?? Serve.defaultThreads()
      configuration.corsOrigin = parsed.value("--cors-origin")
      configuration.readTimeout = try parsed.double("--read-timeout", in: 0.001...3600) ?? 10
      configuration.maxConnections = try parsed.int("--max-connections", in: 1...100_000) ?? 512
      configuration.accessLog = !parsed.has("--quiet")
    } catch {
      Posix.say(RecommendCLI.serveCommand.usageError(error))
      return 64
    }
    if let origin = configuration.corsOrigin,
      origin.isEmpty || origin.contains(where: { $0 == "\r" || $0 == "\n" })
    {
      Posix.say(
        RecommendCLI.serveCommand.usageError(
          .invalidValue(
            name: "--cors-origin", value: origin,
            expected: "an origin such as https://app.example or '*'")))
      return 64
    }
    // Signals go to one thread that waits for them; every other thread blocks them.
    var signals = sigset_t()
    sigemptyset(&signals)
    for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, signal) }
    pthread_sigmask(SIG_BLOCK, &signals, nil)
    signal(SIGPIPE, SIG_IGN)

    let bundle: ServingBundle
    do throws(BundleError) {
      bundle = try ServingBundle(
        option: parsed.value("--bundle"), root: root, cacheBudget: cacheMiB << 20)
    } catch {
      Posix.say("error: \(error)\n")
      return 2
    }
    let server: HTTPServer
    let api = ServeAPI(bundle: bundle)
    do throws(HTTPServerError) {
      server = try HTTPServer(configuration: configuration, router: api.router())
    } catch {
      Posix.say("error: \(error)\n")
      return 1
    }
    api.attach(server)
    Posix.say(
      "recommend serve: listening on http://\(configuration.host):\(server.port) (bundle \(bundle.recommender.bundle.version), \(configuration.threads) threads)\n"
    )
    let mask = signals
    _ = PosixThread.start {
      var waiting = mask
      while true {
        var received: Int32 = 0
        guard sigwait(&waiting, &received) == 0 else { continue }
        if received == SIGHUP {
          Posix.say(bundle.reload() + "\n")
        } else {
          // Logged after the listener is shut, so "draining" means no new connections.
          server.shutdown()
          Posix.say("recommend serve: signal \(received), draining\n")
          return
        }
      }
    }
    if parsed.has("--watch") {
      // Taken before the bundle was opened: a bundle written once clients can connect
      // (or while the first one loaded) is a change, however late this thread runs.
      let initial = bundle.initialSignature
      _ = PosixThread.start {
        var last = initial
        while !server.isStopping {
          usleep(500_000)
          let now = bundle.diskSignature()
          if let now, now != last {
            last = now
            Posix.say(bundle.reload() + "\n")
          }
        }
      }
    }
    server.run()
    Posix.say("recommend serve: stopped after \(server.metrics.requestCount) requests\n")
    return 0
  }

  /// One thread per core.
  static func defaultThreads() -> Int {
    max(1, min(64, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
  }
}

extension RecommendCLI {
  static let serveCommand = CommandSpec(
    name: "recommend serve",
    abstract:
      "Serve the bundle over HTTP: the JSON API, its OpenAPI description and the dashboard.",
    discussion: """
      Routes: GET /recommend/user/{id}, POST /recommend, GET /similar/{movie_id}, GET /similar,
      GET /popular, GET /movies, GET /movies/{id}, GET /info, GET /health, GET /metrics,
      GET /charts/{name}.svg, GET /openapi.json, GET /docs and the dashboard at /. JSON answers equal the --json output
      of the one-shot commands. SIGHUP (or a change on disk with --watch) loads the newest
      bundle, verifies it and swaps it in; a bad bundle is refused and the old one keeps
      serving. SIGTERM or SIGINT stops accepting, finishes in-flight requests (at most 5 s)
      and exits 0.
      """,
    options: [
      bundleOption,
      .option("--host", value: "ip", help: "The IPv4 address to bind (default: 127.0.0.1)."),
      .option("--port", value: "port", help: "The TCP port, 0 for any free one (default: 8000)."),
      .option("--threads", value: "n", help: "Worker threads (default: one per core)."),
      .option(
        "--cors-origin", value: "origin",
        help: "Send CORS headers allowing this origin ('*' for any); none without it."),
      .flag("--watch", help: "Reload when the bundle on disk changes, as on SIGHUP."),
      .option(
        "--read-timeout", value: "seconds",
        help: "Time a request may take to arrive before 408 (default: 10)."),
      .option(
        "--max-connections", value: "n", help: "Open connections before 503 (default: 512)."),
      .flag("--quiet", help: "No access log lines on stderr."),
      .option(
        "--cache-mb", value: "n",
        help: "MiB of computed answers kept per bundle, 0 for none (default: 64)."),
    ])
}
