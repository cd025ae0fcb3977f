#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The repository lock (`.pipeline/lock`): one mutating `pipeline` process at a time.
///
/// `flock` is released by the kernel when the holder dies, even by SIGKILL, so a
/// crash never leaves a stale lock behind. The file holds the holder's pid only to
/// tell the next process whom it is waiting for.
public final class RepoLock {
  private let fd: Int32

  /// Takes the lock, or throws `.locked` naming the holder (or waits with `wait`).
  public init(path: String, wait: Bool) throws(PipelineError) {
    try FileSystem.makeDirectories(FileSystem.parent(of: path))
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .io(path: path, message: "cannot open lock: \(FileSystem.errnoText())") }
    if flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK else {
        close(fd)
        throw .io(path: path, message: "cannot lock: \(FileSystem.errnoText())")
      }
      if !wait {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        close(fd)
        let text = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
        throw .locked(pid: Int32(text.split(separator: "\n").first ?? ""))
      }
      while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    }
    let text = Array("\(getpid())\n".utf8)
    ftruncate(fd, 0)
    _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
  }

  deinit {
    ftruncate(fd, 0)
    close(fd)
  }
}
