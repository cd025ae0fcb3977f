#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Plain POSIX threads, for work that must not share Dispatch's pool, whose width
/// follows the core count: stages waiting on child processes, or server workers
/// blocked in `poll`, would otherwise starve each other.
public enum PosixThread {
  /// Starts a thread running `body`. A detached thread cleans up after itself; keep
  /// `detached` false to `pthread_join` the returned thread.
  @discardableResult
  public static func start(detached: Bool = false, _ body: @escaping @Sendable () -> Void) -> pthread_t {
    final class Box {
      let body: @Sendable () -> Void
      init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(
      &thread, nil,
      { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
      }, context)
    precondition(result == 0, "cannot start a thread: \(Syscall.errnoText(result))")
    if detached { pthread_detach(thread) }
    return thread
  }
}
