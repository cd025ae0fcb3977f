/// One file or folder recorded in a ZIP archive's central directory.
public struct ZipEntry: Sendable, Equatable {
  /// The entry's name as recorded (UTF-8 if flagged or valid, else CP437), with `/`
  /// separating folders; folders end with `/`.
  public let name: String
  /// The name's raw bytes.
  public let nameBytes: [UInt8]
  /// Compression method: 0 stored, 8 deflate; anything else cannot be extracted.
  public let method: UInt16
  /// General-purpose bit flags (bit 0 encrypted, bit 3 data descriptor, bit 11 UTF-8).
  public let flags: UInt16
  /// CRC-32 of the uncompressed data.
  public let crc32: UInt32
  /// Size of the stored (compressed) data in bytes.
  public let compressedSize: UInt64
  /// Size of the data once extracted, in bytes.
  public let uncompressedSize: UInt64
  /// Offset of the entry's local header from the start of the file.
  public let localHeaderOffset: UInt64

  /// Creates an entry description; archives build these from their central directory.
  public init(
    name: String, nameBytes: [UInt8], method: UInt16, flags: UInt16, crc32: UInt32,
    compressedSize: UInt64, uncompressedSize: UInt64, localHeaderOffset: UInt64
  ) {
    self.name = name
    self.nameBytes = nameBytes
    self.method = method
    self.flags = flags
    self.crc32 = crc32
    self.compressedSize = compressedSize
    self.uncompressedSize = uncompressedSize
    self.localHeaderOffset = localHeaderOffset
  }

  /// Whether the entry is a folder (its name ends with `/`).
  public var isDirectory: Bool { nameBytes.last == UInt8(ascii: "/") }

  /// Whether the entry's data is encrypted (traditional or strong encryption).
  public var isEncrypted: Bool { flags & 0x41 != 0 }

  /// Whether sizes and CRC follow the data instead of preceding it (bit 3); the
  /// central directory still has the right values, which is what this reader uses.
  public var hasDataDescriptor: Bool { flags & 0x08 != 0 }
}
