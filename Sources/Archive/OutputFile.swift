#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// A file being written with plain POSIX calls: extracted data arrives in large
/// chunks, so unbuffered `write(2)` is already efficient and avoids Foundation.
struct OutputFile {
  let path: String
  private let fd: Int32

  init(creating path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    if fd < 0 { throw ArchiveError.writeFailed(path: path, reason: ArchiveStorage.errnoText()) }
    self.path = path
    self.fd = fd
  }

  func append(_ buffer: UnsafeRawBufferPointer) throws {
    guard var p = buffer.baseAddress else { return }
    var left = buffer.count
    while left > 0 {
      let n = write(fd, p, left)
      if n < 0 {
        if errno == EINTR { continue }
        throw ArchiveError.writeFailed(path: path, reason: ArchiveStorage.errnoText())
      }
      p += n
      left -= n
    }
  }

  func finish() throws {
    if close(fd) != 0 {
      throw ArchiveError.writeFailed(path: path, reason: ArchiveStorage.errnoText())
    }
  }

  /// Creates `path` and any missing parents, like `mkdir -p`.
  static func makeDirectories(_ path: String) throws {
    var info = stat()
    if stat(path, &info) == 0 {
      if (info.st_mode & S_IFMT) == S_IFDIR { return }
      throw ArchiveError.writeFailed(path: path, reason: "a file is in the way of a folder")
    }
    if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
      try makeDirectories(String(path[..<slash]))
    }
    if mkdir(path, 0o755) != 0 && errno != EEXIST {
      throw ArchiveError.writeFailed(path: path, reason: ArchiveStorage.errnoText())
    }
  }
}
