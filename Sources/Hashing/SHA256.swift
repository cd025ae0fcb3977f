/// SHA-256 (FIPS 180-4), streaming, in plain Swift.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update("abc")
/// hasher.finalize().hex  // "ba7816bf..."
/// SHA256.hash(fileAt: "data/ratings.dat")  // (digest, size), streamed
/// ```
///
/// A value type without heap storage: copying a hasher forks the stream. The compression
/// runs on the CPU's SHA instructions where it has them (see `Implementation`).
public struct SHA256: HashFunction {
  typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

  /// 32 bytes.
  public static let byteCount = 32

  var state: State = (
    0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
    0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
  )
  var buffer = BlockBuffer()
  /// The compression function this hasher runs.
  public let implementation: Implementation

  /// Starts an empty message, hashed with `defaultImplementation`.
  public init() {
    implementation = Self.defaultImplementation
  }

  /// Starts an empty message hashed with `implementation` (tests compare the two).
  ///
  /// - Parameter implementation: `.accelerated` on a CPU without the instructions falls
  ///   back to `.portable`, so the hasher is always safe to run.
  public init(implementation: Implementation) {
    self.implementation = Self.acceleratedIsAvailable ? implementation : .portable
  }

  /// Appends the bytes of `buffer` to the message.
  ///
  /// - Parameter buffer: the next bytes of the message; may be empty.
  public mutating func update(_ buffer: UnsafeRawBufferPointer) {
    let implementation = implementation
    self.buffer.feed(buffer) { blocks, count in
      SHA256.compress(&state, blocks, count, using: implementation)
    }
  }

  /// Returns the digest of everything fed so far; the hasher itself is not changed.
  public mutating func finalize() -> Digest {
    var final = state
    buffer.pad(bigEndianLength: true) { blocks, count in
      SHA256.compress(&final, blocks, count, using: implementation)
    }
    let bytes = [UInt8](unsafeUninitializedCapacity: 32) { out, initialized in
      let raw = UnsafeMutableRawBufferPointer(out)
      withUnsafeBytes(of: &final) { words in
        for index in 0..<8 {
          let word = words.load(fromByteOffset: index &* 4, as: UInt32.self)
          raw.storeBytes(of: word.bigEndian, toByteOffset: index &* 4, as: UInt32.self)
        }
      }
      initialized = 32
    }
    return Digest(bytes: bytes)
  }
}
