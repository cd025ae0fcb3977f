#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Writes a file through a temporary sibling and renames it into place on `commit()`.
///
/// Readers never see a half-written file: until the rename they see the previous
/// version (or none), and a writer dropped without `commit()` removes its temporary
/// file. The data is flushed with `fsync` before the rename so that a crash cannot
/// leave a renamed but empty file.
public final class AtomicFileWriter {
  /// Where the file appears on `commit()`.
  public let path: String
  private let tempPath: String
  private var fd: Int32
  private var finished = false

  /// Opens a temporary file next to `path`.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite` when the folder is missing or not writable.
  public init(path: String) throws {
    self.path = path
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    // The temp name never reaches an output, so the process id and a random tag are fine.
    let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    tempPath = "\(dir).\(name).tmp.\(getpid()).\(tag)"
    fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    if fd < 0 { throw RecsysCoreError.cannotWrite(path: path, reason: FileIO.errnoText()) }
  }

  deinit {
    if !finished {
      close(fd)
      unlink(tempPath)
    }
  }

  /// Appends bytes to the file.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite` on a write error (disk full, ...).
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    precondition(!finished, "write after commit")
    guard var base = bytes.baseAddress else { return }
    var left = bytes.count
    while left > 0 {
      let n = posixWrite(fd, base, left)
      if n < 0 {
        if errno == EINTR { continue }
        throw RecsysCoreError.cannotWrite(path: path, reason: FileIO.errnoText())
      }
      base += n
      left -= n
    }
  }

  /// Appends bytes to the file.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite` on a write error.
  public func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }

  /// Appends the UTF-8 bytes of `text`.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite` on a write error.
  public func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
  }

  /// Flushes the data to disk and renames the file into place.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite` when flushing or renaming fails; the
  ///   temporary file is then removed.
  public func commit() throws {
    precondition(!finished, "commit twice")
    finished = true
    let synced = fsync(fd) == 0
    let syncError = errno
    let closed = close(fd) == 0
    if !synced || !closed {
      unlink(tempPath)
      throw RecsysCoreError.cannotWrite(
        path: path, reason: FileIO.errnoText(synced ? errno : syncError))
    }
    if rename(tempPath, path) != 0 {
      let reason = FileIO.errnoText()
      unlink(tempPath)
      throw RecsysCoreError.cannotWrite(path: path, reason: reason)
    }
  }

  /// Writes `bytes` to `path` atomically.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite`.
  public static func write(_ bytes: [UInt8], to path: String) throws {
    let writer = try AtomicFileWriter(path: path)
    try writer.write(bytes)
    try writer.commit()
  }

  /// Writes the UTF-8 bytes of `text` to `path` atomically.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite`.
  public static func write(_ text: String, to path: String) throws {
    try write(Array(text.utf8), to: path)
  }
}

#if canImport(Glibc)
  @inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    Glibc.write(fd, p, n)
  }
#else
  @inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    Darwin.write(fd, p, n)
  }
#endif
