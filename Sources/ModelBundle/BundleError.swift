/// Everything that can go wrong writing, finding or reading a model bundle.
///
/// Messages are one lowercase line that names the file and says how to fix it; print
/// them with `String(describing:)`.
public enum BundleError: Error, CustomStringConvertible, Equatable {
  /// The file does not exist.
  case notFound(path: String)
  /// The file exists but could not be opened, mapped or read.
  case cannotRead(path: String, reason: String)
  /// A file or folder could not be written.
  case cannotWrite(path: String, reason: String)
  /// The file is shorter than its header says (or shorter than a header).
  case truncated(path: String, expectedBytes: UInt64, actualBytes: UInt64)
  /// The file is longer than its header says.
  case trailingData(path: String, expectedBytes: UInt64, actualBytes: UInt64)
  /// The file does not start with the bundle magic bytes.
  case badMagic(path: String)
  /// The bundle was written in a format version this build cannot read.
  case unsupportedFormatVersion(path: String, found: UInt32, supported: UInt32)
  /// The payload does not hash to the checksum in the header.
  case checksumMismatch(path: String, expected: String, actual: String)
  /// The checksum matched but the payload breaks the layout rules (a writer bug or a
  /// crafted file).
  case malformed(path: String, detail: String)
  /// The writer was given inconsistent contents.
  case invalidContents(detail: String)
  /// No bundle was found where one was expected.
  case noBundle(directory: String)
  /// Several bundles and no `manifest.json` to choose between them.
  case ambiguousBundle(directory: String, files: [String])
  /// `manifest.json` next to the bundles could not be used.
  case badManifest(path: String, detail: String)

  public var description: String {
    switch self {
    case .notFound(let path):
      return
        "'\(path)': no such bundle file; run 'pipeline repro' to build it or pass --bundle PATH"
    case .cannotRead(let path, let reason):
      return "'\(path)': cannot read bundle: \(reason)"
    case .cannotWrite(let path, let reason):
      return "'\(path)': cannot write: \(reason)"
    case .truncated(let path, let expected, let actual):
      return
        "'\(path)': truncated bundle: expected \(expected) bytes, found \(actual); rebuild it with 'pipeline repro'"
    case .trailingData(let path, let expected, let actual):
      return
        "'\(path)': bundle has trailing data: expected \(expected) bytes, found \(actual); rebuild it with 'pipeline repro'"
    case .badMagic(let path):
      return
        "'\(path)': not a model bundle (bad magic bytes); pass a 'bundle-*.mlb' file written by 'recsys package'"
    case .unsupportedFormatVersion(let path, let found, let supported):
      return
        "'\(path)': bundle format version \(found) is not supported (this build reads version \(supported)); rebuild the bundle with 'pipeline repro' or use a matching 'recommend'"
    case .checksumMismatch(let path, let expected, let actual):
      return
        "'\(path)': checksum mismatch: header says sha256 \(expected), payload hashes to \(actual); the file is corrupted, rebuild it with 'pipeline repro'"
    case .malformed(let path, let detail):
      return "'\(path)': malformed bundle: \(detail); rebuild it with 'pipeline repro'"
    case .invalidContents(let detail):
      return "invalid bundle contents: \(detail)"
    case .noBundle(let directory):
      return
        "no model bundle found in '\(directory)'; run 'pipeline repro' to build one, or pass --bundle PATH"
    case .ambiguousBundle(let directory, let files):
      return
        "'\(directory)' holds several bundles (\(files.joined(separator: ", "))) and no manifest.json; pass --bundle PATH"
    case .badManifest(let path, let detail):
      return "'\(path)': \(detail); rebuild it with 'pipeline repro' or pass --bundle PATH"
    }
  }
}
