/// Everything that can go wrong while reading or extracting a ZIP archive.
///
/// Every case names the archive (and the entry, when one is involved) so a user can
/// tell which file is broken; messages are one lowercase line.
public enum ArchiveError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The archive file could not be opened or mapped.
  case cannotOpen(path: String, reason: String)
  /// No end-of-central-directory record: not a ZIP file, or cut short.
  case notAZip(path: String)
  /// The archive's directory structures are inconsistent.
  case malformed(path: String, detail: String)
  /// The archive spans several disks, which this reader does not support.
  case multiDisk(path: String)
  /// An entry uses a compression method other than stored (0) or deflate (8).
  case unsupportedMethod(path: String, entry: String, method: UInt16)
  /// An entry is encrypted.
  case encrypted(path: String, entry: String)
  /// An entry's compressed data is not valid DEFLATE or is cut short.
  case corruptData(path: String, entry: String, detail: String)
  /// An entry's CRC-32 does not match the one recorded in the archive.
  case crcMismatch(path: String, entry: String, expected: UInt32, actual: UInt32)
  /// An entry decompressed to a size other than the one recorded in the archive.
  case sizeMismatch(path: String, entry: String, expected: UInt64, actual: UInt64)
  /// An entry name would escape the destination folder (zip-slip) or is not a path.
  case unsafeName(path: String, entry: String, reason: String)
  /// Two entries would be extracted to the same path.
  case duplicateEntry(path: String, entry: String)
  /// No entry has the requested name.
  case entryNotFound(path: String, entry: String)
  /// Writing an extracted file or creating a folder failed.
  case writeFailed(path: String, reason: String)

  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason):
      return "cannot open archive '\(path)': \(reason)"
    case .notAZip(let path):
      return
        "'\(path)' is not a zip archive (no end of central directory record); check that the download is complete"
    case .malformed(let path, let detail):
      return "archive '\(path)' is malformed: \(detail); the file is damaged, fetch it again"
    case .multiDisk(let path):
      return
        "archive '\(path)' spans several disks, which is not supported; rejoin it into one file"
    case .unsupportedMethod(let path, let entry, let method):
      return
        "archive '\(path)': entry '\(entry)' uses compression method \(method) (\(Self.methodName(method))); only stored (0) and deflate (8) are supported, recompress it with deflate"
    case .encrypted(let path, let entry):
      return
        "archive '\(path)': entry '\(entry)' is encrypted, which is not supported; pass an unencrypted archive"
    case .corruptData(let path, let entry, let detail):
      return
        "archive '\(path)': entry '\(entry)' is corrupt: \(detail); the file is damaged, fetch it again"
    case .crcMismatch(let path, let entry, let expected, let actual):
      return
        "archive '\(path)': entry '\(entry)' fails its crc-32 check (expected \(Self.hex(expected)), got \(Self.hex(actual))); the file is damaged, fetch it again"
    case .sizeMismatch(let path, let entry, let expected, let actual):
      return
        "archive '\(path)': entry '\(entry)' has \(actual) bytes, the archive says \(expected); the file is damaged, fetch it again"
    case .unsafeName(let path, let entry, let reason):
      return "archive '\(path)': entry '\(entry)' is not extracted: \(reason)"
    case .duplicateEntry(let path, let entry):
      return "archive '\(path)': entry '\(entry)' appears more than once"
    case .entryNotFound(let path, let entry):
      return "archive '\(path)' has no entry '\(entry)'"
    case .writeFailed(let path, let reason):
      return "cannot write '\(path)': \(reason)"
    }
  }

  static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
  }

  static func methodName(_ method: UInt16) -> String {
    switch method {
    case 1: return "shrink"
    case 6: return "implode"
    case 9: return "deflate64"
    case 12: return "bzip2"
    case 14: return "lzma"
    case 93: return "zstandard"
    case 95: return "xz"
    case 98: return "ppmd"
    case 99: return "aes encryption"
    default: return "unknown"
    }
  }
}
