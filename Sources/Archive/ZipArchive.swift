/// A ZIP archive opened for reading: its central directory, parsed once, and the
/// archive bytes (memory-mapped when opened from a file).
///
/// Supports stored and deflate entries, ZIP64 (archives and entries over 4 GiB or
/// 65,535 entries), data descriptors, archive comments and data prepended before the
/// archive (self-extractors). Every extracted entry is checked against its recorded
/// CRC-32 and size.
///
/// ```swift
/// let archive = try ZipArchive(path: "ml-1m.zip")
/// for entry in archive.entries { print(entry.name, entry.uncompressedSize) }
/// let ratings = try archive.contents(of: "ml-1m/ratings.dat")
/// ```
public final class ZipArchive: Sendable {
  /// The path the archive was opened from (`<memory>` for byte arrays); used in errors.
  public let path: String
  /// The entries in central-directory order.
  public let entries: [ZipEntry]
  /// The archive comment's raw bytes.
  public let comment: [UInt8]

  let storage: ArchiveStorage

  /// Opens the archive at `path` and reads its central directory.
  ///
  /// - Throws: `ArchiveError.cannotOpen`, `.notAZip`, `.malformed`, `.multiDisk`.
  public convenience init(path: String) throws {
    try self.init(storage: ArchiveStorage(path: path), path: path)
  }

  /// Reads an archive held in memory.
  ///
  /// - Parameters:
  ///   - bytes: the whole archive.
  ///   - path: a name for error messages.
  /// - Throws: `ArchiveError.notAZip`, `.malformed`, `.multiDisk`.
  public convenience init(bytes: [UInt8], path: String = "<memory>") throws {
    try self.init(storage: ArchiveStorage(copying: bytes), path: path)
  }

  init(storage: ArchiveStorage, path: String) throws {
    self.storage = storage
    self.path = path
    let directory = try Self.readDirectory(storage.bytes, path: path)
    entries = directory.entries
    comment = directory.comment
  }

  /// The first entry whose decoded name has exactly the UTF-8 bytes of `name`
  /// (byte comparison: NFC and NFD spellings are different names, as on disk).
  public func entry(named name: String) -> ZipEntry? {
    entries.first { $0.name.utf8.elementsEqual(name.utf8) }
  }
}

extension ZipArchive {
  struct Directory {
    var entries: [ZipEntry]
    var comment: [UInt8]
  }

  /// Little-endian reads that fail instead of reading out of bounds.
  struct Reader {
    let bytes: UnsafeRawBufferPointer
    let path: String

    func check(_ offset: Int, _ count: Int, _ what: String) throws {
      if offset < 0 || count < 0 || offset > bytes.count - count {
        throw ArchiveError.malformed(path: path, detail: "\(what) lies outside the file")
      }
    }
    func u16(_ offset: Int) -> UInt16 {
      UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }
    func u32(_ offset: Int) -> UInt32 {
      UInt32(u16(offset)) | UInt32(u16(offset + 2)) << 16
    }
    func u64(_ offset: Int) -> UInt64 {
      UInt64(u32(offset)) | UInt64(u32(offset + 4)) << 32
    }
    func slice(_ offset: Int, _ count: Int) -> [UInt8] {
      Array(bytes[offset..<offset + count])
    }
  }

  static let endOfDirectorySignature: UInt32 = 0x0605_4B50
  static let zip64EndSignature: UInt32 = 0x0606_4B50
  static let zip64LocatorSignature: UInt32 = 0x0706_4B50
  static let centralHeaderSignature: UInt32 = 0x0201_4B50
  static let localHeaderSignature: UInt32 = 0x0403_4B50

