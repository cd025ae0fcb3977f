#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Folders: `mkdir -p`, sorted listings, path parts.
public enum Directory {
  /// Creates `path` and any missing parents (`mkdir -p`); an existing folder is fine.
  public static func create(_ path: String, mode: mode_t = 0o755) throws(SystemError) {
    guard !path.isEmpty else { return }
    var st = stat()
    if stat(path, &st) == 0 {
      if (st.st_mode & S_IFMT) == S_IFDIR { return }
      throw SystemError("cannot create folder", path: path, code: ENOTDIR)
    }
    let up = parent(of: path)
    if !up.isEmpty && up != path { try create(up, mode: mode) }
    if mkdir(path, mode) != 0 && errno != EEXIST {
      throw SystemError("cannot create folder", path: path)
    }
  }

  /// Names in a folder without `.` and `..`, sorted by UTF-8 bytes (never readdir order).
  public static func list(_ path: String) throws(SystemError) -> [String] {
    guard let dir = opendir(path) else { throw SystemError("cannot list", path: path) }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    return names
  }

  /// Removes a file or a whole tree (symlinks are removed, not followed); a missing
  /// path is not an error.
  public static func remove(_ path: String) throws(SystemError) {
    var st = stat()
    guard lstat(path, &st) == 0 else { return }
    if (st.st_mode & S_IFMT) == S_IFDIR {
      for name in try list(path) { try remove(path + "/" + name) }
      if rmdir(path) != 0 && errno != ENOENT { throw SystemError("cannot remove", path: path) }
    } else if unlink(path) != 0 && errno != ENOENT {
      throw SystemError("cannot remove", path: path)
    }
  }

  /// `fsync` of a folder, so a rename or create inside it survives a crash (best
  /// effort: some file systems refuse to sync folders).
  public static func sync(_ path: String) {
    let fd = Syscall.retrying {
      open(path.isEmpty ? "." : path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }
    guard fd >= 0 else { return }
    _ = fsync(fd)
    Syscall.close(fd)
  }

  /// The folder part of `path`: "" for a bare name, "/" for a top-level one.
  public static func parent(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
    if slash == path.utf8.startIndex { return "/" }
    return String(path[..<slash])
  }

  /// The last part of `path`.
  public static func baseName(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
    return String(path[path.utf8.index(after: slash)...])
  }
}
