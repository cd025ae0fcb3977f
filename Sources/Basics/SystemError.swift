#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// A system call that failed: what was done, to which path, and the `errno` text.
public struct SystemError: Error, CustomStringConvertible, Equatable, Sendable {
  /// What was attempted, as a verb phrase (`cannot open`, `cannot write`).
  public var action: String
  public var path: String
  public var code: Int32

  public init(_ action: String, path: String, code: Int32 = errno) {
    self.action = action
    self.path = path
    self.code = code
  }

  /// The `strerror` text alone, for callers that wrap it into their own error.
  public var reason: String { Syscall.errnoText(code) }

  public var description: String { "\(action) '\(path)': \(reason)" }
}
