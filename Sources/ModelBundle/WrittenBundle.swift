import StrictJSON

/// What `BundleWriter.write` produced.
public struct WrittenBundle: Sendable, Equatable {
  /// The bundle's file name inside the output folder, `bundle-<version>.mlb`.
  public var fileName: String
  /// The first 12 hex digits of `sha256`.
  public var version: String
  /// Hex SHA-256 of the payload.
  public var sha256: String
  /// Total file size in bytes.
  public var size: Int
  /// The contents of `manifest.json` as written.
  public var manifest: JSON
}
