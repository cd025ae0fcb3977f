/// The output of a hash function: its raw bytes, shown as lowercase hex.
///
/// Equality and hashing compare the bytes, so a digest parsed from `"AB01..."` equals the
/// one computed in memory.
public struct Digest: Hashable, Sendable, CustomStringConvertible {
  /// The digest bytes in the order the algorithm defines (32 for SHA-256, 16 for MD5).
  public let bytes: [UInt8]

  /// Wraps raw digest bytes.
  ///
  /// - Parameter bytes: the digest bytes; any length is accepted.
  public init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// The bytes as lowercase hexadecimal, two characters per byte.
  public var hex: String {
    let digits: StaticString = "0123456789abcdef"
    return bytes.withUnsafeBufferPointer { source in
      String(unsafeUninitializedCapacity: source.count * 2) { out in
        digits.withUTF8Buffer { table in
          for (index, byte) in source.enumerated() {
            out[2 &* index] = table[Int(byte &>> 4)]
            out[2 &* index &+ 1] = table[Int(byte & 0x0f)]
          }
        }
        return source.count * 2
      }
    }
  }

  /// Parses hexadecimal text, as found in lock files or `*.sha256` sidecars.
  ///
  /// Upper- and lowercase digits are accepted; surrounding whitespace is not, so callers
  /// trim what they read.
  ///
  /// - Parameter hex: an even, non-zero number of hex digits.
  /// - Returns: `nil` when the text is empty, has an odd length or a non-hex character.
  public init?(hex: String) {
    var text = hex
    guard let parsed = text.withUTF8(Digest.parse) else { return nil }
    self.bytes = parsed
  }

  /// The hex form, so `"\(digest)"` and `String(describing:)` print what lock files store.
  public var description: String { hex }

  private static func parse(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    guard !text.isEmpty, text.count % 2 == 0 else { return nil }
    var result = [UInt8](repeating: 0, count: text.count / 2)
    for index in 0..<result.count {
      guard let high = nibble(text[2 &* index]), let low = nibble(text[2 &* index &+ 1]) else {
        return nil
      }
      result[index] = high &<< 4 | low
    }
    return result
  }

  private static func nibble(_ character: UInt8) -> UInt8? {
    switch character {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return character &- UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return character &- UInt8(ascii: "a") &+ 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return character &- UInt8(ascii: "A") &+ 10
    default: return nil
    }
  }
}
