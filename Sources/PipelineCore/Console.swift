#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Synchronization

/// Serialized writes of whole lines to stdout and stderr, shared by the stages
/// running in parallel, so their lines never interleave mid-line.
public final class Console: Sendable {
  private let lock = Mutex(())
  /// Whether stdout is a terminal (and `NO_COLOR` is not set): escape codes allowed.
  public let isTerminal: Bool

  public init() {
    isTerminal = isatty(1) == 1 && getenv("NO_COLOR") == nil && (getenv("TERM").map { String(cString: $0) } ?? "dumb") != "dumb"
  }

  public func out(_ text: String) { write(text + "\n", to: 1) }
  public func err(_ text: String) { write(text + "\n", to: 2) }

  /// Text in bold on a terminal, plain elsewhere.
  public func bold(_ text: String) -> String { isTerminal ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
  public func red(_ text: String) -> String { isTerminal ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
  public func green(_ text: String) -> String { isTerminal ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
  public func dim(_ text: String) -> String { isTerminal ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

  private func write(_ text: String, to fd: Int32) {
    lock.withLock { _ in
      var bytes = Array(text.utf8)
      bytes.withUnsafeMutableBytes { buf in
        var done = 0
        while done < buf.count {
          let n = Glibc.write(fd, buf.baseAddress! + done, buf.count - done)
          if n < 0 && errno == EINTR { continue }
          if n <= 0 { return }
          done += n
        }
      }
    }
  }
}
