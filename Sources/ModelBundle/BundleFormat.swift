/// The constants of the bundle file layout (format version 2).
///
/// ```
/// file    := header payload
/// header  := magic "MLBUNDLE" (8) | format version u32 | reserved u32 (0)
///            | payload length u64 | payload SHA-256 (32) | reserved (8 zero bytes)   = 64 bytes
/// payload := section count u32 | reserved u32 (0) | count x TOC entry | sections
/// TOC     := name (40 bytes ASCII, NUL padded) | kind u32 | reserved u32 (0)
///            | offset u64 (from payload start) | length u64 (bytes)                  = 64 bytes
/// ```
/// All integers and floats are little-endian. Every section starts at a multiple of
/// `alignment` from the payload start, and the payload starts at byte 64 of the file, so
/// arrays can be read in place from a page-aligned mapping. Padding bytes are zero.
public enum BundleFormat {
  /// The first eight bytes of every bundle.
  public static let magic: [UInt8] = Array("MLBUNDLE".utf8)
  /// The format version this build writes and reads.
  public static let version: UInt32 = 2
  /// Bytes before the payload.
  public static let headerSize = 64
  /// Bytes of one table-of-contents entry.
  public static let tocEntrySize = 64
  /// Bytes reserved for a section name inside a TOC entry.
  public static let nameSize = 40
  /// Every section starts at a multiple of this many bytes.
  public static let alignment = 16
  /// How the writer names a bundle file of the given version.
  public static func fileName(version: String) -> String { "bundle-\(version).mlb" }
  /// The name of the JSON file written next to the bundle.
  public static let manifestFileName = "manifest.json"
  /// How many hex digits of the payload SHA-256 make the version.
  public static let versionLength = 12

  #if _endian(big)
    #error("the bundle format is little-endian and is read in place")
  #endif
}
