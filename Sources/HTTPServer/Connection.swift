/// One client connection. It sits in a `SlotTable` slot and is touched only by the worker
/// holding that slot (a different worker from one request to the next, possibly).
final class Connection: @unchecked Sendable {
  /// What the deadline means when it passes.
  enum Phase {
    /// Waiting for a request to start: close quietly.
    case idle
    /// A request has begun but not arrived whole: 408, then close.
    case reading
    /// Output is waiting for the client to read it: close.
    case writing
    /// Closing: output sent, the write side shut, input read and dropped until EOF, so
    /// the client sees the response rather than a reset.
    case lingering
  }

  private(set) var fd: Int32
  let peer: String
  var input: [UInt8] = []
  var scanner = HeadScanner()
  var head: RequestParser.Head?
  var headEnd = 0
  var output: [UInt8] = []
  var outputOffset = 0
  var closeAfterWrite = false
  /// New connections are `reading`: one that never sends a byte gets 408 too.
  var phase = Phase.reading
  var deadline: Double
  /// When the current request's first byte arrived.
  var requestStart: Double?

  init(fd: Int32, peer: String, deadline: Double) {
    self.fd = fd
    self.peer = peer
    self.deadline = deadline
  }

  /// Marks the descriptor closed (the worker closed it).
  func closeFD() { fd = -1 }

  /// Empties the output buffer, keeping its storage unless a large answer grew it.
  func clearOutput() {
    if output.capacity > 64 * 1024 {
      output = []
    } else {
      output.removeAll(keepingCapacity: true)
    }
    outputOffset = 0
  }

  var hasPendingOutput: Bool { outputOffset < output.count }
  var isIdle: Bool { head == nil && input.isEmpty && !hasPendingOutput && phase == .idle }

  /// Forgets the request just answered; keeps bytes that came after it (pipelining).
  func consume(_ count: Int) {
    input.removeFirst(count)
    scanner = HeadScanner()
    head = nil
    headEnd = 0
    requestStart = nil
  }
}
