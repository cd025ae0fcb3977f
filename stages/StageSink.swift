#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Basics
import Synchronization

/// What an in-process stage run printed, and its exit status.
public struct StageOutput: Sendable, Equatable {
  public var stdout = ""
  public var stderr = ""
  public var status: Int32 = 0
}

/// Where `StageCommand` writes: the process's streams, unbuffered (so `pipeline`, which
/// reads stage output live, sees each line when it is said), or a collector.
struct StageSink: Sendable {
  let out: @Sendable (String) -> Void
  let err: @Sendable (String) -> Void

  /// File descriptors 1 and 2, written whole (EINTR and short writes retried).
  static let standardStreams = StageSink(
    out: { text in
      fflush(nil)  // anything a library printed through stdio goes first
      writeAll(1, text)
    },
    err: { text in
      fflush(nil)  // anything a library printed through stdio goes first
      writeAll(2, text)
    })

  init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
    self.out = out
    self.err = err
  }

  init(_ collector: Collector) {
    out = { collector.append($0, toStderr: false) }
    err = { collector.append($0, toStderr: true) }
  }

  /// Text collected from any thread, in the order it arrived.
  final class Collector: Sendable {
    private let state = Mutex(StageOutput())

    func append(_ text: String, toStderr: Bool) {
      state.withLock { output in
        if toStderr { output.stderr += text } else { output.stdout += text }
      }
    }

    var output: StageOutput { state.withLock { $0 } }
  }

  /// A closed pipe leaves nothing useful to do, so a failed write is dropped.
  private static func writeAll(_ fd: Int32, _ text: String) {
    try? Syscall.writeAll(fd, Array(text.utf8), path: fd == 1 ? "<stdout>" : "<stderr>")
  }
}
