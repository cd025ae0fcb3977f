#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Temp file + fsync + rename, so a reader (or a crash) never sees a half-written file.
enum AtomicFile {
  /// An open temporary file in the destination's folder (rename needs the same device).
  struct Temporary {
    let descriptor: Int32
    let path: String
  }

  /// Creates a uniquely named hidden temporary file in `directory`.
  static func create(inDirectory directory: String, prefix: String) throws(BundleError)
    -> Temporary
  {
    var template = Array("\(directory)/.\(prefix).XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      throw BundleError.cannotWrite(path: directory, reason: String(cString: strerror(errno)))
    }
    let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    return Temporary(descriptor: descriptor, path: path)
  }

  /// Makes the temporary file durable and moves it to `destination`.
  static func commit(_ temporary: Temporary, to destination: String) throws(BundleError) {
    // mkstemp creates 0600; outputs are ordinary readable files.
    _ = fchmod(temporary.descriptor, 0o644)
    guard fsync(temporary.descriptor) == 0 else {
      let reason = String(cString: strerror(errno))
      discard(temporary)
      throw BundleError.cannotWrite(path: destination, reason: reason)
    }
    close(temporary.descriptor)
    guard rename(temporary.path, destination) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary.path)
      throw BundleError.cannotWrite(path: destination, reason: reason)
    }
    syncDirectory(of: destination)
  }

  /// Closes and removes a temporary file after a failure.
  static func discard(_ temporary: Temporary) {
    close(temporary.descriptor)
    unlink(temporary.path)
  }

  /// Writes `bytes` to `path` atomically.
  static func write(_ bytes: [UInt8], to path: String) throws(BundleError) {
    let temporary = try create(inDirectory: directory(of: path), prefix: "manifest")
    do throws(BundleError) {
      try FileSink.writeAll(temporary.descriptor, bytes, path: path)
    } catch {
      discard(temporary)
      throw error
    }
    try commit(temporary, to: path)
  }

  /// The folder part of `path` ("." when there is none).
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let folder = String(path[..<slash])
    return folder.isEmpty ? "/" : folder
  }

  /// Persists the rename itself (best effort: some filesystems refuse fsync on folders).
  private static func syncDirectory(of path: String) {
    let descriptor = open(directory(of: path), O_RDONLY)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }
}
