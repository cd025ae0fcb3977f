import Basics
import Foundation
import Hashing

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Obtains the dataset archive for the `download` stage: from the user's file, from
/// the cache folder, or over https, always verified against the pinned or given
/// checksums before it is used.
///
/// ```swift
/// let source = try DataSource.parse(params.source)          // "ml-1m"
/// let checks = try Checksum.parameters(sha256: params.sha256, md5: params.md5)
/// let fetcher = Fetcher(cacheFolder: ".pipeline/downloads")
/// let archive = try fetcher.fetch(source, checksums: checks) { done, total in bar.draw(done, total) }
/// try Fetcher.extract(archive, to: "artifacts/raw")
/// ```
///
/// Downloads stream into a hidden temporary file inside the cache folder while being
/// hashed, and are renamed to `<cache>/<file name>` only after the checksum matches; a
/// mismatching or interrupted download is deleted. A verified file already in the
/// cache is reused without touching the network.
public struct Fetcher: Sendable {
  /// Where downloaded archives are kept, by file name (`ml-1m.zip`).
  public let cacheFolder: String
  /// Seconds without any data before a download is abandoned.
  public let timeout: Double
  /// Base URL for named datasets; GroupLens unless a mirror is configured.
  public let datasetBaseURL: String

  /// Creates a fetcher.
  ///
  /// - Parameters:
  ///   - cacheFolder: folder for downloaded archives; created when first needed.
  ///   - timeout: seconds of silence (connecting or receiving) before giving up.
  ///   - datasetBaseURL: where named datasets are downloaded from.
  public init(
    cacheFolder: String, timeout: Double = 30,
    datasetBaseURL: String = KnownDataset.groupLensBaseURL
  ) {
    self.cacheFolder = cacheFolder
    self.timeout = timeout
    self.datasetBaseURL = datasetBaseURL
  }

  /// Reports download progress: bytes received so far and the total if the server
  /// announced it. Called on a background queue; the caller draws the bar.
  public typealias Progress = @Sendable (_ done: Int64, _ total: Int64?) -> Void

  /// Makes the archive for `source` available on local disk, verified.
  ///
  /// - Parameters:
  ///   - source: the parsed `data.source`.
  ///   - checksums: user-given digests (`data.sha256`, `data.md5`); every one must match.
  ///     Named datasets add their pinned MD5; downloads need at least one checksum.
  ///   - progress: called as download bytes arrive.
  /// - Returns: the archive's path, size, SHA-256, MD5 and origin.
  /// - Throws: `FetchError`: `.nothingToFetch` for synthetic, `.checksumRequired`,
  ///   `.fileNotFound`, `.notAFile`, `.checksumMismatch`, `.offline`, `.httpStatus`,
  ///   `.truncatedDownload`, `.ioFailed`.
  public func fetch(
    _ source: DataSource, checksums: [Checksum] = [], progress: Progress? = nil
  ) throws -> FetchedArchive {
    switch source {
    case .synthetic:
      throw FetchError.nothingToFetch(source: "synthetic")
    case .local(let path):
      try Self.requireRegularFile(path)
      let digests = try Self.digests(ofFileAt: path)
      let archive = FetchedArchive(
        path: path, size: digests.size, sha256: digests.sha256, md5: digests.md5, origin: .local)
      if let mismatch = Self.firstMismatch(archive, checksums) {
        throw FetchError.checksumMismatch(
          file: path, algorithm: mismatch.algorithm.rawValue, expected: mismatch.hex,
          actual: archive.digest(mismatch.algorithm))
      }
      return archive
    case .named(let dataset):
      var all = checksums
      if let md5 = dataset.md5 { all.append(try Checksum(.md5, hex: md5)) }
      if all.isEmpty { throw FetchError.checksumRequired(source: dataset.name) }
      return try fetchRemote(
        dataset.url(baseURL: datasetBaseURL), fileName: dataset.fileName, checksums: all,
        progress: progress)
    case .remote(let url):
      if checksums.isEmpty { throw FetchError.checksumRequired(source: url) }
      return try fetchRemote(
        url, fileName: Self.cacheFileName(for: url), checksums: checksums, progress: progress)
    }
  }

