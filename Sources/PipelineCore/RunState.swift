#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Synchronization

/// What a stage worker hands back to the scheduler.
struct StageOutcome: Sendable {
  enum Result: Sendable {
    case ran(LockEntry)
    case restored(LockEntry)
    case skipped(frozen: Bool)
    case failed(String)
  }
  var result: Result
  var reasons: [StaleReason]
  var seconds: Double
}

/// State shared between the scheduler, the workers (stages, or queued experiments)
/// and the signal thread: the completion queue, the running process groups, and
/// whether we were interrupted.
final class RunState<Outcome: Sendable>: Sendable {
  /// What the scheduler hears from workers.
  enum Event: Sendable {
    case finished(Int, Outcome)
    /// The stage's job was handed to the cluster (executors that submit ahead).
    case submitted(Int, job: String)
  }
  private struct Shared {
    var events: [Event] = []
    var groups: [pid_t] = []
    var signals = 0
    /// Cluster jobs the scheduler gave up on (an upstream stage failed).
    var abandoned: Set<String> = []
  }
  private let shared = Mutex(Shared())
  /// A POSIX semaphore: safe to post from any thread by design.
  nonisolated(unsafe) private let raw: UnsafeMutablePointer<sem_t>

  init() {
    raw = .allocate(capacity: 1)
    sem_init(raw, 0, 0)
  }

  deinit {
    sem_destroy(raw)
    raw.deallocate()
  }

  var isInterrupted: Bool { shared.withLock { $0.signals > 0 } }

  func finish(_ index: Int, _ outcome: Outcome) { post(.finished(index, outcome)) }

  func submitted(_ index: Int, job: String) { post(.submitted(index, job: job)) }

  private func post(_ event: Event) {
    shared.withLock { $0.events.append(event) }
    sem_post(raw)
  }

  /// Blocks until a worker finishes (for schedulers that hear nothing else).
  func nextCompletion() -> (Int, Outcome) {
    while true {
      if case .finished(let index, let outcome) = nextEvent() { return (index, outcome) }
    }
  }

  /// Blocks until a worker reports, returning events in the order they came.
  func nextEvent() -> Event {
    while true {
      while sem_wait(raw) != 0 && errno == EINTR {}
      if let next = shared.withLock({ $0.events.isEmpty ? nil : $0.events.removeFirst() }) {
        return next
      }
    }
  }

  /// Marks a cluster job to be cancelled by the worker waiting for it.
  func abandon(_ job: String) { shared.withLock { _ = $0.abandoned.insert(job) } }

  func isAbandoned(_ job: String) -> Bool { shared.withLock { $0.abandoned.contains(job) } }

  /// Registers a started stage's process group; returns false (and kills it) when
  /// an interrupt already arrived.
  func started(_ pid: pid_t) {
    let late = shared.withLock { state -> Bool in
      state.groups.append(pid)
      return state.signals > 0
    }
    if late { kill(-pid, SIGTERM) }
  }

  func ended(_ pid: pid_t) {
    shared.withLock { $0.groups.removeAll { $0 == pid } }
  }

  /// Sends the signal to every running stage's process group; a second
  /// interrupt escalates to SIGKILL.
  func interrupt(_ signal: Int32) {
    let (groups, count) = shared.withLock { state -> ([pid_t], Int) in
      state.signals += 1
      return (state.groups, state.signals)
    }
    for group in groups { kill(-group, count > 1 ? SIGKILL : signal) }
  }
}

/// Ctrl-C, SIGTERM and SIGHUP for the whole process, from its first instruction.
///
/// `install()` blocks the signals before any other thread exists (threads inherit
/// the mask) and takes them on a thread of its own with `sigwait`, which works with
/// any number of threads. While a run is in progress the run handles them (stop the
/// stages, record nothing partial, exit 130); at any other moment the process ends
/// at once with 130: every state write is atomic, so there is nothing to undo.
public final class SignalWatcher: Sendable {
  private let handler = Mutex<(@Sendable (Int32) -> Void)?>(nil)

  private init() {}

  /// Call first thing in `main`, before anything else can start a thread.
  public static func install() -> SignalWatcher {
    var set = sigset_t()
    sigemptyset(&set)
    for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, sig) }
    pthread_sigmask(SIG_BLOCK, &set, nil)
    let watcher = SignalWatcher()
    let waitSet = set
    startThread {
      var local = waitSet
      while true {
        var sig: Int32 = 0
        if sigwait(&local, &sig) == 0 { watcher.deliver(sig) }
      }
    }
    return watcher
  }

  /// Sends signals to `run` until `release()`.
  func route<Outcome>(to run: RunState<Outcome>) {
    handler.withLock { $0 = { run.interrupt($0) } }
  }

  func release() { handler.withLock { $0 = nil } }

  private func deliver(_ sig: Int32) {
    if let handle = handler.withLock({ $0 }) {
      handle(sig)
      return
    }
    let text = Array("\(PipelineError.interrupted)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) }
    _exit(PipelineError.interrupted.exitCode)
  }
}