  static func readDirectory(_ bytes: UnsafeRawBufferPointer, path: String) throws -> Directory {
    let r = Reader(bytes: bytes, path: path)
    let size = bytes.count
    guard let eocd = findEndOfDirectory(r) else { throw ArchiveError.notAZip(path: path) }
    let commentLength = Int(r.u16(eocd + 20))
    let comment = r.slice(eocd + 22, min(commentLength, size - eocd - 22))
    var disk = UInt32(r.u16(eocd + 4))
    var directoryDisk = UInt32(r.u16(eocd + 6))
    var entryCount = UInt64(r.u16(eocd + 10))
    var directorySize = UInt64(r.u32(eocd + 12))
    var directoryOffset = UInt64(r.u32(eocd + 16))
    var directoryEnd = eocd

    // ZIP64: a locator right before the classic record points at a larger record
    // carrying 64-bit counts, sizes and offsets.
    let locator = eocd - 20
    if locator >= 0 && r.u32(locator) == zip64LocatorSignature {
      if r.u32(locator + 16) > 1 { throw ArchiveError.multiDisk(path: path) }
      var record = -1
      let recorded = r.u64(locator + 8)
      if size >= 56, recorded <= UInt64(size - 56), r.u32(Int(recorded)) == zip64EndSignature {
        record = Int(recorded)
      }
      // With data prepended the recorded offset is off by the prefix; the record is
      // normally right before the locator.
      if record < 0 && locator >= 56 && r.u32(locator - 56) == zip64EndSignature {
        record = locator - 56
      }
      if record < 0 {
        throw ArchiveError.malformed(
          path: path, detail: "zip64 end of central directory record not found")
      }
      disk = r.u32(record + 16)
      directoryDisk = r.u32(record + 20)
      entryCount = r.u64(record + 32)
      directorySize = r.u64(record + 40)
      directoryOffset = r.u64(record + 48)
      directoryEnd = record
    }
    if disk != 0 || directoryDisk != 0 { throw ArchiveError.multiDisk(path: path) }
    if directorySize > UInt64(directoryEnd) {
      throw ArchiveError.malformed(path: path, detail: "central directory size exceeds the file")
    }
    let directoryStart = directoryEnd - Int(directorySize)
    if directoryOffset > UInt64(directoryStart) {
      throw ArchiveError.malformed(
        path: path, detail: "central directory offset points past its position")
    }
    // Bytes before the archive proper (a self-extractor stub) shift every offset.
    let prefix = directoryStart - Int(directoryOffset)
    if entryCount > directorySize / 46 {
      throw ArchiveError.malformed(
        path: path, detail: "entry count \(entryCount) does not fit the central directory")
    }

    var entries: [ZipEntry] = []
    entries.reserveCapacity(Int(entryCount))
    var p = directoryStart
    for index in 0..<Int(entryCount) {
      try r.check(p, 46, "central directory entry \(index + 1)")
      if r.u32(p) != centralHeaderSignature {
        throw ArchiveError.malformed(
          path: path, detail: "bad signature for central directory entry \(index + 1)")
      }
      let flags = r.u16(p + 8)
      let method = r.u16(p + 10)
      let crc = r.u32(p + 16)
      var compressed = UInt64(r.u32(p + 20))
      var uncompressed = UInt64(r.u32(p + 24))
      let nameLength = Int(r.u16(p + 28))
      let extraLength = Int(r.u16(p + 30))
      let commentLength = Int(r.u16(p + 32))
      var startDisk = UInt32(r.u16(p + 34))
      var offset = UInt64(r.u32(p + 42))
      try r.check(
        p + 46, nameLength + extraLength + commentLength, "central directory entry \(index + 1)")
      let nameBytes = r.slice(p + 46, nameLength)
      let name = ZipEntry.decodeName(nameBytes, flags: flags)

      // ZIP64 extended information: present fields replace the saturated 32-bit ones,
      // in this fixed order.
      var e = p + 46 + nameLength
      let extraEnd = e + extraLength
      while e + 4 <= extraEnd {
        let id = r.u16(e)
        let length = Int(r.u16(e + 2))
        let body = e + 4
        if body + length > extraEnd {
          throw ArchiveError.malformed(
            path: path, detail: "entry '\(name)' has a truncated extra field")
        }
        if id == 0x0001 {
          var q = body
          func next64() throws -> UInt64 {
            if q + 8 > body + length {
              throw ArchiveError.malformed(
                path: path, detail: "entry '\(name)' has a short zip64 extra field")
            }
            defer { q += 8 }
            return r.u64(q)
          }
          if uncompressed == 0xFFFF_FFFF { uncompressed = try next64() }
          if compressed == 0xFFFF_FFFF { compressed = try next64() }
          if offset == 0xFFFF_FFFF { offset = try next64() }
          if startDisk == 0xFFFF && q + 4 <= body + length { startDisk = r.u32(q) }
        }
        e = body + length
      }
      if startDisk != 0 { throw ArchiveError.multiDisk(path: path) }
      if offset > UInt64(size - prefix) {
        throw ArchiveError.malformed(
          path: path, detail: "entry '\(name)' points past the end of the file")
      }
      entries.append(
        ZipEntry(
          name: name, nameBytes: nameBytes, method: method, flags: flags, crc32: crc,
          compressedSize: compressed, uncompressedSize: uncompressed,
          localHeaderOffset: offset + UInt64(prefix)))
      p += 46 + nameLength + extraLength + commentLength
    }
    return Directory(entries: entries, comment: comment)
  }

  /// The end-of-central-directory record is the last thing in the file, followed only
  /// by the archive comment (up to 65,535 bytes): scan backwards for its signature.
  /// A candidate whose comment length ends exactly at the end of the file wins, so a
  /// signature inside the comment cannot fool the scan; failing that (trailing junk
  /// after the comment), the last candidate whose comment fits.
  static func findEndOfDirectory(_ r: Reader) -> Int? {
    let size = r.bytes.count
    if size < 22 { return nil }
    let lowest = max(0, size - 22 - 65535)
    var fallback: Int? = nil
    var p = size - 22
    while p >= lowest {
      if r.bytes[p] == 0x50 && r.u32(p) == endOfDirectorySignature {
        let end = p + 22 + Int(r.u16(p + 20))
        if end == size { return p }
        if end < size && fallback == nil { fallback = p }
      }
      p -= 1
    }
    return fallback
  }

  /// Where an entry's data starts and how long it is, after checking its local header.
  func dataRange(of entry: ZipEntry) throws -> Range<Int> {
    let r = Reader(bytes: storage.bytes, path: path)
    let size = storage.bytes.count
    guard entry.localHeaderOffset <= UInt64(size) else {
      throw ArchiveError.malformed(
        path: path, detail: "entry '\(entry.name)' points past the end of the file")
    }
    let header = Int(entry.localHeaderOffset)
    try r.check(header, 30, "local header of entry '\(entry.name)'")
    if r.u32(header) != Self.localHeaderSignature {
      throw ArchiveError.malformed(
        path: path, detail: "bad local header signature for entry '\(entry.name)'")
    }
    let start = header + 30 + Int(r.u16(header + 26)) + Int(r.u16(header + 28))
    guard entry.compressedSize <= UInt64(size), start <= size - Int(entry.compressedSize) else {
      throw ArchiveError.corruptData(
        path: path, entry: entry.name,
        detail: "data runs past the end of the file (truncated archive)")
    }
    return start..<(start + Int(entry.compressedSize))
  }
}
