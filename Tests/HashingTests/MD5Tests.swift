import Hashing
import Testing

@Suite struct MD5Tests {
  /// The test suite of RFC 1321, appendix A.5.
  @Test(arguments: [
    ("", "d41d8cd98f00b204e9800998ecf8427e"),
    ("a", "0cc175b9c0f1b6a831c399e269772661"),
    ("abc", "900150983cd24fb0d6963f7d28e17f72"),
    ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
    (
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
      "d174ab98d277d9f5a5611c2c9f419d9f"
    ),
    (
      "1234567890123456789012345678901234567890123456789012345678901234567890"
        + "1234567890",
      "57edf4a22be3c955ac49da2e2107b67a"
    ),
  ])
  func rfc1321Vectors(message: String, expected: String) {
    #expect(MD5.hash(message).hex == expected)
    #expect(MD5.hash(Array(message.utf8)).hex == expected)
    var hasher = MD5()
    hasher.update(message)
    #expect(hasher.finalize().hex == expected)
  }

  @Test func oneMillionA() {
    #expect(
      MD5.hash([UInt8](repeating: 0x61, count: 1_000_000)).hex
        == "7707d6ae4e027c70eea2a935c2296f21")
  }

  @Test func stringHashesItsUTF8() {
    #expect(MD5.hash("héllo wörld ✓").hex == "aa0c8a307a4488bfe0cb56530da19bc3")
  }

  @Test func digestIsSixteenBytes() {
    #expect(MD5.byteCount == 16)
    #expect(MD5.hash("x").bytes.count == 16)
  }
}
