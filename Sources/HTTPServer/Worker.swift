#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One worker thread's poll loop: accepts when the listener is readable, reads and
/// parses without blocking, runs the handler, writes without blocking.
final class Worker {
  let server: HTTPServer
  let index: Int
  let configuration: ServerConfiguration
  var connections: [Connection] = []
  var draining = false
  var drainDeadline = 0.0
  var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
  /// Refused connections still being closed politely, bounded.
  static let maxLingering = 64

  init(server: HTTPServer, index: Int) {
    self.server = server
    self.index = index
    configuration = server.configuration
  }

  func run() {
    var fds: [pollfd] = []
    while true {
      if !draining, server.isStopping { startDraining() }
      if draining {
        if connections.isEmpty || Posix.now() >= drainDeadline { break }
      }
      fds.removeAll(keepingCapacity: true)
      let fixed: Int
      var nearestListenCheck = Double.infinity
      if draining {
        fixed = 0
      } else {
        fds.append(pollfd(fd: server.wakeRead, events: Int16(POLLIN), revents: 0))
        // A worker holding more than its share of the open connections leaves the
        // listener to the others (a negative fd is skipped by poll), so keep-alive
        // clients spread evenly instead of piling up on whichever worker woke first.
        // Some worker always has at most its share, so one always listens.
        let share = server.openConnections.load(ordering: .relaxed) / configuration.threads
        let listening = connections.isEmpty || connections.count <= share
        fds.append(pollfd(fd: listening ? server.listener : -1, events: Int16(POLLIN), revents: 0))
        fixed = 2
        // The others may cross their share while this worker sleeps, leaving nobody on
        // the listener: a worker off it looks again within 5 ms, not at the 1 s timeout.
        if !listening { nearestListenCheck = Posix.now() + 0.005 }
      }
      var nearest = draining ? drainDeadline : nearestListenCheck
      let polled = connections
      // A client that sends faster than it reads stops being read once its buffer
      // holds a whole request's worth (backpressure, so input never grows unbounded).
      let inputCap = configuration.maxHeadBytes + configuration.maxBodyBytes + readBuffer.count
      for connection in polled {
        var events =
          connection.input.count < inputCap || connection.phase == .lingering ? Int16(POLLIN) : 0
        if connection.hasPendingOutput { events |= Int16(POLLOUT) }
        fds.append(pollfd(fd: connection.fd, events: events, revents: 0))
        nearest = min(nearest, connection.deadline)
      }
      let now = Posix.now()
      let wait =
        nearest.isFinite ? max(0, min(1000, Int32(((nearest - now) * 1000).rounded(.up)))) : 1000
      let ready = poll(&fds, nfds_t(fds.count), wait)
      if ready < 0, errno != EINTR { break }
      if ready > 0 {
        if !draining, fds[0].revents != 0 { startDraining() }
        if fixed == 2, !draining, fds[1].revents & Int16(POLLIN) != 0 { acceptOne() }
        // Connections accepted just now are not in `polled`; they are polled next turn.
        for (offset, connection) in polled.enumerated() {
          let events = fds[fixed + offset].revents
          guard events != 0, connection.fd >= 0 else { continue }
          service(connection, events: events)
        }
      }
      expire(now: Posix.now())
    }
    for connection in connections { closeNow(connection) }
    connections.removeAll()
  }

