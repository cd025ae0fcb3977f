#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few system calls the server (and the command that runs it) needs, with EINTR
/// retried.
public enum Posix {
  /// Seconds on the monotonic clock.
  static func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  static func errorText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

  /// Writes all of `text` to `fd` (used for log lines; short writes retried).
  public static func writeAll(_ fd: Int32, _ text: String) {
    var copy = text
    copy.withUTF8 { bytes in
      var offset = 0
      while offset < bytes.count {
        let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return
        }
        offset += written
      }
    }
  }

  /// Writes `text` to stderr in one call where it fits (log lines from several threads
  /// do not interleave).
  public static func say(_ text: String) { writeAll(2, text) }

  static func setNonBlocking(_ fd: Int32) {
    let flags = fcntl(fd, F_GETFL)
    _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
  }

  static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
    var value = value
    _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
  }

  /// `ip:port` of an IPv4 socket address.
  static func describe(_ address: sockaddr_in) -> String {
    var copy = address.sin_addr
    var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
    inet_ntop(AF_INET, &copy, &buffer, socklen_t(buffer.count))
    let ip = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    return "\(ip):\(UInt16(bigEndian: address.sin_port))"
  }

  /// Starts a thread running `body`.
  @discardableResult
  public static func startThread(_ body: @escaping @Sendable () -> Void) -> pthread_t {
    final class Box {
      let body: @Sendable () -> Void
      init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(
      &thread, nil,
      { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
      }, box)
    precondition(result == 0, "pthread_create failed: \(errorText(result))")
    return thread
  }
}
