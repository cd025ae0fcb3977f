#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The one atomic file write: a temp file in the destination's folder, written,
/// `fsync`ed, renamed over the destination, and the folder `fsync`ed, so that a
/// reader (or a crash at any moment) sees the old file or the whole new one, and a
/// finished write survives a power cut.
///
/// Streams: `write` as often as needed, then `commit()`. Dropped without `commit()`,
/// it removes its temp file; a killed writer leaves one that `TempName.removeStale`
/// recognises by the dead pid in its name.
public final class AtomicFile {
  /// Where the file appears on `commit()`.
  public let path: String
  /// The temp file (`.NAME.tmp-PID-TAG` beside the destination).
  public let tempPath: String
  private let fd: Int32
  private var finished = false

  /// Opens the temp file; the destination's folder must exist.
  public init(path: String, mode: mode_t = 0o644) throws(SystemError) {
    self.path = path
    tempPath = TempName.beside(path)
    fd = try Syscall.open(tempPath, O_WRONLY | O_CREAT | O_EXCL, mode: mode)
  }

  deinit {
    if !finished {
      Syscall.close(fd)
      unlink(tempPath)
    }
  }

  /// The open temp file, for writers that need the descriptor (mmap, pwrite).
  public var descriptor: Int32 { fd }

  public func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
    precondition(!finished, "write after commit")
    try Syscall.writeAll(fd, bytes, path: path)
  }

  public func write(_ bytes: [UInt8]) throws(SystemError) {
    let failure: SystemError? = bytes.withUnsafeBytes { buffer in
      do throws(SystemError) {
        try write(buffer)
        return nil
      } catch { return error }
    }
    if let failure { throw failure }
  }

  public func write(_ text: String) throws(SystemError) {
    try write(Array(text.utf8))
  }

  /// fsync, rename into place, fsync the folder. On failure the temp file is removed
  /// and the destination is untouched.
  public func commit() throws(SystemError) { try commit(renamingTo: path) }

  /// `commit()` to another name in the same folder, for writers that learn the
  /// name from the content (a bundle named by its hash).
  public func commit(renamingTo destination: String) throws(SystemError) {
    precondition(!finished, "commit twice")
    finished = true
    if fsync(fd) != 0 {
      let error = SystemError("cannot write", path: destination)
      Syscall.close(fd)
      unlink(tempPath)
      throw error
    }
    Syscall.close(fd)
    if rename(tempPath, destination) != 0 {
      let error = SystemError("cannot replace", path: destination)
      unlink(tempPath)
      throw error
    }
    Directory.sync(Directory.parent(of: destination))
  }

  /// Drops the write: the temp file is removed, the destination untouched.
  public func discard() {
    guard !finished else { return }
    finished = true
    Syscall.close(fd)
    unlink(tempPath)
  }

  /// Writes `bytes` to `path` atomically.
  public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644)
    throws(SystemError)
  {
    let file = try AtomicFile(path: path, mode: mode)
    try file.write(bytes)
    try file.commit()
  }

  /// Writes the UTF-8 bytes of `text` to `path` atomically.
  public static func write(_ text: String, to path: String, mode: mode_t = 0o644)
    throws(SystemError)
  {
    try write(Array(text.utf8), to: path, mode: mode)
  }
}