  private func startDraining() {
    draining = true
    drainDeadline = Posix.now() + configuration.drainTimeout
    for connection in connections where connection.isIdle {
      // Bytes already in the socket are a request in flight, not an idle connection.
      let count = readBuffer.withUnsafeMutableBytes {
        recv(connection.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT))
      }
      if count > 0 {
        connection.input.append(contentsOf: readBuffer[0..<count])
        process(connection)
      } else {
        closeNow(connection)
      }
    }
    connections.removeAll { $0.fd < 0 }
  }

  private func acceptOne() {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let fd = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        accept(server.listener, $0, &length)
      }
    }
    guard fd >= 0 else { return }  // another worker took it, or the peer left
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    Posix.setNonBlocking(fd)
    Posix.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    let peer = Posix.describe(address)
    let now = Posix.now()
    let open = server.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
    let connection = Connection(fd: fd, peer: peer, deadline: now + configuration.readTimeout)
    connections.append(connection)
    if open > configuration.maxConnections {
      let lingering = connections.filter { $0.phase == .lingering }.count
      let response = HTTPResponse.error(
        .unavailable,
        "the server is at its limit of \(configuration.maxConnections) connections; retry shortly")
      log(
        connection, requestLine: "-", status: response.status.code, bytes: response.body.count,
        seconds: 0)
      server.metrics.record(shard: index, route: "-", method: "-", status: 503, seconds: 0)
      connection.output = serialize(response, head: false, close: true, request: nil)
      connection.closeAfterWrite = true
      if lingering >= Worker.maxLingering {
        flush(connection)
        closeNow(connection)
        connections.removeAll { $0.fd < 0 }
      } else {
        flush(connection)
      }
    }
  }

  private func service(_ connection: Connection, events: Int16) {
    if events & Int16(POLLOUT) != 0, connection.hasPendingOutput {
      flush(connection)
      if connection.fd < 0 { return remove(connection) }
    }
    if events & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
      let count = readBuffer.withUnsafeMutableBytes {
        read(connection.fd, $0.baseAddress, $0.count)
      }
      if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) {
        closeNow(connection)
        return remove(connection)
      }
      if count > 0 {
        if connection.phase == .lingering { return }  // dropped on purpose
        connection.input.append(contentsOf: readBuffer[0..<count])
      }
    }
    if connection.phase != .lingering, !connection.hasPendingOutput { process(connection) }
    if connection.fd < 0 { remove(connection) }
  }

  private func remove(_ connection: Connection) {
    connections.removeAll { $0 === connection }
  }

  /// Parses and answers as many whole requests as the input holds, in order, stopping
  /// when a response cannot be written at once.
  private func process(_ connection: Connection) {
    while connection.fd >= 0, !connection.hasPendingOutput, !connection.closeAfterWrite {
      if connection.head == nil {
        if connection.input.isEmpty {
          if draining { return closeNow(connection) }
          connection.phase = .idle
          connection.deadline = Posix.now() + configuration.idleTimeout
          return
        }
        if connection.requestStart == nil {
          let now = Posix.now()
          connection.requestStart = now
          connection.phase = .reading
          connection.deadline = now + configuration.readTimeout
        }
        let scan = connection.input.withUnsafeBufferPointer {
          connection.scanner.scan($0, limit: configuration.maxHeadBytes)
        }
        switch scan {
        case .incomplete:
          return
        case .tooLong(let requestLine):
          let response =
            requestLine
            ? HTTPResponse.error(
              .uriTooLong,
              "the request line is over the limit of \(configuration.maxHeadBytes) bytes")
            : HTTPResponse.error(
              .headersTooLarge,
              "the request line and headers are over the limit of \(configuration.maxHeadBytes) bytes"
            )
          return refuse(connection, response, requestLine: "-")
        case .complete(let end):
          let start = connection.scanner.start
          let parsed = connection.input.withUnsafeBufferPointer { buffer in
            Result { () throws(RequestParser.Refusal) in
              try RequestParser.parse(
                UnsafeBufferPointer(rebasing: buffer[start..<end]),
                maxBody: configuration.maxBodyBytes)
            }
          }
          switch parsed {
          case .failure(let refusal):
            let line = connection.input.withUnsafeBufferPointer { buffer in
              let lineEnd = connection.scanner.requestLineEnd ?? end
              return RequestParser.printable(buffer[start..<lineEnd].filter { $0 != 0x0D })
            }
            return refuse(connection, .error(refusal.status, refusal.detail), requestLine: line)
          case .success(let head):
            connection.head = head
            connection.headEnd = end
            if head.expectContinue, head.contentLength > 0,
              connection.input.count < end + head.contentLength
            {
              connection.output = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
              connection.outputOffset = 0
              flush(connection)
            }
          }
        }
      }
      guard let head = connection.head else { return }
      let needed = connection.headEnd + head.contentLength
      guard connection.input.count >= needed else { return }
      var request = head.request
      request.body = Array(connection.input[connection.headEnd..<needed])
      request.peer = connection.peer
      connection.consume(needed)
      respond(connection, to: request)
    }
  }

  /// Answers a request that could not be parsed, then closes: the stream past a
  /// framing error cannot be trusted.
  private func refuse(_ connection: Connection, _ response: HTTPResponse, requestLine: String) {
    let started = connection.requestStart ?? Posix.now()
    connection.closeAfterWrite = true
    connection.output = serialize(response, head: false, close: true, request: nil)
    connection.outputOffset = 0
    finish(
      connection, route: "-", method: "-", requestLine: requestLine, response: response,
      started: started)
  }

  private func respond(_ connection: Connection, to request: HTTPRequest) {
    let started = Posix.now()
    var route = "-"
    var response: HTTPResponse
    let origin = request.header("origin")
    switch server.router.match(method: request.method, path: request.pathSegments) {
    case .found(let found, let parameters):
      route = found.pattern
      var request = request
      request.pathParameters = parameters
      do {
        response = try found.handler(request)
      } catch {
        response = .error(.internalError, "the handler failed: \(error)")
      }
    case .methodNotAllowed(let allowed):
      route = "unmatched"
      if request.method == "OPTIONS" {
        response = HTTPResponse(
          status: .noContent, headers: [("Allow", allowed.joined(separator: ", "))])
        if configuration.corsOrigin != nil, origin != nil,
          request.header("access-control-request-method") != nil
        {
          response.headers += [
            ("Access-Control-Allow-Methods", allowed.joined(separator: ", ")),
            (
              "Access-Control-Allow-Headers",
              request.header("access-control-request-headers") ?? "Content-Type"
            ),
            ("Access-Control-Max-Age", "600"),
          ]
        }
      } else {
        response = .error(
          .methodNotAllowed,
          "\(request.method) is not allowed on \(request.path); allowed: \(allowed.joined(separator: ", "))"
        )
        response.headers.append(("Allow", allowed.joined(separator: ", ")))
      }
    case .notFound:
      route = "unmatched"
      if request.method == "OPTIONS", request.target == "*" {
        response = HTTPResponse(
          status: .noContent, headers: [("Allow", "GET, HEAD, OPTIONS, POST")])
      } else {
        response = .error(.notFound, "no route for \(request.path); see /openapi.json or /docs")
      }
    }
    if let cors = configuration.corsOrigin, let origin {
      if cors == "*" {
        response.headers.append(("Access-Control-Allow-Origin", "*"))
      } else if origin == cors {
        response.headers.append(("Access-Control-Allow-Origin", cors))
        response.headers.append(("Vary", "Origin"))
      }
    }
    let close = !request.keepAlive || draining || server.isStopping
    connection.closeAfterWrite = close
    connection.output = serialize(
      response, head: request.method == "HEAD", close: close, request: request)
    connection.outputOffset = 0
    let line = "\(request.method) \(request.target) HTTP/1.\(request.minorVersion)"
    finish(
      connection, route: route, method: request.method, requestLine: line, response: response,
      started: started)
  }

  private func finish(
    _ connection: Connection, route: String, method: String, requestLine: String,
    response: HTTPResponse,
    started: Double
  ) {
    let seconds = Posix.now() - started
    server.metrics.record(
      shard: index, route: route, method: method, status: response.status.code, seconds: seconds)
    log(
      connection, requestLine: requestLine, status: response.status.code,
      bytes: response.body.count, seconds: seconds)
    flush(connection)
  }

  private func log(
    _ connection: Connection, requestLine: String, status: Int, bytes: Int, seconds: Double
  ) {
    guard configuration.accessLog else { return }
    let micros = Int((seconds * 1e6).rounded())
    Posix.say("\(connection.peer) \"\(requestLine)\" \(status) \(bytes) \(micros)us\n")
  }

  func serialize(_ response: HTTPResponse, head: Bool, close: Bool, request: HTTPRequest?)
    -> [UInt8]
  {
    // Written as bytes into one buffer sized for head and body (no String in between).
    var bytes: [UInt8] = []
    bytes.reserveCapacity(256 + response.body.count)
    func line(_ parts: String...) {
      for part in parts { bytes.append(contentsOf: part.utf8) }
      bytes.append(contentsOf: [0x0D, 0x0A])
    }
    line("HTTP/1.1 ", String(response.status.code), " ", response.status.reason)
    for (name, value) in response.headers { line(name, ": ", value) }
    if response.status.code != 204 && response.status.code >= 200 {
      line("Content-Length: ", String(response.body.count))
    }
    if close {
      line("Connection: close")
    } else if let request, request.minorVersion == 0 {
      line("Connection: keep-alive")
    }
    line()
    if !head, response.status.code != 204 { bytes += response.body }
    return bytes
  }

  /// Writes what it can without blocking; once all is out, closes or waits for the next
  /// request.
  private func flush(_ connection: Connection) {
    while connection.hasPendingOutput {
      let written = connection.output.withUnsafeBytes { bytes in
        send(
          connection.fd, bytes.baseAddress! + connection.outputOffset,
          bytes.count - connection.outputOffset,
          Int32(MSG_NOSIGNAL))
      }
      if written < 0 {
        if errno == EINTR { continue }
        if errno == EAGAIN || errno == EWOULDBLOCK {
          if connection.phase != .writing {
            connection.phase = .writing
            connection.deadline = Posix.now() + configuration.readTimeout
          }
          return
        }
        return closeNow(connection)
      }
      connection.outputOffset += written
    }
    connection.output.removeAll(keepingCapacity: true)
    connection.outputOffset = 0
    if connection.closeAfterWrite {
      connection.phase = .lingering
      connection.deadline = Posix.now() + 2
      shutdown(connection.fd, Int32(SHUT_WR))
    } else if connection.phase == .writing {
      connection.phase = connection.head == nil && connection.input.isEmpty ? .idle : .reading
      if connection.phase == .idle { connection.deadline = Posix.now() + configuration.idleTimeout }
    }
  }

  private func expire(now: Double) {
    var changed = false
    for connection in connections where connection.deadline <= now && connection.fd >= 0 {
      switch connection.phase {
      case .reading:
        refuse(
          connection,
          .error(
            .requestTimeout,
            "the request did not arrive whole within \(configuration.readTimeout) seconds"),
          requestLine: "-")
      case .idle, .writing, .lingering:
        closeNow(connection)
      }
      changed = true
    }
    if changed { connections.removeAll { $0.fd < 0 } }
  }

  private func closeNow(_ connection: Connection) {
    guard connection.fd >= 0 else { return }
    close(connection.fd)
    connection.closeFD()
    server.openConnections.wrappingSubtract(1, ordering: .relaxed)
  }
}
