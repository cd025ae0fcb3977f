/// MD5 (RFC 1321), streaming, in plain Swift.
///
/// Broken for security; here only to check downloads against published `md5` sums.
/// Same shape as `SHA256`.
public struct MD5: HashFunction {
  typealias State = (UInt32, UInt32, UInt32, UInt32)

  /// 16 bytes.
  public static let byteCount = 16

  var state: State = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)
  var buffer = BlockBuffer()

  /// Starts an empty message.
  public init() {}

  /// Appends the bytes of `buffer` to the message.
  ///
  /// - Parameter buffer: the next bytes of the message; may be empty.
  public mutating func update(_ buffer: UnsafeRawBufferPointer) {
    self.buffer.feed(buffer) { blocks, count in
      MD5.compress(&state, blocks, count)
    }
  }

  /// Returns the digest of everything fed so far; the hasher itself is not changed.
  public mutating func finalize() -> Digest {
    var final = state
    buffer.pad(bigEndianLength: false) { blocks, count in
      MD5.compress(&final, blocks, count)
    }
    let bytes = [UInt8](unsafeUninitializedCapacity: 16) { out, initialized in
      let raw = UnsafeMutableRawBufferPointer(out)
      withUnsafeBytes(of: &final) { words in
        for index in 0..<4 {
          let word = words.load(fromByteOffset: index &* 4, as: UInt32.self)
          raw.storeBytes(of: word.littleEndian, toByteOffset: index &* 4, as: UInt32.self)
        }
      }
      initialized = 16
    }
    return Digest(bytes: bytes)
  }
}
