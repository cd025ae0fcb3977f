import Foundation

/// Where the dataset comes from: the value of the `data.source` parameter.
public enum DataSource: Sendable, Equatable, CustomStringConvertible {
  /// Generated data; nothing to fetch.
  case synthetic
  /// A published MovieLens dataset, downloaded from GroupLens and checked against its
  /// pinned checksum.
  case named(KnownDataset)
  /// A local archive, from `file:///abs/path` or a plain path.
  case local(path: String)
  /// An `https://` (or `http://`) URL; a checksum is required.
  case remote(url: String)

  /// Parses `data.source`.
  ///
  /// - `synthetic`
  /// - a dataset name such as `ml-1m` (see `KnownDataset.all`)
  /// - `file:///abs/path/ml-1m.zip` (percent-escapes decoded)
  /// - `https://host/path/archive.zip`, or `http://` (the checksum still guards it)
  /// - any other text is a path, relative to the working directory
  ///
  /// - Throws: `FetchError.unknownDataset` for names like `ml-2m`,
  ///   `FetchError.invalidSource` for other URL schemes or malformed URLs.
  public static func parse(_ text: String) throws -> DataSource {
    if text.isEmpty { throw FetchError.invalidSource(source: text, reason: "it is empty") }
    if text == "synthetic" { return .synthetic }
    if let dataset = KnownDataset.named(text) { return .named(dataset) }
    let lower = text.lowercased()
    if let colon = lower.firstIndex(of: ":"), lower[colon...].hasPrefix("://") {
      let scheme = String(lower[..<colon])
      switch scheme {
      case "file":
        guard let url = URL(string: text),
          url.host == nil || url.host == "" || url.host == "localhost",
          url.path.hasPrefix("/")
        else {
          throw FetchError.invalidSource(
            source: text, reason: "a file url needs an absolute path, like file:///data/ml-1m.zip")
        }
        return .local(path: url.path)
      case "https", "http":
        guard let url = URL(string: text), let host = url.host, !host.isEmpty else {
          throw FetchError.invalidSource(source: text, reason: "not a valid url")
        }
        return .remote(url: text)
      default:
        throw FetchError.invalidSource(source: text, reason: "scheme '\(scheme)' is not supported")
      }
    }
    // A bare word shaped like a dataset name is a typo, not a file in the working folder.
    if lower.hasPrefix("ml-") && !text.contains("/") && !text.contains(".") {
      throw FetchError.unknownDataset(name: text)
    }
    return .local(path: text)
  }

  /// The source as the user would write it in `data.source`.
  public var description: String {
    switch self {
    case .synthetic: return "synthetic"
    case .named(let dataset): return dataset.name
    case .local(let path): return path
    case .remote(let url): return url
    }
  }
}
