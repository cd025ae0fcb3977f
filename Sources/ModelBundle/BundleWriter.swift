import Basics
import Hashing
import StrictJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes model bundles: one self-checking binary file named by its content hash, plus
/// `manifest.json` beside it.
///
/// The same contents always give the same bytes: sections come in a fixed order, the
/// manifest is canonical JSON, and nothing depends on time, paths or hash-table order.
public enum BundleWriter {
  /// Encodes a bundle in memory.
  ///
  /// - Parameter contents: the model and its metadata.
  /// - Returns: the complete file bytes.
  /// - Throws: `BundleError.invalidContents` when the arrays are inconsistent.
  public static func encode(_ contents: BundleContents) throws(BundleError) -> [UInt8] {
    let sections = try plan(contents)
    var sink = MemorySink()
    sink.bytes.reserveCapacity(BundleFormat.headerSize + payloadLength(sections))
    sink.bytes.append(contentsOf: [UInt8](repeating: 0, count: BundleFormat.headerSize))
    let (digest, length) = try emitPayload(sections, into: &sink)
    let header = makeHeader(payloadLength: UInt64(length), digest: digest.bytes)
    sink.bytes.replaceSubrange(0..<BundleFormat.headerSize, with: header)
    try readBack { () throws(BundleError) in _ = try BundleReader(bytes: sink.bytes, verifyChecksum: false) }
    return sink.bytes
  }

  /// Runs the reader's checks on what was just written, so the writer never publishes a
  /// bundle `recommend` would refuse: the reader's checks are the one definition of a
  /// valid bundle, and contents that break them are `invalidContents`.
  private static func readBack(_ open: () throws(BundleError) -> Void) throws(BundleError) {
    do throws(BundleError) {
      try open()
    } catch {
      if case .malformed(_, let detail) = error { throw BundleError.invalidContents(detail: detail) }
      throw error
    }
  }

  /// Writes `bundle-<version>.mlb` and `manifest.json` into `directory`, atomically.
  ///
  /// The folder is created if needed. Other `bundle-*.mlb` files in it are removed
  /// afterwards, so the folder holds exactly one bundle and its hash does not depend on
  /// earlier runs.
  ///
  /// - Parameters:
  ///   - contents: the model and its metadata.
  ///   - directory: the output folder (for example `artifacts/bundle`).
  /// - Returns: the file name, version, checksum and manifest written.
  /// - Throws: `BundleError.invalidContents` or `BundleError.cannotWrite`.
  @discardableResult
  public static func write(_ contents: BundleContents, toDirectory directory: String)
    throws(BundleError) -> WrittenBundle
  {
    let sections = try plan(contents)
    try makeDirectory(directory)
    let temporary: AtomicFile
    do throws(SystemError) {
      temporary = try AtomicFile(path: directory + "/bundle")
    } catch { throw BundleError.cannotWrite(path: error.path, reason: error.reason) }
    let digest: Digest
    let length: Int
    do throws(BundleError) {
      var sink = FileSink(descriptor: temporary.descriptor, path: temporary.tempPath)
      try FileSink.writeAll(
        temporary.descriptor, [UInt8](repeating: 0, count: BundleFormat.headerSize),
        path: temporary.tempPath)
      (digest, length) = try emitPayload(sections, into: &sink)
      try sink.flush()
      let header = makeHeader(payloadLength: UInt64(length), digest: digest.bytes)
      let written = header.withUnsafeBytes {
        pwrite(temporary.descriptor, $0.baseAddress, $0.count, 0)
      }
      guard written == header.count else {
        throw BundleError.cannotWrite(
          path: temporary.tempPath, reason: String(cString: strerror(errno)))
      }
      try readBack { () throws(BundleError) in
        _ = try BundleReader(path: temporary.tempPath, verifyChecksum: false)
      }
    } catch {
      temporary.discard()
      throw error
    }
    let version = String(digest.hex.prefix(BundleFormat.versionLength))
    let fileName = BundleFormat.fileName(version: version)
    do throws(SystemError) {
      try temporary.commit(renamingTo: "\(directory)/\(fileName)")
    } catch { throw BundleError.cannotWrite(path: error.path, reason: error.reason) }

    let manifest = JSON.object([
      "file": .string(fileName),
      "format_version": .number(Double(BundleFormat.version)),
      "manifest": manifestJSON(contents),
      "sha256": .string(digest.hex),
      "size": .number(Double(BundleFormat.headerSize + length)),
      "version": .string(version),
    ])
    do throws(SystemError) {
      try AtomicFile.write(manifest.canonicalText(), to: "\(directory)/\(BundleFormat.manifestFileName)")
    } catch { throw BundleError.cannotWrite(path: error.path, reason: error.reason) }
    removeStaleBundles(in: directory, keeping: fileName)
    return WrittenBundle(
      fileName: fileName, version: version, sha256: digest.hex,
      size: BundleFormat.headerSize + length, manifest: manifest)
  }

