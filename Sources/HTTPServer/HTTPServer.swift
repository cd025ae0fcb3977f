import Basics
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An HTTP/1.1 server on POSIX sockets: a fixed set of worker threads, each running its
/// own poll loop over non-blocking connections, all accepting from one listening socket.
///
/// A worker never blocks on a client: reads and writes are non-blocking and every
/// partial request has a deadline, so a slow client costs a file descriptor and a
/// buffer, never a thread. Handlers run on the worker that read the request.
public final class HTTPServer: Sendable {
  public let configuration: ServerConfiguration
  /// The port actually bound (the chosen one when the configuration says 0).
  public let port: Int
  /// Counts and latencies, for `/metrics`.
  public let metrics: ServerMetrics

  let router: Router
  let listener: Int32
  /// Written once to start shutdown; never read, so it stays readable for every worker.
  let wakeRead: Int32
  let wakeWrite: Int32
  let openConnections = Atomic<Int>(0)
  let stopping = Atomic<Bool>(false)

  /// Binds and listens (so the port is known and connections queue before `run`).
  public init(configuration: ServerConfiguration, router: Router) throws(HTTPServerError) {
    try configuration.validate()
    self.configuration = configuration
    self.router = router
    metrics = ServerMetrics(shards: configuration.threads)
    let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(configuration.port).bigEndian)
    guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
      throw .badHost(configuration.host)
    }
    func failure(_ call: String) -> HTTPServerError {
      .socket(call: call, host: host, port: configuration.port, reason: Syscall.errnoText())
    }
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw failure("socket") }
    Posix.setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0 else {
      let error = failure("bind")
      close(fd)
      throw error
    }
    guard listen(fd, 1024) == 0 else {
      let error = failure("listen")
      close(fd)
      throw error
    }
    Posix.setNonBlocking(fd)
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    port = Int(UInt16(bigEndian: actual.sin_port))
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else {
      let error = failure("pipe")
      close(fd)
      throw error
    }
    for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    listener = fd
    wakeRead = pipeEnds[0]
    wakeWrite = pipeEnds[1]
  }

  deinit {
    close(listener)
    close(wakeRead)
    close(wakeWrite)
  }

  /// Serves until `shutdown()`, then lets in-flight requests finish (at most
  /// `drainTimeout` seconds) and returns.
  public func run() {
    var threads: [pthread_t] = []
    for index in 0..<configuration.threads {
      threads.append(PosixThread.start { [self] in Worker(server: self, index: index).run() })
    }
    for thread in threads { pthread_join(thread, nil) }
  }

  /// Stops accepting and starts draining; safe from any thread, idempotent.
  public func shutdown() {
    guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
    // Stop listening at once, so new connections are refused rather than queued.
    Glibc.shutdown(listener, Int32(SHUT_RDWR))
    var byte: UInt8 = 1
    _ = write(wakeWrite, &byte, 1)
  }

  /// Connections open now (all workers).
  public var connectionCount: Int { openConnections.load(ordering: .relaxed) }

  /// Whether `shutdown()` was called.
  public var isStopping: Bool { stopping.load(ordering: .acquiring) }
}
