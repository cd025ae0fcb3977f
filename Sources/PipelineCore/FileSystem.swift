#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The few file operations the engine needs, on POSIX calls directly: a no-op
/// `pipeline repro` must stay within milliseconds, and Foundation's file APIs
/// allocate and bridge far more than a `stat` needs.
enum FileSystem {
  struct Status: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var mtimeNanos: Int64
    var ctimeNanos: Int64
    var isDirectory: Bool
    var isRegular: Bool
  }

  /// `stat(2)` following symlinks; nil when the path does not exist.
  static func status(_ path: String) -> Status? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return Status(st)
  }

  /// `lstat(2)`: does not follow a final symlink.
  static func linkStatus(_ path: String) -> (Status, isLink: Bool)? {
    var st = stat()
    guard lstat(path, &st) == 0 else { return nil }
    return (Status(st), (st.st_mode & S_IFMT) == S_IFLNK)
  }

  static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  static func errnoText() -> String { String(cString: strerror(errno)) }

  /// The whole file as bytes.
  static func read(_ path: String) throws(PipelineError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .io(path: path, message: "cannot open: \(errnoText())") }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw .io(path: path, message: "cannot stat: \(errnoText())") }
    var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
    var done = 0
    while true {
      if done == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 65536)) }
      let n = bytes.withUnsafeMutableBytes { buf in
        Glibc.read(fd, buf.baseAddress! + done, buf.count - done)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw .io(path: path, message: "cannot read: \(errnoText())")
      }
      if n == 0 { break }
      done += n
    }
    bytes.removeSubrange(done...)
    return bytes
  }

  static func readText(_ path: String) throws(PipelineError) -> String {
    String(decoding: try read(path), as: UTF8.self)
  }

  /// Writes `bytes` so that a reader sees either the old file or the whole new one:
  /// a temp file in the same folder, fsync, rename over the target, fsync the folder.
  static func writeAtomically(_ bytes: [UInt8], to path: String) throws(PipelineError) {
    let folder = parent(of: path)
    if !folder.isEmpty { try makeDirectories(folder) }
    let temp = "\(folder.isEmpty ? "." : folder)/.\(baseName(of: path)).tmp-\(getpid())"
    let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .io(path: temp, message: "cannot create: \(errnoText())") }
    var ok = true
    bytes.withUnsafeBytes { buf in
      var done = 0
      while done < buf.count {
        let n = write(fd, buf.baseAddress! + done, buf.count - done)
        if n < 0 {
          if errno == EINTR { continue }
          ok = false
          return
        }
        done += n
      }
    }
    let reason = errnoText()
    if !ok || fsync(fd) != 0 {
      close(fd)
      unlink(temp)
      throw .io(path: path, message: "cannot write: \(reason)")
    }
    close(fd)
    guard rename(temp, path) == 0 else {
      let reason = errnoText()
      unlink(temp)
      throw .io(path: path, message: "cannot replace: \(reason)")
    }
    let dfd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if dfd >= 0 {
      fsync(dfd)
      close(dfd)
    }
  }

  static func writeAtomically(_ text: String, to path: String) throws(PipelineError) {
    try writeAtomically(Array(text.utf8), to: path)
  }

  static func makeDirectories(_ path: String) throws(PipelineError) {
    if let st = status(path) {
      if st.isDirectory { return }
      throw .io(path: path, message: "exists and is not a directory")
    }
    let up = parent(of: path)
    if !up.isEmpty && up != path { try makeDirectories(up) }
    if mkdir(path, 0o755) != 0 && errno != EEXIST {
      throw .io(path: path, message: "cannot create directory: \(errnoText())")
    }
  }

  /// Names in a directory, sorted by their UTF-8 bytes (never readdir order).
  static func list(_ path: String) throws(PipelineError) -> [String] {
    guard let dir = opendir(path) else {
      throw .io(path: path, message: "cannot list: \(errnoText())")
    }
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

  /// Removes a file or a whole tree; a missing path is not an error.
  static func remove(_ path: String) throws(PipelineError) {
    guard let (st, isLink) = linkStatus(path) else { return }
    if st.isDirectory && !isLink {
      for name in try list(path) { try remove(path + "/" + name) }
      if rmdir(path) != 0 { throw .io(path: path, message: "cannot remove: \(errnoText())") }
    } else if unlink(path) != 0 {
      throw .io(path: path, message: "cannot remove: \(errnoText())")
    }
  }

  static func parent(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
    if slash == path.utf8.startIndex { return "/" }
    return String(path[..<slash])
  }

  static func baseName(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
    return String(path[path.utf8.index(after: slash)...])
  }

  static func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "." }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  }

  /// The canonical absolute path (symlinks resolved), or nil if it does not exist.
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

extension FileSystem.Status {
  init(_ st: stat) {
    device = UInt64(st.st_dev)
    inode = UInt64(st.st_ino)
    size = Int64(st.st_size)
    mtimeNanos = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    ctimeNanos = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
    isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
    isRegular = (st.st_mode & S_IFMT) == S_IFREG
  }
}
