import Basics

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The engine's file operations: the system layer (`Basics`) with its errors turned
/// into `PipelineError`s. A no-op `pipeline repro` must stay within milliseconds, so
/// these are POSIX calls, never Foundation.
enum FileSystem {
  typealias Status = FileIdentity

  /// `stat(2)` following symlinks; nil when the path does not exist.
  static func status(_ path: String) -> Status? { FileIdentity(path: path) }

  /// `lstat(2)`: does not follow a final symlink.
  static func linkStatus(_ path: String) -> (Status, isLink: Bool)? {
    FileIdentity(linkAt: path).map { ($0, $0.kind == .symlink) }
  }

  static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  static func errnoText() -> String { Syscall.errnoText() }

  /// The whole file as bytes.
  static func read(_ path: String) throws(PipelineError) -> [UInt8] {
    do { return try Syscall.readFile(path) } catch { throw PipelineError(error) }
  }

  static func readText(_ path: String) throws(PipelineError) -> String {
    String(decoding: try read(path), as: UTF8.self)
  }

  /// `AtomicFile.write` into a folder created as needed.
  static func writeAtomically(_ bytes: [UInt8], to path: String) throws(PipelineError) {
    do {
      try Directory.create(Directory.parent(of: path))
      try AtomicFile.write(bytes, to: path)
    } catch { throw PipelineError(error) }
  }

  static func writeAtomically(_ text: String, to path: String) throws(PipelineError) {
    try writeAtomically(Array(text.utf8), to: path)
  }

  static func makeDirectories(_ path: String) throws(PipelineError) {
    do { try Directory.create(path) } catch { throw PipelineError(error) }
  }

  /// Names in a directory, sorted by their UTF-8 bytes (never readdir order).
  static func list(_ path: String) throws(PipelineError) -> [String] {
    do { return try Directory.list(path) } catch { throw PipelineError(error) }
  }

  /// Removes a file or a whole tree; a missing path is not an error.
  static func remove(_ path: String) throws(PipelineError) {
    do { try Directory.remove(path) } catch { throw PipelineError(error) }
  }

  static func parent(of path: String) -> String { Directory.parent(of: path) }

  static func baseName(of path: String) -> String { Directory.baseName(of: path) }

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

extension PipelineError {
  /// A failed system call as the engine reports it.
  init(_ error: SystemError) {
    self = .io(path: error.path, message: "\(error.action): \(error.reason)")
  }
}
