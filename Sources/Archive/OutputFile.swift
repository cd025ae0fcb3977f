#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics

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
    do throws(SystemError) {
      try Syscall.writeAll(fd, buffer, path: path)
    } catch {
      throw ArchiveError.writeFailed(path: path, reason: error.reason)
    }
  }

  func finish() throws {
    if close(fd) != 0 {
      throw ArchiveError.writeFailed(path: path, reason: ArchiveStorage.errnoText())
    }
  }

  /// Creates `path` and any missing parents, like `mkdir -p`.
  static func makeDirectories(_ path: String) throws {
    do throws(SystemError) {
      try Directory.create(path)
    } catch {
      throw ArchiveError.writeFailed(
        path: error.path, reason: error.code == ENOTDIR ? "a file is in the way of a folder" : error.reason)
    }
  }
}
