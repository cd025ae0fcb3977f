import Basics
import CPosix

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Runs one stage command through `/bin/sh -c` under a guardian, streaming its
/// output line by line.
///
/// The guardian (`cposix_spawn_guarded`) leads a process group of its own that holds
/// the shell, its pipes and their children, so an interrupt reaches the whole tree a
/// stage started. When the shell exits, the guardian kills whatever it left behind;
/// when `pipeline` dies for any reason (even SIGKILL), the guardian sees its life pipe
/// close and kills the group at once. Every process of the stage also holds the
/// repository lock's descriptor (fd 3): the kernel keeps an `flock` while any copy is
/// open, so the next run cannot start while anything of this one can still write.
enum StageProcess {
  typealias Termination = ProcessTermination

  /// Runs `command`, calling `onLine(line, isError)` for each line of output
  /// (a last unterminated line included) and `onStart(group)` once it runs.
  /// - Parameter lock: the repository lock's descriptor for the stage to inherit, or -1.
  static func run(
    command: String, directory: String, environment: [String], lock: Int32 = -1,
    onStart: (pid_t) -> Void, onLine: (String, Bool) -> Void
  ) -> Termination {
    run(
      arguments: ["/bin/sh", "-c", command], directory: directory, environment: environment, lock: lock,
      onStart: onStart, onLine: onLine)
  }

  /// Runs the program at the absolute path `arguments[0]` the same way (the Slurm
  /// client's `sbatch`, `squeue`, `scontrol` and `scancel`).
  static func run(
    arguments argv: [String], directory: String, environment: [String], lock: Int32 = -1,
    onStart: (pid_t) -> Void, onLine: (String, Bool) -> Void
  ) -> Termination {
    var outPipe: [Int32] = [0, 0]
    var errPipe: [Int32] = [0, 0]
    guard cposix_pipe_cloexec(&outPipe) == 0 else {
      return .couldNotStart("cannot create pipes: \(Syscall.errnoText())")
    }
    guard cposix_pipe_cloexec(&errPipe) == 0 else {
      let reason = Syscall.errnoText()
      Syscall.close(outPipe[0])
      Syscall.close(outPipe[1])
      return .couldNotStart("cannot create pipes: \(reason)")
    }
    var cArgs = argv.map { strdup($0) } + [nil]
    var cEnv = environment.map { strdup($0) } + [nil]
    defer {
      cArgs.forEach { free($0) }
      cEnv.forEach { free($0) }
    }
    var life: Int32 = -1
    var statusPipe: Int32 = -1
    let guardian = cposix_spawn_guarded(
      argv[0], &cArgs, &cEnv, directory, outPipe[1], errPipe[1], lock, &life, &statusPipe)
    let reason = Syscall.errnoText()
    Syscall.close(outPipe[1])
    Syscall.close(errPipe[1])
    guard guardian > 0 else {
      Syscall.close(outPipe[0])
      Syscall.close(errPipe[0])
      return .couldNotStart("cannot start \(argv[0]): \(reason)")
    }
    defer {
      Syscall.close(statusPipe)
      Syscall.close(life)
    }
    // The guardian announces the stage's group (the shell's pid), then, once the
    // shell exited and the rest of its group was killed, the shell's wait status.
    func report() -> Int32? {
      var value: Int32 = 0
      let got = withUnsafeMutableBytes(of: &value) { buffer in
        (try? Syscall.readFully(statusPipe, into: buffer, path: "stage status")) ?? 0
      }
      return got == MemoryLayout<Int32>.size ? value : nil
    }
    guard let group = report() else {
      Syscall.close(outPipe[0])
      Syscall.close(errPipe[0])
      let status = Syscall.wait(guardian)
      return .couldNotStart("cannot start \(argv[0]) (guardian status \(status))")
    }
    onStart(group)
    pump(out: outPipe[0], err: errPipe[0], onLine: onLine)
    Syscall.close(outPipe[0])
    Syscall.close(errPipe[0])
    let reported = report()
    let guardianStatus = Syscall.wait(guardian)
    // No report: the guardian itself was killed; end the stage's group here.
    if reported == nil { kill(-group, SIGKILL) }
    let status = reported ?? guardianStatus
    let signal = status & 0x7f
    if signal == 0 { return .exited((status >> 8) & 0xff) }
    return .signaled(signal)
  }

  /// Reads both pipes until each is closed, splitting lines.
  private static func pump(out: Int32, err: Int32, onLine: (String, Bool) -> Void) {
    var fds = [
      pollfd(fd: out, events: Int16(POLLIN), revents: 0),
      pollfd(fd: err, events: Int16(POLLIN), revents: 0),
    ]
    var pending: [[UInt8]] = [[], []]
    var open = [true, true]
    var buffer = [UInt8](repeating: 0, count: 65536)
    while open[0] || open[1] {
      for k in 0..<2 { fds[k].fd = open[k] ? (k == 0 ? out : err) : -1 }
      if Syscall.retrying({ poll(&fds, 2, -1) }) < 0 { return }
      for k in 0..<2 where open[k] && fds[k].revents != 0 {
        let n = buffer.withUnsafeMutableBytes { Syscall.readSome(fds[k].fd, into: $0) }
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

/// How a child process ended: its exit status, the signal that killed it, or why
/// it never started.
public enum ProcessTermination: Equatable, Sendable {
  case exited(Int32)
  case signaled(Int32)
  case couldNotStart(String)
}

/// Starts a detached POSIX thread (see `PosixThread` for why not Dispatch).
func startThread(_ body: @escaping @Sendable () -> Void) {
  PosixThread.start(detached: true, body)
}
