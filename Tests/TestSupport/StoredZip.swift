import Foundation

/// Writes a minimal ZIP archive with stored (uncompressed) entries, so tests can make
/// dataset archives without any tool beyond the test itself.
public enum StoredZip {
  public static func make(_ entries: [(name: String, data: [UInt8])]) -> [UInt8] {
    var out: [UInt8] = []
    var central: [UInt8] = []
    func le16(_ x: Int, _ b: inout [UInt8]) { b += [UInt8(x & 0xFF), UInt8((x >> 8) & 0xFF)] }
    func le32(_ x: UInt32, _ b: inout [UInt8]) { for i in 0..<4 { b.append(UInt8((x >> (8 * UInt32(i))) & 0xFF)) } }
    for (name, data) in entries {
      let offset = UInt32(out.count)
      let crc = crc32(data)
      let nameBytes = Array(name.utf8)
      le32(0x0403_4B50, &out)
      le16(20, &out); le16(0, &out); le16(0, &out); le16(0, &out); le16(0x21, &out)
      le32(crc, &out); le32(UInt32(data.count), &out); le32(UInt32(data.count), &out)
      le16(nameBytes.count, &out); le16(0, &out)
      out += nameBytes
      out += data
      le32(0x0201_4B50, &central)
      le16(20, &central); le16(20, &central); le16(0, &central); le16(0, &central); le16(0, &central); le16(0x21, &central)
      le32(crc, &central); le32(UInt32(data.count), &central); le32(UInt32(data.count), &central)
      le16(nameBytes.count, &central); le16(0, &central); le16(0, &central); le16(0, &central); le16(0, &central)
      le32(0, &central); le32(offset, &central)
      central += nameBytes
    }
    let centralOffset = UInt32(out.count)
    out += central
    le32(0x0605_4B50, &out)
    le16(0, &out); le16(0, &out); le16(entries.count, &out); le16(entries.count, &out)
    le32(UInt32(central.count), &out); le32(centralOffset, &out); le16(0, &out)
    return out
  }

  /// CRC-32 (IEEE), bit by bit: tests need it only for tiny files.
  public static func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
    }
    return ~crc
  }
}
