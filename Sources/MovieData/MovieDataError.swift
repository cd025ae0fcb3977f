/// Errors of the MovieLens data stages (synthetic, parse, split).
///
/// Reading and writing the normalized files can also throw `RecsysCoreError`.
public enum MovieDataError: Error, CustomStringConvertible, Equatable {
  /// A parameter is out of range; `reason` says which values work.
  case invalidParameter(name: String, reason: String)
  /// A line of a source file does not follow its format.
  case malformedLine(file: String, line: Int, reason: String)
  /// No known MovieLens layout was found; `found` lists what the folder holds (sorted).
  case unknownFormat(directory: String, found: [String])
  /// The source has no usable rating.
  case noRatings(file: String)

  public var description: String {
    switch self {
    case .invalidParameter(let name, let reason):
      return "invalid parameter '\(name)': \(reason)"
    case .malformedLine(let file, let line, let reason):
      return "\(file):\(line): error: \(reason)"
    case .unknownFormat(let directory, let found):
      let shown =
        found.isEmpty
        ? "nothing" : found.prefix(20).joined(separator: ", ") + (found.count > 20 ? ", ..." : "")
      return "no movielens dataset found in '\(directory)' (found: \(shown)); "
        + DatasetFormat.allCases.map {
          "\($0.datasets) \($0 == .csv ? "need" : "needs") \($0.requiredFiles.joined(separator: ", "))"
        }
        .joined(separator: "; ")
    case .noRatings(let file):
      return "'\(file)' holds no rating: check that it is the ratings file of a movielens dataset"
    }
  }
}
