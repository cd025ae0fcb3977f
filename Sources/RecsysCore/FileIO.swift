#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics

/// Whole-file reads and small file-system helpers over POSIX calls.
///
/// Data files are read into `[UInt8]` in one go: byte loops over an array are two
/// orders of magnitude faster than over `Data`, and one `read` per file keeps a
/// 600 MB ratings file at disk speed.
public enum FileIO {
  /// The bytes of the file at `path`.
  ///
  /// - Throws: `RecsysCoreError.cannotRead` when the file is missing or unreadable.
  public static func readBytes(atPath path: String) throws -> [UInt8] {
    let (fd, _) = try openFile(atPath: path)
    close(fd)
    do throws(SystemError) {
      return try Syscall.readFile(path)
    } catch {
      throw RecsysCoreError.cannotRead(path: path, reason: error.reason)
    }
  }

  /// The file at `path` opened for reading, and its size now; the caller closes it.
  ///
  /// - Throws: `RecsysCoreError.cannotRead` when the file is missing, unreadable or a
  ///   directory.
  public static func openFile(atPath path: String) throws -> (fd: Int32, size: Int) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw RecsysCoreError.cannotRead(path: path, reason: errnoText()) }
    var info = stat()
    if fstat(fd, &info) != 0 {
      let reason = errnoText()
      close(fd)
      throw RecsysCoreError.cannotRead(path: path, reason: reason)
    }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      close(fd)
      throw RecsysCoreError.cannotRead(path: path, reason: "it is a directory, expected a file")
    }
    return (fd, max(0, Int(info.st_size)))
  }

  /// Whether `path` names an existing directory (symlinks followed).
  public static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Whether `path` names an existing regular file (symlinks followed).
  public static func isFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// The names in a directory, sorted by their UTF-8 bytes, without `.` and `..`.
  ///
  /// - Throws: `RecsysCoreError.cannotRead` when the directory cannot be listed.
  public static func listDirectory(_ path: String) throws -> [String] {
    guard let dir = opendir(path) else {
      throw RecsysCoreError.cannotRead(path: path, reason: errnoText())
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  /// Creates `path` and any missing parents (like `mkdir -p`).
  ///
  /// - Throws: `RecsysCoreError.cannotWrite` when a component cannot be created.
  public static func createDirectory(_ path: String) throws {
    do throws(SystemError) {
      try Directory.create(path)
    } catch {
      throw RecsysCoreError.cannotWrite(path: error.path, reason: error.reason)
    }
  }

  /// The absolute path of `path` with symlinks resolved, or nil when it does not exist.
  public static func resolvedPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// `directory/name`, without doubling a trailing slash.
  public static func join(_ directory: String, _ name: String) -> String {
    if directory.isEmpty { return name }
    return directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  /// The C library's text for an errno value, starting lowercase to fit our messages.
  static func errnoText(_ code: Int32 = errno) -> String {
    let text = String(cString: strerror(code))
    return text.prefix(1).lowercased() + text.dropFirst()
  }
}
