import CPosix

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One worker thread: waits on the shared epoll set and serves whatever is ready, the
/// listener or any connection (claimed through its slot), then looks for deadlines.
final class Worker {
  let server: HTTPServer
  let index: Int
  let configuration: ServerConfiguration
  var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
  /// A client that sends faster than it reads stops being read once its buffer holds a
  /// whole request's worth (backpressure, so input never grows unbounded).
  let inputCap: Int
  /// Events taken per wait: few, so a preempted worker strands few ready connections
  /// (the rest stay in the set for the other workers).
  static let batch = 8

  init(server: HTTPServer, index: Int) {
    self.server = server
    self.index = index
    configuration = server.configuration
    inputCap = configuration.maxHeadBytes + configuration.maxBodyBytes + readBuffer.count
  }

  func run() {
    var events = [epoll_event](repeating: epoll_event(), count: Worker.batch)
    var draining = false
    while true {
      if server.isStopping {
        if !draining {
          draining = true
          sweep(draining: true)
        }
        if server.openConnections.load(ordering: .relaxed) == 0
          || Posix.now() >= server.drainDeadline
        {
          break
        }
      }
      let now = Posix.now()
      var nearest = min(Double(bitPattern: server.nextSweepBits.load(ordering: .acquiring)), now + 1)
      if draining { nearest = min(nearest, server.drainDeadline) }
      let wait = max(0, Int32(((nearest - now) * 1000).rounded(.up)))
      let ready = epoll_wait(server.poller, &events, Int32(Worker.batch), wait)
      if ready < 0, errno != EINTR { break }
      for event in events.prefix(max(0, Int(ready))) {
        switch event.data.u64 {
        case HTTPServer.listenerToken: acceptAll()
        case HTTPServer.wakeToken: break  // the loop's top looks at why
        case let token:
          guard let slot = server.slots.slot(for: token), slot.claim(token: token),
            let connection = slot.connection
          else { continue }
          service(connection)
          settle(slot)
        }
      }
      if Posix.now() >= Double(bitPattern: server.nextSweepBits.load(ordering: .acquiring)) {
        sweep(draining: false)
      }
    }
    // Pass the word on: the next waiting worker wakes and finds the same reason to stop.
    server.wakeOneWorker()
  }

  /// Gives a held slot back to the epoll set, serving its connection again first for
  /// every event that came meanwhile; frees the slot once the connection is closed.
  private func settle(_ slot: SlotTable.Slot) {
    while let connection = slot.connection {
      if connection.fd < 0 { return server.slots.free(slot) }
      if slot.release(deadline: connection.deadline) {
        return server.noteDeadline(connection.deadline)
      }
      service(connection)
    }
  }

  /// Visits every connection not held by another worker: when draining, serves it
  /// (idle ones are closed, bytes already sent are a request in flight); otherwise
  /// expires those past their deadline. One worker sweeps at a time.
  private func sweep(draining: Bool) {
    let now = Posix.now()
    if !draining {
      let due = server.nextSweepBits.load(ordering: .acquiring)
      guard now >= Double(bitPattern: due) else { return }
      let (won, _) = server.nextSweepBits.compareExchange(
        expected: due, desired: Double.infinity.bitPattern, ordering: .acquiringAndReleasing)
      guard won else { return }
    }
    var earliest = Double.infinity
    for slot in server.slots.inUse {
      let deadline = slot.deadline
      // Infinite: free, or just accepted and not yet released (its acceptor settles it).
      guard deadline.isFinite else { continue }
      guard draining || deadline <= now else {
        earliest = min(earliest, deadline)
        continue
      }
      // A held slot is marked instead: its holder serves it again before letting go.
      guard slot.claim(token: nil), let connection = slot.connection else { continue }
      if draining {
        service(connection)
      } else if connection.deadline <= now {
        expire(connection)
      }
      settle(slot)
    }
    server.noteDeadline(earliest)
    if !draining, server.acceptRetry.exchange(false, ordering: .acquiringAndReleasing) {
      acceptAll()
    }
  }

  /// Accepts until the backlog is empty (the listener is edge-triggered).
  private func acceptAll() {
    while !server.isStopping {
      var address = sockaddr_in()
      let fd = cposix_accept_nonblocking(server.listener, &address)
      if fd < 0 {
        let error = errno
        if error == EINTR || error == ECONNABORTED { continue }
        if error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM {
          // Out of descriptors: the waiting connections raise no new edge, so the
          // sweep tries again shortly (a closed connection frees one meanwhile).
          server.acceptRetry.store(true, ordering: .releasing)
          server.noteDeadline(Posix.now() + HTTPServer.acceptRetryDelay)
        }
        return  // empty, shut down, or out of resources (retried above)
      }
      Posix.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
      let open = server.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
      let lingering = server.lingeringConnections.load(ordering: .relaxed)
      guard open <= configuration.maxConnections || lingering < HTTPServer.maxLingering,
        let slot = server.slots.take()
      else {
        refuseAtLimit(fd: fd, address: address)
        continue
      }
      let connection = Connection(
        fd: fd, peer: Posix.describe(address), deadline: Posix.now() + configuration.readTimeout)
      slot.connection = connection
      if open > configuration.maxConnections {
        connection.output = atLimitResponse(connection)
        connection.closeAfterWrite = true
        flush(connection)
      }
      if connection.fd >= 0, !HTTPServer.register(fd, token: slot.token, in: server.poller) {
        closeNow(connection)
      }
      settle(slot)
    }
  }

