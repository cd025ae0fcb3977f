/// Why hashing a file failed.
///
/// `reason` is the C library's `strerror(errno)` text, kept verbatim so callers can match it.
public enum HashingError: Error, CustomStringConvertible, Equatable {
  /// `open(2)` failed: the file is missing, unreadable, or a path component is wrong.
  case cannotOpen(path: String, reason: String)
  /// `read(2)` failed part way, for example because the path names a directory.
  case readFailed(path: String, reason: String)
  /// The environment variable that picks the SHA-256 implementation holds an unknown value.
  case unknownImplementation(variable: String, value: String)

  /// One lowercase line naming the path, the cause and what to check.
  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason):
      return "cannot open '\(path)' for hashing: \(Self.lowercasedFirst(reason)) "
        + "(check that the file exists and is readable)"
    case .readFailed(let path, let reason):
      return "cannot read '\(path)' for hashing: \(Self.lowercasedFirst(reason)) "
        + "(check that it is a regular file and the device is healthy)"
    case .unknownImplementation(let variable, let value):
      return "\(variable)='\(value)' is not a sha-256 implementation "
        + "(use 'portable', 'accelerated' or 'auto', or unset it)"
    }
  }

  // strerror texts start with a capital ("No such file"), our messages do not.
  private static func lowercasedFirst(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.lowercased() + text.dropFirst()
  }
}
