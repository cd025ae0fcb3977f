/// Errors from reading and writing the normalized data files.
///
/// Messages are one lowercase line that names the file (and line, for malformed
/// data) so that a user can open the file at the spot and fix it.
public enum RecsysCoreError: Error, CustomStringConvertible, Equatable {
  /// The file could not be opened or read.
  case cannotRead(path: String, reason: String)
  /// The file could not be created, written or renamed into place.
  case cannotWrite(path: String, reason: String)
  /// A line of a data file does not follow the format.
  case malformed(file: String, line: Int, reason: String)

  public var description: String {
    switch self {
    case .cannotRead(let path, let reason):
      return "cannot read '\(path)': \(reason)"
    case .cannotWrite(let path, let reason):
      return "cannot write '\(path)': \(reason)"
    case .malformed(let file, let line, let reason):
      return "\(file):\(line): error: \(reason)"
    }
  }
}
