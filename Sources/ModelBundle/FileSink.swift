#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Basics

/// Writes to an open file descriptor through a 1 MiB buffer, so a bundle of any size is
/// streamed without holding it in memory.
struct FileSink: ByteSink {
  let descriptor: Int32
  let path: String
  private var buffer: [UInt8] = []
  private static let capacity = 1 << 20

  init(descriptor: Int32, path: String) {
    self.descriptor = descriptor
    self.path = path
    buffer.reserveCapacity(FileSink.capacity)
  }

  mutating func write(_ raw: UnsafeRawBufferPointer) throws(BundleError) {
    if buffer.count + raw.count > FileSink.capacity { try flush() }
    if raw.count >= FileSink.capacity {
      try FileSink.writeAll(descriptor, raw, path: path)
    } else {
      buffer.append(contentsOf: raw)
    }
  }

  /// Writes out what is buffered.
  mutating func flush() throws(BundleError) {
    guard !buffer.isEmpty else { return }
    try FileSink.writeAll(descriptor, buffer, path: path)
    buffer.removeAll(keepingCapacity: true)
  }

  /// Writes every byte of `bytes`.
  static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(BundleError) {
    // `withUnsafeBytes` only rethrows untyped errors; carry ours in a Result.
    let result: Result<Void, BundleError> = bytes.withUnsafeBytes { raw in
      do throws(BundleError) {
        return .success(try writeAll(descriptor, raw, path: path))
      } catch {
        return .failure(error)
      }
    }
    try result.get()
  }

  /// Writes every byte, retrying short writes and interrupts.
  static func writeAll(_ descriptor: Int32, _ raw: UnsafeRawBufferPointer, path: String)
    throws(BundleError)
  {
    do throws(SystemError) {
      try Syscall.writeAll(descriptor, raw, path: path)
    } catch {
      throw BundleError.cannotWrite(path: path, reason: error.reason)
    }
  }
}
