/// A dataset archive on local disk whose digests have been computed (and checked
/// against every checksum that was given or pinned).
public struct FetchedArchive: Sendable, Equatable {
  /// How the archive was obtained.
  public enum Origin: String, Sendable, Equatable {
    /// The user's own file, used in place.
    case local
    /// A verified copy already in the cache folder; no network was used.
    case cache
    /// Downloaded now, verified, and stored in the cache folder.
    case download
  }

  /// The archive's path: the user's file, or the copy in the cache folder.
  public let path: String
  /// Size in bytes.
  public let size: Int64
  /// SHA-256 of the archive, lowercase hex: the dataset fingerprint.
  public let sha256: String
  /// MD5 of the archive, lowercase hex (what GroupLens publishes).
  public let md5: String
  /// Where the bytes came from.
  public let origin: Origin

  /// Creates a description of an archive on disk.
  public init(path: String, size: Int64, sha256: String, md5: String, origin: Origin) {
    self.path = path
    self.size = size
    self.sha256 = sha256
    self.md5 = md5
    self.origin = origin
  }

  /// The digest of the given algorithm.
  public func digest(_ algorithm: Checksum.Algorithm) -> String {
    algorithm == .sha256 ? sha256 : md5
  }
}
