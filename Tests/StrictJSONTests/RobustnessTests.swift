import RecsysCore
import Testing

@testable import StrictJSON

/// Malformed input must give an error, never a crash, and both parse modes must agree.
@Suite struct RobustnessTests {
  @Test func everyProperPrefixOfAContainerFails() throws {
    var rng = SeededGenerator(seed: 5)
    for _ in 0..<15 {
      let value = JSON.array([RandomJSON.value(&rng, depth: 3), RandomJSON.value(&rng, depth: 2)])
      let bytes = Array(value.orderedText().utf8.dropLast())  // drop the trailing newline
      #expect(throws: Never.self) { try JSONParser.parse(bytes, file: "p.json") }
      for n in 0..<bytes.count {
        let e = parseError(bytes: Array(bytes[0..<n]), file: "p.json")
        #expect(e != nil, "prefix of \(n) bytes parsed")
        #expect((e?.line ?? 0) >= 1 && (e?.column ?? 0) >= 1)
      }
    }
  }

  @Test func randomMutationsNeverCrash() throws {
    var rng = SeededGenerator(seed: 77)
    let interesting: [UInt8] =
      Array("{}[]\",:\\/'-+.0123456789eEtfnu \n\t".utf8) + [
        0x00, 0x1F, 0x80, 0xC3, 0xE2, 0xED, 0xF0, 0xFF,
      ]
    var failures = 0
    for _ in 0..<1500 {
      var bytes = Array(RandomJSON.value(&rng, depth: 3).compactText().utf8)
      for _ in 0..<(1 + rng.nextInt(below: 3)) {
        let at = rng.nextInt(below: bytes.count + 1)
        let b = interesting[rng.nextInt(below: interesting.count)]
        switch rng.nextInt(below: 3) {
        case 0: bytes.insert(b, at: at)
        case 1: if at < bytes.count { bytes[at] = b }
        default: if at < bytes.count { bytes.remove(at: at) }
        }
      }
      if let e = parseError(bytes: bytes, file: "m.json") {
        failures += 1
        #expect(e.line >= 1 && e.column >= 1)
        #expect(!e.message.isEmpty && e.message.first?.isUppercase == false)
        #expect(!e.message.unicodeScalars.contains { JSONError.isInvisible($0) && $0 != " " })
      }
    }
    #expect(failures > 500)
  }
}
