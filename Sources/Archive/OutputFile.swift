#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics

/// A file being written with plain POSIX calls: extracted data arrives in large
/// chunks, so unbuffered `write(2)` is already efficient and avoids Foundation.
///
/// The file gets its final name only once it is complete (`publish(as:)`). On Linux it
/// starts unnamed (`O_TMPFILE`) and is linked in place: one directory entry per file.
/// Elsewhere, or when the target already exists (an atomic replace needs `rename`), it
/// is written under a hidden temporary name beside the target and renamed. For archives
/// of many small files the directory operations are most of the cost: the temporary
/// name and the rename were two of the three per file.
struct OutputFile {
  let path: String
  private let fd: Int32
  private let unnamed: Bool

  /// Opens a new file that will become `target`.
  ///
  /// - Parameters:
  ///   - folder: the folder `target` is in (it exists).
  ///   - temporary: the hidden name to use when the file cannot start unnamed.
  ///   - allowUnnamed: whether `O_TMPFILE` and `/proc/self/fd` may be used.
  init(in folder: String, temporary: String, allowUnnamed: Bool) throws {
    #if os(Linux)
      if allowUnnamed {
        let fd = Syscall.retrying { open(folder, O_WRONLY | O_CLOEXEC | Self.unnamedFlag, 0o644) }
        if fd >= 0 {
          self.path = temporary
          self.fd = fd
          unnamed = true
          return
        }
        // EOPNOTSUPP, EISDIR or EINVAL: this file system cannot; use a name.
      }
    #endif
    let fd = Syscall.retrying { open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
    if fd < 0 { throw ArchiveError.writeFailed(path: temporary, reason: ArchiveStorage.errnoText()) }
    self.path = temporary
    self.fd = fd
    unnamed = false
  }

  #if os(Linux)
    /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`), which Swift does not import.
    static let unnamedFlag: Int32 = 0o20_000_000 | O_DIRECTORY

    /// Whether unnamed files can be linked in through `/proc/self/fd`.
    static var canLinkUnnamed: Bool { access("/proc/self/fd", X_OK) == 0 }
  #else
    static var canLinkUnnamed: Bool { false }
  #endif

  /// Gives the complete file its name `target`, replacing an existing file atomically,
  /// and closes it.
  func publish(as target: String) throws {
    if unnamed {
      let source = "/proc/self/fd/\(fd)"
      if linkat(AT_FDCWD, source, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0 {
        try finish()
        return
      }
      guard errno == EEXIST else {
        let reason = ArchiveStorage.errnoText()
        close(fd)
        throw ArchiveError.writeFailed(path: target, reason: reason)
      }
      // Replacing a file: link under the temporary name, then rename over it.
      unlink(path)
      guard linkat(AT_FDCWD, source, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 else {
        let reason = ArchiveStorage.errnoText()
        close(fd)
        throw ArchiveError.writeFailed(path: path, reason: reason)
      }
    }
    do {
      try finish()
    } catch {
      unlink(path)
      throw error
    }
    if rename(path, target) != 0 {
      let reason = ArchiveStorage.errnoText()
      unlink(path)
      throw ArchiveError.writeFailed(path: target, reason: reason)
    }
  }

  /// Closes and removes an incomplete file.
  func abandon() {
    close(fd)
    if !unnamed { unlink(path) }
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
