#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import Basics

extension HashFunction {
  /// Hashes a file by streaming it through one reused 1 MiB buffer.
  ///
  /// Memory stays constant whatever the file size: the buffer is allocated once per call
  /// and whole blocks are compressed straight out of it.
  ///
  /// - Parameter path: the file to read; a relative path is resolved against the working
  ///   directory.
  /// - Returns: the digest and the number of bytes read.
  /// - Throws: `HashingError.cannotOpen` when `open(2)` fails (missing, unreadable),
  ///   `HashingError.readFailed` when `read(2)` fails (for example on a directory).
  public static func hash(fileAt path: String) throws(HashingError) -> (digest: Digest, size: Int) {
    let descriptor = Syscall.retrying { open(path, O_RDONLY | O_CLOEXEC) }
    guard descriptor >= 0 else {
      throw .cannotOpen(path: path, reason: lastErrorText())
    }
    defer { close(descriptor) }
    #if os(Linux)
      // A hint only: the kernel may read further ahead. Failure changes nothing.
      _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_SEQUENTIAL)
    #endif

    let capacity = 1 << 20
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    defer { buffer.deallocate() }

    var hasher = Self()
    var size = 0
    while true {
      let count = Syscall.readSome(descriptor, into: UnsafeMutableRawBufferPointer(start: buffer, count: capacity))
      if count > 0 {
        hasher.update(UnsafeRawBufferPointer(start: buffer, count: count))
        size += count
      } else if count == 0 {
        break
      } else {
        throw .readFailed(path: path, reason: lastErrorText())
      }
    }
    return (hasher.finalize(), size)
  }
}

/// The `strerror` text for the current `errno`; read it before any other libc call.
private func lastErrorText() -> String {
  String(cString: strerror(errno))
}