  func fetchRemote(
    _ url: String, fileName: String, checksums: [Checksum], progress: Progress?
  ) throws -> FetchedArchive {
    let destination = cacheFolder + "/" + fileName
    if Self.isRegularFile(destination) {
      let digests = try Self.digests(ofFileAt: destination)
      let cached = FetchedArchive(
        path: destination, size: digests.size, sha256: digests.sha256, md5: digests.md5,
        origin: .cache)
      if Self.firstMismatch(cached, checksums) == nil { return cached }
      // A stale or damaged copy: replace it with a fresh download.
      unlink(destination)
    }
    do {
      try FileManager.default.createDirectory(
        atPath: cacheFolder, withIntermediateDirectories: true)
    } catch {
      throw FetchError.ioFailed(path: cacheFolder, reason: "cannot create the cache folder")
    }
    let temporary = cacheFolder + "/." + fileName + ".\(getpid()).partial"
    let downloaded = try HTTPDownload.run(
      url: url, to: temporary, timeout: timeout, cacheFolder: cacheFolder, progress: progress)
    let archive = FetchedArchive(
      path: destination, size: downloaded.size, sha256: downloaded.sha256, md5: downloaded.md5,
      origin: .download)
    if let mismatch = Self.firstMismatch(archive, checksums) {
      unlink(temporary)
      throw FetchError.checksumMismatch(
        file: url, algorithm: mismatch.algorithm.rawValue, expected: mismatch.hex,
        actual: archive.digest(mismatch.algorithm))
    }
    if rename(temporary, destination) != 0 {
      let reason = Self.errnoText()
      unlink(temporary)
      throw FetchError.ioFailed(path: destination, reason: reason)
    }
    return archive
  }

  static func firstMismatch(_ archive: FetchedArchive, _ checksums: [Checksum]) -> Checksum? {
    checksums.first { archive.digest($0.algorithm) != $0.hex }
  }

  /// The cache file name for a URL: its last path component, reduced to safe
  /// characters so a URL can never name a path outside the cache folder.
  static func cacheFileName(for url: String) -> String {
    let path = URL(string: url)?.path ?? ""
    let last = path.split(separator: "/").last.map(String.init) ?? ""
    let safe = String(
      last.unicodeScalars.map { scalar -> Character in
        let ok =
          (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
          || scalar == "." || scalar == "-" || scalar == "_"
        return ok ? Character(scalar) : "_"
      })
    if safe.isEmpty || safe.allSatisfy({ $0 == "." }) { return "download.zip" }
    return safe
  }

  /// SHA-256 and MD5 of a file in one streaming pass.
  ///
  /// - Throws: `FetchError.fileNotFound` or `.ioFailed`.
  public static func digests(ofFileAt path: String) throws -> (
    sha256: String, md5: String, size: Int64
  ) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
      if errno == ENOENT { throw FetchError.fileNotFound(path: path) }
      throw FetchError.ioFailed(path: path, reason: errnoText())
    }
    defer { close(fd) }
    let capacity = 1 << 20
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    defer { buffer.deallocate() }
    var sha = SHA256()
    var md5 = MD5()
    var size: Int64 = 0
    while true {
      let n = Syscall.readSome(fd, into: UnsafeMutableRawBufferPointer(start: buffer, count: capacity))
      if n == 0 { break }
      if n < 0 { throw FetchError.ioFailed(path: path, reason: errnoText()) }
      let chunk = UnsafeRawBufferPointer(start: buffer, count: n)
      sha.update(chunk)
      md5.update(chunk)
      size += Int64(n)
    }
    return (sha.finalize().hex, md5.finalize().hex, size)
  }

  static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  static func requireRegularFile(_ path: String) throws {
    var info = stat()
    if stat(path, &info) != 0 { throw FetchError.fileNotFound(path: path) }
    if (info.st_mode & S_IFMT) != S_IFREG { throw FetchError.notAFile(path: path) }
  }

  static func errnoText() -> String {
    String(cString: strerror(errno)).lowercased()
  }
}
