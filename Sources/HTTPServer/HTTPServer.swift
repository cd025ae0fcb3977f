import Basics
import CPosix
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An HTTP/1.1 server on POSIX sockets: a fixed set of worker threads sharing one
/// edge-triggered epoll set that holds the listener and every connection.
///
/// No connection belongs to a worker: whichever worker is free takes the next ready
/// connection (see `SlotTable`), so a worker the scheduler preempts delays only the
/// request it is on, and each wakeup costs O(ready), not O(open). A worker never blocks
/// on a client: reads and writes are non-blocking and every partial request has a
/// deadline, so a slow client costs a file descriptor and a buffer, never a thread.
/// Handlers run on the worker that read the request.
public final class HTTPServer: Sendable {
  public let configuration: ServerConfiguration
  /// The port actually bound (the chosen one when the configuration says 0).
  public let port: Int
  /// Counts and latencies, for `/metrics`.
  public let metrics: ServerMetrics

  let router: Router
  let listener: Int32
  /// The epoll set all workers wait on.
  let poller: Int32
  /// An eventfd in the set; each write wakes one waiting worker (shutdown, and each
  /// worker that stops passes the word on).
  let wake: Int32
  let slots: SlotTable
  let openConnections = Atomic<Int>(0)
  /// Connections closing politely (see `Connection.Phase.lingering`), all workers.
  let lingeringConnections = Atomic<Int>(0)
  let stopping = Atomic<Bool>(false)
  /// When draining gives up on in-flight requests (`Double` bits; infinity until shutdown).
  let drainDeadlineBits = Atomic<UInt64>(Double.infinity.bitPattern)
  /// When a worker should next look for connections past their deadline (`Double` bits).
  let nextSweepBits = Atomic<UInt64>(Double.infinity.bitPattern)
  /// Set when `accept` failed for want of descriptors or memory: the connections left in
  /// the backlog raise no new edge, so the sweep tries again (see `acceptRetryDelay`).
  let acceptRetry = Atomic<Bool>(false)
  static let acceptRetryDelay = 0.05

  /// Tokens of the two fixed members of the epoll set; connections use `SlotTable` tokens.
  static let listenerToken = UInt64.max
  static let wakeToken = UInt64.max - 1
  /// Refused (503) connections still being closed politely, bounded.
  static let maxLingering = 64

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
    let poller = epoll_create1(Int32(EPOLL_CLOEXEC))
    let wake = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
    guard poller >= 0, wake >= 0,
      Self.register(fd, token: Self.listenerToken, in: poller),
      Self.register(wake, token: Self.wakeToken, in: poller)
    else {
      let error = failure(poller < 0 ? "epoll_create1" : wake < 0 ? "eventfd" : "epoll_ctl")
      for open in [fd, poller, wake] where open >= 0 { close(open) }
      throw error
    }
    listener = fd
    self.poller = poller
    self.wake = wake
    // Every open connection has a slot: up to the limit, plus the refused ones lingering.
    slots = SlotTable(capacity: configuration.maxConnections + Self.maxLingering + 1)
  }

  deinit {
    close(listener)
    close(poller)
    close(wake)
  }

  /// Adds `fd` to the epoll set `poller`, edge-triggered for reading and writing.
  static func register(_ fd: Int32, token: UInt64, in poller: Int32) -> Bool {
    var event = epoll_event()
    event.events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
    event.data.u64 = token
    return epoll_ctl(poller, EPOLL_CTL_ADD, fd, &event) == 0
  }

  /// Serves until `shutdown()`, then lets in-flight requests finish (at most
  /// `drainTimeout` seconds) and returns.
  public func run() {
    var threads: [pthread_t] = []
    for index in 0..<configuration.threads {
      threads.append(PosixThread.start { [self] in Worker(server: self, index: index).run() })
    }
    for thread in threads { pthread_join(thread, nil) }
    // Past the drain deadline: whatever is still open is closed (no worker is left).
    for slot in slots.inUse {
      guard let connection = slot.connection, connection.fd >= 0 else { continue }
      close(connection.fd)
      connection.closeFD()
      openConnections.wrappingSubtract(1, ordering: .relaxed)
    }
  }

  /// Stops accepting and starts draining; safe from any thread, idempotent.
  public func shutdown() {
    guard !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
    drainDeadlineBits.store(
      (Posix.now() + configuration.drainTimeout).bitPattern, ordering: .sequentiallyConsistent)
    // Stop listening at once, so new connections are refused rather than queued.
    Glibc.shutdown(listener, Int32(SHUT_RDWR))
    wakeOneWorker()
  }

  /// Wakes one worker waiting on the epoll set (a new edge on the eventfd).
  func wakeOneWorker() {
    var one: UInt64 = 1
    _ = write(wake, &one, 8)
  }

  /// When draining ends; infinity before `shutdown()`.
  var drainDeadline: Double { Double(bitPattern: drainDeadlineBits.load(ordering: .sequentiallyConsistent)) }

  /// Makes the next sweep come no later than `deadline`.
  func noteDeadline(_ deadline: Double) {
    var current = nextSweepBits.load(ordering: .acquiring)
    while deadline < Double(bitPattern: current) {
      let (exchanged, original) = nextSweepBits.compareExchange(
        expected: current, desired: deadline.bitPattern, ordering: .acquiringAndReleasing)
      if exchanged { return }
      current = original
    }
  }

  /// Connections open now (all workers).
  public var connectionCount: Int { openConnections.load(ordering: .relaxed) }

  /// Whether `shutdown()` was called.
  public var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }
}
