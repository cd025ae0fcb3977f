#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The system calls every module needs, retried on `EINTR` in one place.
///
/// A signal handled on another thread (SIGCHLD, SIGWINCH, a profiler) makes a slow
/// call fail with `EINTR`; a loop that forgets to retry turns that into a bogus I/O
/// error. Callers get the result or a `SystemError`, never a raw `-1`.
public enum Syscall {
  /// The `strerror` text of `code` (default: the current `errno`), first letter
  /// lowercased: our messages are one lowercase line.
  public static func errnoText(_ code: Int32 = errno) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
  }

  /// Runs `body` until it does not fail with `EINTR`; returns its last result.
  @inlinable
  public static func retrying<T: BinaryInteger>(_ body: () -> T) -> T {
    while true {
      let result = body()
      if result >= 0 || errno != EINTR { return result }
    }
  }

  /// `open(2)`, close-on-exec always.
  public static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(SystemError)
    -> Int32
  {
    let fd = retrying { Glibc.open(path, flags | O_CLOEXEC, mode) }
    guard fd >= 0 else { throw SystemError("cannot open", path: path) }
    return fd
  }

  /// `close(2)` once: on Linux the descriptor is gone even when close reports EINTR,
  /// so retrying could close a descriptor another thread just opened.
  public static func close(_ fd: Int32) { _ = Glibc.close(fd) }

  /// Reads into `buffer` until it is full or at end of file; returns the bytes read.
  public static func readFully(
    _ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String
  ) throws(SystemError)
    -> Int
  {
    guard let base = buffer.baseAddress else { return 0 }
    var done = 0
    while done < buffer.count {
      let n = retrying { Glibc.read(fd, base + done, buffer.count - done) }
      if n < 0 { throw SystemError("cannot read", path: path) }
      if n == 0 { break }
      done += n
    }
    return done
  }

  /// One `read(2)` (retried on EINTR): what a pipe or socket has now; 0 at end.
  public static func readSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
    guard let base = buffer.baseAddress else { return 0 }
    return retrying { Glibc.read(fd, base, buffer.count) }
  }

  /// Writes all of `bytes`, continuing after short writes.
  public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String)
    throws(SystemError)
  {
    guard let base = bytes.baseAddress else { return }
    var done = 0
    while done < bytes.count {
      let n = retrying { Glibc.write(fd, base + done, bytes.count - done) }
      if n < 0 { throw SystemError("cannot write", path: path) }
      if n == 0 { throw SystemError("cannot write", path: path, code: EIO) }
      done += n
    }
  }

  public static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SystemError) {
    let failure: SystemError? = bytes.withUnsafeBytes { buffer in
      do throws(SystemError) {
        try writeAll(fd, buffer, path: path)
        return nil
      } catch { return error }
    }
    if let failure { throw failure }
  }

  /// The whole file as bytes.
  public static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
    let fd = try open(path, O_RDONLY)
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw SystemError("cannot stat", path: path) }
    if (st.st_mode & S_IFMT) == S_IFDIR {
      throw SystemError("cannot read", path: path, code: EISDIR)
    }
    // One byte more than the size, so a short read proves the end; a file that grows
    // (or reports no size: procfs) goes on in chunks.
    var bytes = [UInt8](repeating: 0, count: max(Int(st.st_size), 0) + 1)
    var done = 0
    while true {
      let result: Result<Int, SystemError> = bytes.withUnsafeMutableBytes { buffer in
        do throws(SystemError) {
          return .success(
            try readFully(
              fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]), path: path))
        } catch { return .failure(error) }
      }
      done += try result.get()
      if done < bytes.count { break }
      bytes.append(contentsOf: repeatElement(0, count: max(65536, bytes.count)))
    }
    bytes.removeSubrange(done...)
    return bytes
  }

  /// `waitpid(2)` retried on EINTR; the raw wait status.
  public static func wait(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    _ = retrying { waitpid(pid, &status, 0) }
    return status
  }

  /// Whether a process with this id exists (it may belong to another user).
  public static func isAlive(_ pid: pid_t) -> Bool {
    guard pid > 0 else { return false }
    return kill(pid, 0) == 0 || errno == EPERM
  }
}
