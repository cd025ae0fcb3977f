import Archive
import RecsysCore
import Testing

@Suite struct CRC32Tests {
  /// Bit-at-a-time reference, straight from the definition.
  func reference(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  @Test func knownVectors() {
    #expect(CRC32.checksum([]) == 0)
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(
      CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    #expect(CRC32().value == 0)
  }

  @Test func matchesReferenceAtEveryLengthAndSplit() {
    var rng = SeededGenerator(seed: 7)
    for length in [1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4099] {
      let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.nextUInt64()) }
      let expected = reference(bytes)
      #expect(CRC32.checksum(bytes) == expected)
      for split in [0, 1, 3, 8, length / 2, length - 1, length] where split <= length {
        var crc = CRC32()
        crc.update(Array(bytes[..<split]))
        crc.update(Array(bytes[split...]))
        #expect(crc.value == expected, "length \(length) split \(split)")
      }
    }
  }
}
