#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Basics

/// What a command printed, in order, so tests can run commands in-process and the
/// executable can replay it to the real streams.
public struct CommandOutput: Sendable, Equatable {
  /// Which stream a piece of text went to.
  public enum Stream: Sendable, Equatable {
    case stdout
    case stderr
  }

  /// The pieces in the order they were written.
  public private(set) var chunks: [(stream: Stream, text: String)] = []
  /// The exit status.
  public var status: Int32 = 0

  public init() {}

  public static func == (lhs: CommandOutput, rhs: CommandOutput) -> Bool {
    lhs.status == rhs.status && lhs.chunks.map(\.stream) == rhs.chunks.map(\.stream)
      && lhs.chunks.map(\.text) == rhs.chunks.map(\.text)
  }

  /// Everything written to stdout.
  public var stdout: String { chunks.filter { $0.stream == .stdout }.map(\.text).joined() }
  /// Everything written to stderr.
  public var stderr: String { chunks.filter { $0.stream == .stderr }.map(\.text).joined() }

  mutating func out(_ text: String) { chunks.append((.stdout, text)) }
  mutating func err(_ text: String) { chunks.append((.stderr, text)) }

  /// Writes the chunks to file descriptors 1 and 2 in order (unbuffered, so the order
  /// on a shared terminal is the order they were produced).
  public func replay() {
    for (stream, text) in chunks {
      // A closed pipe: nothing useful left to do, so a failure is dropped.
      try? Syscall.writeAll(stream == .stdout ? 1 : 2, Array(text.utf8), path: "")
    }
  }
}

