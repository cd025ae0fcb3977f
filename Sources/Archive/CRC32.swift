/// CRC-32 as used by ZIP, gzip and PNG (reflected polynomial 0xEDB88320).
///
/// Computed by slicing-by-16: sixteen independent table lookups per 16 input bytes
/// instead of a dependent chain of one per byte, which is what makes checking a 250 MB
/// entry cost a fraction of inflating it.
///
/// ```swift
/// var crc = CRC32()
/// crc.update(chunk1)
/// crc.update(chunk2)
/// let value = crc.value
/// ```
public struct CRC32: Sendable, Equatable {
  private var state: UInt32 = 0xFFFF_FFFF

  /// Creates a checksum of the empty input (value 0).
  public init() {}

  /// The CRC-32 of all bytes passed to `update` so far.
  public var value: UInt32 { ~state }

  /// Adds `buffer` to the checksummed bytes.
  ///
  /// - Complexity: O(n).
  public mutating func update(_ buffer: UnsafeRawBufferPointer) {
    guard var p = buffer.baseAddress, buffer.count > 0 else { return }
    var n = buffer.count
    var crc = state
    Self.table.withUnsafeBufferPointer { t in
      while n >= 16 {
        let a = p.loadUnaligned(as: UInt64.self).littleEndian
        let b = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian
        let lo = UInt32(truncatingIfNeeded: a) ^ crc
        let hi = UInt32(truncatingIfNeeded: a >> 32)
        let lo2 = UInt32(truncatingIfNeeded: b)
        let hi2 = UInt32(truncatingIfNeeded: b >> 32)
        crc =
          t[3840 + Int(lo & 0xFF)] ^ t[3584 + Int((lo >> 8) & 0xFF)]
          ^ t[3328 + Int((lo >> 16) & 0xFF)] ^ t[3072 + Int(lo >> 24)]
          ^ t[2816 + Int(hi & 0xFF)] ^ t[2560 + Int((hi >> 8) & 0xFF)]
          ^ t[2304 + Int((hi >> 16) & 0xFF)] ^ t[2048 + Int(hi >> 24)]
          ^ t[1792 + Int(lo2 & 0xFF)] ^ t[1536 + Int((lo2 >> 8) & 0xFF)]
          ^ t[1280 + Int((lo2 >> 16) & 0xFF)] ^ t[1024 + Int(lo2 >> 24)]
          ^ t[768 + Int(hi2 & 0xFF)] ^ t[512 + Int((hi2 >> 8) & 0xFF)]
          ^ t[256 + Int((hi2 >> 16) & 0xFF)] ^ t[Int(hi2 >> 24)]
        p += 16
        n -= 16
      }
      while n > 0 {
        let byte = p.load(as: UInt8.self)
        crc = t[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        p += 1
        n -= 1
      }
    }
    state = crc
  }

  /// Adds `bytes` to the checksummed bytes.
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// The CRC-32 of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    var crc = CRC32()
    crc.update(bytes)
    return crc.value
  }

  /// The CRC-32 of `buffer`.
  public static func checksum(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
    var crc = CRC32()
    crc.update(buffer)
    return crc.value
  }

  /// Sixteen 256-entry tables: table k gives the CRC contribution of a byte followed by
  /// k zero bytes, so sixteen bytes fold in with independent lookups.
  private static let table: [UInt32] = {
    var t = [UInt32](repeating: 0, count: 16 * 256)
    for i in 0..<256 {
      var c = UInt32(i)
      for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
      t[i] = c
    }
    for k in 1..<16 {
      for i in 0..<256 {
        let prev = t[(k - 1) * 256 + i]
        t[k * 256 + i] = (prev >> 8) ^ t[Int(prev & 0xFF)]
      }
    }
    return t
  }()
}
