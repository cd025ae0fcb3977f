#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import CPosix

/// Runs one stage command through `/bin/sh -c` in its own process group, streaming
/// its output line by line.
///
/// The child gets its own process group so that an interrupt can be sent to the
/// whole tree a stage started (a shell, its pipes, their children), and default
/// signal dispositions and an empty mask, whatever the runner has blocked.
enum StageProcess {
  enum Termination: Equatable, Sendable {
    case exited(Int32)
    case signaled(Int32)
    case couldNotStart(String)
  }

  /// Runs `command`, calling `onLine(line, isError)` for each line of output
  /// (a last unterminated line included) and `onStart(pid)` once it runs.
  static func run(
    command: String, directory: String, environment: [String],
    onStart: (pid_t) -> Void, onLine: (String, Bool) -> Void
  ) -> Termination {
    var outPipe: [Int32] = [0, 0]
    var errPipe: [Int32] = [0, 0]
    guard cposix_pipe_cloexec(&outPipe) == 0, cposix_pipe_cloexec(&errPipe) == 0 else {
      return .couldNotStart("cannot create pipes: \(String(cString: strerror(errno)))")
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    cposix_spawn_file_actions_addchdir(&actions, directory)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, sig) }
    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    let argv = ["/bin/sh", "-c", command]
    var cArgs = argv.map { strdup($0) } + [nil]
    var cEnv = environment.map { strdup($0) } + [nil]
    defer {
      cArgs.forEach { free($0) }
      cEnv.forEach { free($0) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &cArgs, &cEnv)
    close(outPipe[1])
    close(errPipe[1])
    guard spawned == 0 else {
      close(outPipe[0])
      close(errPipe[0])
      return .couldNotStart("cannot start /bin/sh: \(String(cString: strerror(spawned)))")
    }
    onStart(pid)
    pump(out: outPipe[0], err: errPipe[0], onLine: onLine)
    close(outPipe[0])
    close(errPipe[0])

    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let signal = status & 0x7f
    if signal == 0 { return .exited((status >> 8) & 0xff) }
    return .signaled(signal)
  }

  /// Reads both pipes until each is closed, splitting lines.
  private static func pump(out: Int32, err: Int32, onLine: (String, Bool) -> Void) {
    var fds = [pollfd(fd: out, events: Int16(POLLIN), revents: 0), pollfd(fd: err, events: Int16(POLLIN), revents: 0)]
    var pending: [[UInt8]] = [[], []]
    var open = [true, true]
    var buffer = [UInt8](repeating: 0, count: 65536)
    while open[0] || open[1] {
      for k in 0..<2 { fds[k].fd = open[k] ? (k == 0 ? out : err) : -1 }
      if poll(&fds, 2, -1) < 0 {
        if errno == EINTR { continue }
        return
      }
      for k in 0..<2 where open[k] && fds[k].revents != 0 {
        let n = buffer.withUnsafeMutableBytes { read(fds[k].fd, $0.baseAddress!, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          open[k] = false
          if !pending[k].isEmpty {
            onLine(String(decoding: pending[k], as: UTF8.self), k == 1)
            pending[k].removeAll()
          }
          continue
        }
        var start = 0
        for i in 0..<n where buffer[i] == UInt8(ascii: "\n") {
          pending[k].append(contentsOf: buffer[start..<i])
          onLine(String(decoding: pending[k], as: UTF8.self), k == 1)
          pending[k].removeAll(keepingCapacity: true)
          start = i + 1
        }
        pending[k].append(contentsOf: buffer[start..<n])
      }
    }
  }
}

/// Starts a detached POSIX thread. The engine avoids Dispatch's pool, whose width
/// follows the core count: stages waiting on child processes would then starve
/// each other when `--jobs` exceeds the cores.
func startThread(_ body: @escaping @Sendable () -> Void) {
  final class Box: @unchecked Sendable {
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
  precondition(result == 0, "cannot start a thread: \(result)")
  pthread_detach(thread)
}
