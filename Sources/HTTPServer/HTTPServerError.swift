/// Why the server could not start.
public enum HTTPServerError: Error, CustomStringConvertible, Equatable {
  /// `host` is not an IPv4 address we can bind.
  case badHost(String)
  /// A system call failed while setting up the listening socket.
  case socket(call: String, host: String, port: Int, reason: String)
  /// A configuration value is out of range.
  case badConfiguration(String)

  public var description: String {
    switch self {
    case .badHost(let host):
      return "cannot bind host '\(host)': give an IPv4 address such as 127.0.0.1 or 0.0.0.0"
    case .socket(let call, let host, let port, let reason):
      return "cannot listen on \(host):\(port): \(call) failed: \(reason)"
    case .badConfiguration(let message):
      return message
    }
  }
}
