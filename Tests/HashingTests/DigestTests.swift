import Hashing
import Testing

@Suite struct DigestTests {
  @Test(arguments: Algorithm.allCases)
  func hexRoundTrip(algorithm: Algorithm) throws {
    let digest = algorithm.hash(pattern(77))
    let parsed = try #require(Digest(hex: digest.hex))
    #expect(parsed == digest)
    #expect(parsed.bytes == digest.bytes)
    #expect(digest.description == digest.hex)
    #expect("\(digest)" == digest.hex)
  }

  @Test func hexIsLowercaseTwoDigitsPerByte() {
    let digest = Digest(bytes: [0x00, 0x0f, 0xa0, 0xff])
    #expect(digest.hex == "000fa0ff")
    #expect(Digest(bytes: []).hex == "")
  }

  @Test func uppercaseParsesToTheSameDigest() {
    #expect(Digest(hex: "000FA0FF") == Digest(bytes: [0x00, 0x0f, 0xa0, 0xff]))
    #expect(Digest(hex: "000FA0FF")?.hex == "000fa0ff")
  }

  @Test(arguments: ["", "a", "abc", "zz", "0g", "g0", " 00", "00 ", "0x00", "00\n", "é0"])
  func badHexIsNil(text: String) {
    #expect(Digest(hex: text) == nil)
  }

  @Test func equalDigestsHashEqually() {
    let set: Set<Digest> = [SHA256.hash("abc"), SHA256.hash("abc"), MD5.hash("abc")]
    #expect(set.count == 2)
    #expect(set.contains(Digest(hex: "900150983cd24fb0d6963f7d28e17f72")!))
  }
}
