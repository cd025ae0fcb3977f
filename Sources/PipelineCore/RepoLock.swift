import Basics

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The repository lock (`.pipeline/lock`): one mutating `pipeline` process at a time.
///
/// `flock` is released by the kernel when the last descriptor of the lock is closed,
/// even by SIGKILL, so a crash never leaves a stale lock behind. Stage processes
/// inherit the descriptor (see `StageProcess`), so the lock outlives a killed
/// `pipeline` until its last stage process is gone. The file holds the holder's pid
/// only to tell the next process whom it is waiting for. Read-only commands never
/// take it.
public final class RepoLock {
  private let fd: Int32

  /// The open lock, for stage processes to inherit.
  var descriptor: Int32 { fd }

  /// Takes the lock, or throws `.locked` naming the holder (or waits with `wait`).
  public init(path: String, wait: Bool) throws(PipelineError) {
    try FileSystem.makeDirectories(FileSystem.parent(of: path))
    do { fd = try Syscall.open(path, O_RDWR | O_CREAT) } catch { throw PipelineError(error) }
    var attempts = 0
    while Syscall.retrying({ flock(fd, LOCK_EX | LOCK_NB) }) != 0 {
      guard errno == EWOULDBLOCK else {
        let error = PipelineError.io(path: path, message: "cannot lock: \(FileSystem.errnoText())")
        Syscall.close(fd)
        throw error
      }
      if wait {
        _ = Syscall.retrying { flock(fd, LOCK_EX) }
        break
      }
      // A holder writes its pid right after taking the lock: give a new holder a
      // moment, so the refusal names a live process whenever there is one.
      let holder = Self.holder(fd)
      attempts += 1
      if let holder, Syscall.isAlive(holder) || attempts >= 50 {
        Syscall.close(fd)
        throw .locked(pid: holder)
      }
      if attempts >= 50 {
        Syscall.close(fd)
        throw .locked(pid: nil)
      }
      usleep(2_000)
    }
    // Write the pid before trimming, so the file is never empty while held.
    let text = Array("\(getpid())\n".utf8)
    _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
    ftruncate(fd, off_t(text.count))
  }

  /// The pid recorded in the lock file.
  private static func holder(_ fd: Int32) -> pid_t? {
    var buffer = [UInt8](repeating: 0, count: 32)
    let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
    guard n > 0 else { return nil }
    return pid_t(String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n").first ?? "")
  }

  deinit { Syscall.close(fd) }
}
