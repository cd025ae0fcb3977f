#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

extension ZipArchive {
  /// Streams one entry's data to `sink`, then checks its CRC-32 and size.
  ///
  /// The sink sees the data before it is verified: if it writes to a file, write to a
  /// temporary name and rename only after this returns (as `extractAll` does).
  ///
  /// - Parameters:
  ///   - entry: an entry of this archive.
  ///   - sink: receives the data in order, in pieces of up to 128 KiB (1 MiB for stored
  ///     entries); each buffer is valid only during the call.
  /// - Throws: `ArchiveError.encrypted`, `.unsupportedMethod`, `.corruptData`,
  ///   `.crcMismatch`, `.sizeMismatch`, `.malformed`, or what `sink` throws.
  public func extract(_ entry: ZipEntry, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
    try extract(entry, inflater: nil, to: sink)
  }

  /// The whole data of one entry, verified. Meant for small entries.
  ///
  /// - Throws: as `extract(_:to:)`.
  public func contents(of entry: ZipEntry) throws -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(Int(min(entry.uncompressedSize, 1 << 30)))
    try extract(entry) { result.append(contentsOf: $0) }
    return result
  }

  /// The whole data of the entry named `name`, verified.
  ///
  /// - Throws: `ArchiveError.entryNotFound`, or as `extract(_:to:)`.
  public func contents(of name: String) throws -> [UInt8] {
    guard let entry = entry(named: name) else {
      throw ArchiveError.entryNotFound(path: path, entry: name)
    }
    return try contents(of: entry)
  }

  func extract(
    _ entry: ZipEntry, inflater: Inflater?, to sink: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    if entry.isEncrypted { throw ArchiveError.encrypted(path: path, entry: entry.name) }
    guard entry.method == 0 || entry.method == 8 else {
      throw ArchiveError.unsupportedMethod(path: path, entry: entry.name, method: entry.method)
    }
    let range = try dataRange(of: entry)
    let data = UnsafeRawBufferPointer(rebasing: storage.bytes[range])
    var crc = CRC32()
    var produced: UInt64 = 0
    if entry.method == 0 {
      if entry.compressedSize != entry.uncompressedSize {
        throw ArchiveError.sizeMismatch(
          path: path, entry: entry.name, expected: entry.uncompressedSize,
          actual: entry.compressedSize)
      }
      var offset = 0
      while offset < data.count {
        let piece = UnsafeRawBufferPointer(
          rebasing: data[offset..<min(offset + (1 << 20), data.count)])
        crc.update(piece)
        try sink(piece)
        offset += piece.count
      }
      produced = UInt64(data.count)
    } else {
      let decoder = inflater ?? Inflater()
      do {
        produced = try decoder.decode(data, limit: entry.uncompressedSize) { piece in
          crc.update(piece)
          try sink(piece)
        }.produced
      } catch let failure as InflateFailure {
        throw ArchiveError.corruptData(path: path, entry: entry.name, detail: failure.detail)
      }
    }
    if produced != entry.uncompressedSize {
      throw ArchiveError.sizeMismatch(
        path: path, entry: entry.name, expected: entry.uncompressedSize, actual: produced)
    }
    if crc.value != entry.crc32 {
      throw ArchiveError.crcMismatch(
        path: path, entry: entry.name, expected: entry.crc32, actual: crc.value)
    }
  }

  /// Extracts every entry into `folder`, creating it and any subfolders.
  ///
  /// All names are checked first, so an archive with one unsafe name writes nothing.
  /// Each file gets its name only once its CRC-32 and size check out (it is written
  /// unnamed, or under a hidden temporary name beside its target, see `OutputFile`), so
  /// a target is either absent, the old file, or complete. Existing files are replaced. Timestamps and permissions are
  /// not restored (files get mode 0644), which keeps outputs identical across runs.
  ///
  /// - Parameter folder: the destination folder.
  /// - Returns: the file entries written (folders excluded), in archive order.
  /// - Throws: `ArchiveError.unsafeName`, `.duplicateEntry`, `.writeFailed`, or any
  ///   error of `extract(_:to:)`; the file being written when it failed is removed.
  @discardableResult
  public func extractAll(to folder: String) throws -> [ZipEntry] {
    var plan: [(entry: ZipEntry, relative: [String])] = []
    var seen = Set<String>()
    for entry in entries {
      let components = try entry.relativeComponents(archivePath: path)
      if components.isEmpty { continue }
      let key = components.joined(separator: "/")
      if !seen.insert(key).inserted {
        throw ArchiveError.duplicateEntry(path: path, entry: entry.name)
      }
      plan.append((entry, components))
    }
    let root = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
    try OutputFile.makeDirectories(root)
    // Folders made (or found) once, not once per file.
    var folders: Set<String> = [root]
    let allowUnnamed = OutputFile.canLinkUnnamed
    let inflater = Inflater()
    var written: [ZipEntry] = []
    for (entry, components) in plan {
      let target = root + "/" + components.joined(separator: "/")
      if entry.isDirectory {
        if folders.insert(target).inserted { try OutputFile.makeDirectories(target) }
        continue
      }
      let parent =
        components.count > 1 ? root + "/" + components.dropLast().joined(separator: "/") : root
      if folders.insert(parent).inserted { try OutputFile.makeDirectories(parent) }
      let temporary = parent + "/." + components[components.count - 1] + ".partial"
      let file = try OutputFile(in: parent, temporary: temporary, allowUnnamed: allowUnnamed)
      do {
        try extract(entry, inflater: inflater) { try file.append($0) }
      } catch {
        file.abandon()
        throw error
      }
      try file.publish(as: target)
      written.append(entry)
    }
    return written
  }

  /// Opens the archive at `zipPath` and extracts every entry into `folder`.
  ///
  /// - Returns: the file entries written, in archive order.
  /// - Throws: as `init(path:)` and `extractAll(to:)`.
  @discardableResult
  public static func extract(zipAt zipPath: String, to folder: String) throws -> [ZipEntry] {
    try ZipArchive(path: zipPath).extractAll(to: folder)
  }
}