  /// The 503 for a connection over the limit, counted and logged.
  private func atLimitResponse(_ connection: Connection) -> [UInt8] {
    let response = HTTPResponse.error(
      .unavailable,
      "the server is at its limit of \(configuration.maxConnections) connections; retry shortly")
    log(
      connection, requestLine: "-", status: response.status.code, bytes: response.body.count,
      seconds: 0)
    server.metrics.record(shard: index, route: "-", method: "-", status: 503, seconds: 0)
    var bytes: [UInt8] = []
    serialize(response, head: false, close: true, request: nil, into: &bytes)
    return bytes
  }

  /// Over the limit with enough refusals lingering already: the 503 and an immediate close.
  private func refuseAtLimit(fd: Int32, address: sockaddr_in) {
    let connection = Connection(fd: fd, peer: Posix.describe(address), deadline: 0)
    let bytes = atLimitResponse(connection)
    _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    closeNow(connection)
  }

  /// Serves a held connection as far as it goes without blocking: writes pending output,
  /// reads everything waiting (edge-triggered: nothing announces it again), answers.
  private func service(_ connection: Connection) {
    if connection.hasPendingOutput { flush(connection) }
    while connection.fd >= 0 {
      let received = receive(connection)
      if received == .failed || (received == .ended && connection.phase == .lingering) {
        return closeNow(connection)
      }
      if connection.phase == .lingering { return }
      let full = connection.input.count >= inputCap
      // A connection yet to send its first byte stays `reading` (408 if nothing comes);
      // `process` would take it for idle between requests.
      let fresh = connection.phase == .reading && connection.requestStart == nil
      if !connection.hasPendingOutput, !(fresh && connection.input.isEmpty) { process(connection) }
      if received == .ended {
        // The client sent all it will (a half-close): what came is answered, then closed.
        // An answer the socket cannot take at once goes out as it drains; each writable
        // event serves the connection again, which reads the end again and answers the
        // next request waiting in the input, until nothing is left to write.
        if connection.fd >= 0, connection.hasPendingOutput { return }
        return closeNow(connection)
      }
      // Bytes were left in the socket while the buffer was full: read on once there is room.
      guard full, connection.input.count < inputCap else { return }
    }
  }

  /// What a `receive` found at the end.
  private enum Received {
    /// The socket has nothing more now, or the input is full.
    case drained
    /// The client closed its side: nothing more will come.
    case ended
    /// The connection failed.
    case failed
  }

  /// Reads until the socket has nothing more (or the input is full); a lingering
  /// connection's bytes are dropped.
  private func receive(_ connection: Connection) -> Received {
    let lingering = connection.phase == .lingering
    while lingering || connection.input.count < inputCap {
      let count = readBuffer.withUnsafeMutableBytes {
        read(connection.fd, $0.baseAddress, $0.count)
      }
      if count > 0 {
        if !lingering { connection.input.append(contentsOf: readBuffer[0..<count]) }
        continue
      }
      if count == 0 { return .ended }
      if errno == EINTR { continue }
      return errno == EAGAIN || errno == EWOULDBLOCK ? .drained : .failed
    }
    return .drained
  }

  /// Parses and answers as many whole requests as the input holds, in order, stopping
  /// when a response cannot be written at once.
  private func process(_ connection: Connection) {
    while connection.fd >= 0, !connection.hasPendingOutput, !connection.closeAfterWrite {
      if connection.head == nil {
        if connection.input.isEmpty {
          if server.isStopping {
            // Idle at shutdown: closed, unless bytes sent before the stop are waiting
            // (a request in flight; the stop was seen after they arrived, so they are here).
            guard receive(connection) != .failed, !connection.input.isEmpty else {
              return closeNow(connection)
            }
            continue
          }
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
              connection.clearOutput()
              connection.output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
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
    connection.clearOutput()
    serialize(response, head: false, close: true, request: nil, into: &connection.output)
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
    let close = !request.keepAlive || server.isStopping
    connection.closeAfterWrite = close
    connection.clearOutput()
    serialize(
      response, head: request.method == "HEAD", close: close, request: request,
      into: &connection.output)
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

  /// Appends the response's bytes to `bytes`: a connection's own output buffer, reused
  /// from one response to the next (a buffer allocated by one worker and freed by another
  /// contends on the allocator's locks, and connections move between workers).
  func serialize(
    _ response: HTTPResponse, head: Bool, close: Bool, request: HTTPRequest?,
    into bytes: inout [UInt8]
  ) {
    // Written as bytes into one buffer sized for head and body (no String in between).
    bytes.reserveCapacity(bytes.count + 256 + response.body.count)
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
    connection.clearOutput()
    if connection.closeAfterWrite {
      if connection.phase != .lingering {
        server.lingeringConnections.wrappingAdd(1, ordering: .relaxed)
      }
      connection.phase = .lingering
      connection.deadline = Posix.now() + 2
      shutdown(connection.fd, Int32(SHUT_WR))
    } else if connection.phase == .writing {
      connection.phase = connection.head == nil && connection.input.isEmpty ? .idle : .reading
      if connection.phase == .idle { connection.deadline = Posix.now() + configuration.idleTimeout }
    }
  }

  /// Handles a held connection whose deadline passed: 408 for a request still arriving,
  /// else a close.
  private func expire(_ connection: Connection) {
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
  }

  private func closeNow(_ connection: Connection) {
    guard connection.fd >= 0 else { return }
    close(connection.fd)
    connection.closeFD()
    if connection.phase == .lingering {
      server.lingeringConnections.wrappingSubtract(1, ordering: .relaxed)
    }
    let open = server.openConnections.wrappingSubtract(1, ordering: .relaxed).newValue
    // The last connection of a drain: wake a worker to see that there is nothing left.
    if open == 0, server.isStopping { server.wakeOneWorker() }
  }
}