  /// The manifest stored inside the payload: counts, dataset fingerprint, format
  /// version, metrics and params (never the version, which is the payload's own hash).
  static func manifestJSON(_ contents: BundleContents) -> JSON {
    let manifest = JSON.object([
      "counts": .object([
        "factors": .number(Double(contents.model.factorCount)),
        "genres": .number(Double(genreVocabulary(contents.movies).count)),
        "movies": .number(Double(contents.movies.count)),
        "neighbors": .number(Double(contents.neighbors.indices.count)),
        "ratings": .number(Double(contents.ratings.indices.count)),
        "users": .number(Double(contents.userIDs.count)),
      ]),
      "dataset_fingerprint": .string(contents.datasetFingerprint),
      "format_version": .number(Double(BundleFormat.version)),
      "metrics": contents.metrics,
      "params": contents.params,
      "scoring": contents.scoring.json(),
    ])
    guard contents.plots != .object([]), case .object(let members) = manifest else {
      return manifest
    }
    return .object(members + [JSON.Member("plots", contents.plots)])
  }

  /// Distinct genre names sorted by their UTF-8 bytes.
  static func genreVocabulary(_ movies: [MovieRecord]) -> [String] {
    var seen = Set<String>()
    var names: [String] = []
    for movie in movies {
      for genre in movie.genres where seen.insert(genre).inserted { names.append(genre) }
    }
    return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  private static func payloadLength(_ sections: [(SectionName, SectionData)]) -> Int {
    layout(sections).last.map { $0.offset + $0.length } ?? tocEnd(sections.count)
  }

  private static func tocEnd(_ count: Int) -> Int { 8 + count * BundleFormat.tocEntrySize }

  private static func aligned(_ offset: Int) -> Int {
    (offset + BundleFormat.alignment - 1) / BundleFormat.alignment * BundleFormat.alignment
  }

  /// Offset and length of each section within the payload.
  private static func layout(_ sections: [(SectionName, SectionData)]) -> [(
    offset: Int, length: Int
  )] {
    var offset = tocEnd(sections.count)
    var result: [(offset: Int, length: Int)] = []
    for (_, data) in sections {
      offset = aligned(offset)
      result.append((offset, data.byteCount))
      offset += data.byteCount
    }
    return result
  }

  /// Streams the payload into `sink`, hashing it on the way.
  private static func emitPayload<Sink: ByteSink>(
    _ sections: [(SectionName, SectionData)], into sink: inout Sink
  ) throws(BundleError) -> (Digest, Int) {
    var hasher = SHA256()
    var position = 0
    func emit(_ raw: UnsafeRawBufferPointer) throws(BundleError) {
      hasher.update(raw)
      try sink.write(raw)
      position += raw.count
    }
    func emit(_ bytes: [UInt8]) throws(BundleError) {
      try SectionData.bytes(bytes).withBytes { raw throws(BundleError) in try emit(raw) }
    }

    let places = layout(sections)
    var table: [UInt8] = []
    table.reserveCapacity(tocEnd(sections.count))
    append(UInt32(sections.count), to: &table)
    append(UInt32(0), to: &table)
    for ((name, data), place) in zip(sections, places) {
      var nameBytes = Array(name.rawValue.utf8)
      nameBytes.append(contentsOf: repeatElement(0, count: BundleFormat.nameSize - nameBytes.count))
      table.append(contentsOf: nameBytes)
      append(data.kind.rawValue, to: &table)
      append(UInt32(0), to: &table)
      append(UInt64(place.offset), to: &table)
      append(UInt64(place.length), to: &table)
    }
    try emit(table)
    for ((_, data), place) in zip(sections, places) {
      if place.offset > position {
        try emit([UInt8](repeating: 0, count: place.offset - position))
      }
      try data.withBytes { raw throws(BundleError) in try emit(raw) }
    }
    return (hasher.finalize(), position)
  }

  private static func makeHeader(payloadLength: UInt64, digest: [UInt8]) -> [UInt8] {
    var header = BundleFormat.magic
    append(BundleFormat.version, to: &header)
    append(UInt32(0), to: &header)
    append(payloadLength, to: &header)
    header.append(contentsOf: digest)
    header.append(contentsOf: repeatElement(0, count: BundleFormat.headerSize - header.count))
    return header
  }

  private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }

  private static func makeDirectory(_ directory: String) throws(BundleError) {
    do throws(SystemError) {
      try Directory.create(directory)
    } catch {
      throw BundleError.cannotWrite(path: directory, reason: error.code == ENOTDIR ? "not a directory" : error.reason)
    }
    var info = stat()
    guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
      throw BundleError.cannotWrite(path: directory, reason: "not a directory")
    }
  }

  private static func removeStaleBundles(in directory: String, keeping fileName: String) {
    guard let folder = opendir(directory) else { return }
    var stale: [String] = []
    while let entry = readdir(folder) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
      }
      if name != fileName, name.hasPrefix("bundle-"), name.hasSuffix(".mlb") { stale.append(name) }
    }
    closedir(folder)
    for name in stale.sorted() { unlink("\(directory)/\(name)") }
  }
}
