/// An expected digest of the archive: SHA-256 or MD5, as lowercase hex.
public struct Checksum: Sendable, Equatable, CustomStringConvertible {
  /// The digest algorithms a source can be pinned with.
  public enum Algorithm: String, Sendable, Equatable {
    case sha256
    case md5

    var hexDigits: Int { self == .sha256 ? 64 : 32 }
  }

  /// Which digest this is.
  public let algorithm: Algorithm
  /// The digest, lowercase hex.
  public let hex: String

  /// Validates and normalizes a digest given as hex (either case).
  ///
  /// - Throws: `FetchError.invalidChecksum` naming `data.<algorithm>` when the text is
  ///   not the right number of hex digits.
  public init(_ algorithm: Algorithm, hex text: String) throws {
    let trimmed = text.trimmingCharacters()
    let valid =
      trimmed.utf8.count == algorithm.hexDigits
      && trimmed.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) }
    if !valid { throw FetchError.invalidChecksum(field: "data.\(algorithm.rawValue)", value: text) }
    self.algorithm = algorithm
    self.hex = trimmed.lowercased()
  }

  /// The checksums given as `data.sha256` / `data.md5` parameters; nil or empty
  /// strings mean "not given".
  ///
  /// - Throws: `FetchError.invalidChecksum` for a malformed value.
  public static func parameters(sha256: String?, md5: String?) throws -> [Checksum] {
    var result: [Checksum] = []
    if let sha256, !sha256.isEmpty { result.append(try Checksum(.sha256, hex: sha256)) }
    if let md5, !md5.isEmpty { result.append(try Checksum(.md5, hex: md5)) }
    return result
  }

  /// `sha256:<hex>` or `md5:<hex>`.
  public var description: String { "\(algorithm.rawValue):\(hex)" }
}

extension String {
  fileprivate func trimmingCharacters() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
