#if canImport(Glibc)
  import Glibc
#endif
import Hashing
import StrictJSON

/// An open model bundle: checked once on open, then read in place.
///
/// Opening maps the file, checks the magic bytes, the format version, the length, the
/// payload SHA-256, and every section's bounds, offsets and indices, in that order; a
/// malformed file gives a `BundleError`, never a crash. After that the typed views below
/// point straight into the mapping (no copies, no parsing at query time).
///
/// The views are unsafe pointers into memory this object owns: keep the reader alive
/// while you use them (`withExtendedLifetime(reader) { ... }` when in doubt).
public final class BundleReader: @unchecked Sendable {
  /// The path (or name) the bundle was opened from, as given.
  public let path: String
  /// The format version from the header (always `BundleFormat.version` once open).
  public let formatVersion: UInt32
  /// Hex SHA-256 of the payload, as recorded in the header (and checked against the
  /// payload unless the reader was opened with `verifyChecksum: false`).
  public let sha256: String
  /// The bundle version: the first 12 hex digits of `sha256`.
  public var version: String { String(sha256.prefix(BundleFormat.versionLength)) }
  /// Total file size in bytes.
  public var fileSize: Int { storage.count }
  /// The manifest stored in the payload (params, metrics, counts, dataset fingerprint).
  public let manifest: JSON
  /// Movie ids, titles, years and genres.
  public let movies: MovieTableView
  /// User ids.
  public let users: IDIndexView
  /// The matrix factorization model.
  public let model: FactorModelView
  /// Content neighbours per movie, each row by similarity descending.
  public let neighbors: SparseRowsView
  /// Rating count and mean per movie.
  public let popularity: PopularityView
  /// Each user's training ratings.
  public let ratings: SparseRowsView
  /// How the bundle's recommendations are scored.
  public let scoring: ScoringConfig
  /// The top-N ranker's arrays (empty when the SVD serves).
  public let ranker: RankerView

  private let storage: MappedBytes

  /// Opens and checks the bundle file at `path` (memory-mapped).
  ///
  /// - Parameters:
  ///   - path: the `.mlb` file.
  ///   - verifyChecksum: hash the payload and compare with the header (default). Turning
  ///     it off skips only the hash; every structural check still runs.
  /// - Throws: `BundleError` naming the problem: `notFound`, `truncated`, `badMagic`,
  ///   `unsupportedFormatVersion`, `checksumMismatch`, `malformed`, ...
  /// - Parameter cache: remembers verified files by identity (see `VerificationCache`).
  public convenience init(path: String, verifyChecksum: Bool = true, cache: VerificationCache? = nil)
    throws(BundleError)
  {
    try self.init(storage: MappedBytes(path: path), path: path, verifyChecksum: verifyChecksum, cache: cache)
  }

  /// Checks and opens a bundle held in memory (the bytes are copied once).
  ///
  /// - Parameters:
  ///   - bytes: a complete bundle file.
  ///   - name: how error messages name it.
  ///   - verifyChecksum: as for `init(path:verifyChecksum:)`.
  public convenience init(bytes: [UInt8], name: String = "<memory>", verifyChecksum: Bool = true)
    throws(BundleError)
  {
    try self.init(storage: MappedBytes(copying: bytes), path: name, verifyChecksum: verifyChecksum, cache: nil)
  }

  private init(storage: MappedBytes, path: String, verifyChecksum: Bool, cache: VerificationCache?)
    throws(BundleError)
  {
    self.storage = storage
    self.path = path
    let file = storage.buffer
    let header = try BundleReader.readHeader(file, path: path)
    formatVersion = header.version
    let payload = UnsafeRawBufferPointer(rebasing: file[BundleFormat.headerSize...])
    let digestHex = Digest(bytes: header.digest).hex
    let realPath = cache == nil ? nil : BundleReader.realPath(path)
    var known = false
    if let cache, let realPath, let identity = storage.identity {
      known = cache.contains(path: realPath, identity: identity, digest: digestHex)
    }
    if verifyChecksum && !known {
      var hasher = SHA256()
      hasher.update(payload)
      let actual = hasher.finalize()
      guard actual.bytes == header.digest else {
        throw BundleError.checksumMismatch(
          path: path, expected: Digest(bytes: header.digest).hex, actual: actual.hex)
      }
      if let cache, let realPath, let identity = storage.identity {
        cache.remember(path: realPath, identity: identity, digest: digestHex)
      }
    }
    sha256 = Digest(bytes: header.digest).hex
    let sections = try SectionTable(payload: payload, path: path)
    let parts = try BundleReader.views(sections, path: path)
    (manifest, movies, users, model, neighbors, popularity, ratings, scoring, ranker) = parts
  }

  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Reads and checks the 64-byte header, including the total length.
  private static func readHeader(_ file: UnsafeRawBufferPointer, path: String) throws(BundleError)
    -> (version: UInt32, digest: [UInt8])
  {
    let magic = BundleFormat.magic
    let prefix = min(file.count, magic.count)
    guard Array(file[0..<prefix]) == Array(magic[0..<prefix]) else {
      throw BundleError.badMagic(path: path)
    }
    guard file.count >= BundleFormat.headerSize else {
      throw BundleError.truncated(
        path: path, expectedBytes: UInt64(BundleFormat.headerSize), actualBytes: UInt64(file.count))
    }
    let version = UInt32(littleEndian: file.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    guard version == BundleFormat.version else {
      throw BundleError.unsupportedFormatVersion(
        path: path, found: version, supported: BundleFormat.version)
    }
    let reserved = UInt32(littleEndian: file.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
    let tail = file[56..<64]
    guard reserved == 0, tail.allSatisfy({ $0 == 0 }) else {
      throw BundleError.malformed(path: path, detail: "reserved header bytes are not zero")
    }
    let payloadLength = UInt64(
      littleEndian: file.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
    let actual = UInt64(file.count)
    let (expected, overflow) = payloadLength.addingReportingOverflow(
      UInt64(BundleFormat.headerSize))
    guard !overflow, expected <= actual else {
      throw BundleError.truncated(
        path: path, expectedBytes: overflow ? .max : expected, actualBytes: actual)
    }
    guard expected == actual else {
      throw BundleError.trailingData(path: path, expectedBytes: expected, actualBytes: actual)
    }
    return (version, Array(file[24..<56]))
  }
}
