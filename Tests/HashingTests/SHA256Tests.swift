import Hashing
import Testing

@Suite struct SHA256Tests {
  /// FIPS 180-4 examples (NIST "SHA256.pdf", "SHA2_Additional.pdf").
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
        + "klmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
    ),
  ])
  func nistVectors(message: String, expected: String) {
    #expect(SHA256.hash(message).hex == expected)
    #expect(SHA256.hash(Array(message.utf8)).hex == expected)
    var hasher = SHA256()
    hasher.update(message)
    #expect(hasher.finalize().hex == expected)
  }

  @Test func oneMillionA() {
    let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    #expect(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)).hex == expected)
    // The same million fed in uneven pieces, as a file read would.
    var hasher = SHA256()
    let piece = [UInt8](repeating: 0x61, count: 999)
    for _ in 0..<1001 { hasher.update(piece) }
    hasher.update([UInt8](repeating: 0x61, count: 1_000_000 - 999 * 1001))
    #expect(hasher.finalize().hex == expected)
  }

  @Test func stringHashesItsUTF8() {
    let text = "héllo wörld ✓"
    let expected = "c2a59c71097b678dc5af2eb1f98ddc575b63948b0fa6740071a945673aaada4d"
    #expect(SHA256.hash(text).hex == expected)
    #expect(SHA256.hash(Array(text.utf8)) == SHA256.hash(text))
  }

  @Test func digestIsThirtyTwoBytes() {
    #expect(SHA256.byteCount == 32)
    #expect(SHA256.hash("x").bytes.count == 32)
  }
}
