import Basics
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

  /// Writes `text` to stderr in one call where it fits (log lines from several threads
  /// do not interleave).
  /// A line that cannot be written (stderr closed) is dropped; the request is not.
  public static func say(_ text: String) { try? Syscall.writeAll(2, Array(text.utf8), path: "stderr") }

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
}
