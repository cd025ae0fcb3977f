import Archive

/// Everything that can go wrong while obtaining the dataset archive.
///
/// Messages are one lowercase line naming the source or file involved and the way out.
public enum FetchError: Error, CustomStringConvertible, Equatable, Sendable {
  /// `data.source` looks like a dataset name but is not one we know.
  case unknownDataset(name: String)
  /// `data.source` cannot be understood (unsupported scheme, malformed URL).
  case invalidSource(source: String, reason: String)
  /// A checksum parameter is not hexadecimal of the right length.
  case invalidChecksum(field: String, value: String)
  /// A download source has no checksum to verify it against.
  case checksumRequired(source: String)
  /// `synthetic` has no archive: the caller generates the data instead.
  case nothingToFetch(source: String)
  /// A local source does not exist.
  case fileNotFound(path: String)
  /// A local source exists but is not a regular file.
  case notAFile(path: String)
  /// The file's digest differs from the expected one. For downloads the file was removed.
  case checksumMismatch(file: String, algorithm: String, expected: String, actual: String)
  /// The server could not be reached (no network, refused, timed out) and no verified
  /// copy is cached.
  case offline(url: String, reason: String, cacheFolder: String)
  /// The server answered with an HTTP error status.
  case httpStatus(url: String, status: Int)
  /// The download ended before the announced length.
  case truncatedDownload(url: String, expected: Int64, received: Int64)
  /// Reading, writing or renaming a file failed.
  case ioFailed(path: String, reason: String)
  /// The archive could not be extracted.
  case archive(ArchiveError)

  public var description: String {
    switch self {
    case .unknownDataset(let name):
      return
        "unknown dataset '\(name)'; use one of \(KnownDataset.all.map { "'\($0.name)'" }.joined(separator: ", ")), a file:///path/to/archive.zip, an https:// url with data.sha256 or data.md5, or 'synthetic'"
    case .invalidSource(let source, let reason):
      return
        "data.source '\(source)': \(reason); use a dataset name, file:///path/to/archive.zip, a path, an https:// url, or 'synthetic'"
    case .invalidChecksum(let field, let value):
      let digits = field.hasSuffix("md5") ? 32 : 64
      return "\(field) '\(value)' is not a checksum: expected \(digits) hexadecimal digits"
    case .checksumRequired(let source):
      return
        "'\(source)' has no pinned checksum; pass data.sha256 or data.md5 so the download can be verified"
    case .nothingToFetch(let source):
      return "data.source '\(source)' is generated, there is no archive to fetch"
    case .fileNotFound(let path):
      return "data file '\(path)' does not exist; check data.source, or use data.source=synthetic"
    case .notAFile(let path):
      return "data source '\(path)' is not a regular file; pass the .zip archive itself"
    case .checksumMismatch(let file, let algorithm, let expected, let actual):
      return
        "'\(file)' has \(algorithm) \(actual), expected \(expected); the file is corrupt or a different version, check data.\(algorithm) or fetch it again"
    case .offline(let url, let reason, let cacheFolder):
      let file = url.split(separator: "/").last.map(String.init) ?? "archive.zip"
      return
        "cannot download '\(url)' (\(reason)) and no verified copy is in '\(cacheFolder)'; pass a local file with data.source=file:///path/to/\(file) and its data.md5 or data.sha256, or use data.source=synthetic"
    case .httpStatus(let url, let status):
      let file = url.split(separator: "/").last.map(String.init) ?? "archive.zip"
      return
        "downloading '\(url)' failed with http status \(status); pass a local file with data.source=file:///path/to/\(file), or use data.source=synthetic"
    case .truncatedDownload(let url, let expected, let received):
      return
        "download of '\(url)' stopped after \(received) of \(expected) bytes; run again to retry"
    case .ioFailed(let path, let reason):
      return "cannot read or write '\(path)': \(reason); check the path and its permissions"
    case .archive(let error):
      return String(describing: error)
    }
  }
}
