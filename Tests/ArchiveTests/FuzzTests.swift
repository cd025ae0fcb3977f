import Archive
import RecsysCore
import Testing

/// Random damage to a small archive must either be harmless (every entry still
/// extracts to its original bytes) or throw an `ArchiveError`: never crash or hang.
@Suite struct FuzzTests {
  @Test func randomFlipsAndTruncationsNeverCrash() throws {
    let original = try Fixture.bytes("small.zip")
    let reference = try ZipArchive(bytes: original)
    var contents: [UInt64: [UInt8]] = [:]
    for entry in reference.entries {
      contents[entry.localHeaderOffset] = try reference.contents(of: entry)
    }
    var rng = SeededGenerator(seed: 2024)
    var outcomes = (intact: 0, failed: 0)
    for round in 0..<2000 {
      var bytes = original
      switch round % 4 {
      case 0:
        bytes = Array(bytes[..<rng.nextInt(below: bytes.count)])
      case 1:
        // Flip bits inside the compressed data, where the inflater has to cope.
        let position = 30 + rng.nextInt(below: min(2000, bytes.count - 30))
        bytes[position] ^= UInt8(1 << rng.nextInt(below: 8))
      default:
        for _ in 0...rng.nextInt(below: 3) {
          bytes[rng.nextInt(below: bytes.count)] = UInt8(truncatingIfNeeded: rng.nextUInt64())
        }
      }
      do {
        let archive = try ZipArchive(bytes: bytes, path: "fuzz.zip")
        // Damage that still extracts (a name, a timestamp, a shorter entry count) must
        // give back the original data of the entry at that offset.
        var same = true
        for entry in archive.entries {
          let data = try archive.contents(of: entry)
          if data != contents[entry.localHeaderOffset] { same = false }
        }
        #expect(same, "round \(round)")
        outcomes.intact += 1
      } catch is ArchiveError {
        outcomes.failed += 1
      }
    }
    #expect(outcomes.intact + outcomes.failed == 2000)
    #expect(outcomes.failed > 1000)
  }

  /// Raw DEFLATE without any CRC behind it: random streams and flipped dynamic-Huffman
  /// streams must decode to something or throw, within the size limit.
  @Test func rawStreamsNeverCrash() throws {
    let archive = try ZipArchive(path: Fixture.path("small.zip"))
    let entry = try #require(archive.entry(named: "small/a.txt"))
    let raw = try Fixture.bytes("small.zip")
    let start = Int(entry.localHeaderOffset) + 30 + entry.nameBytes.count
    let stream = Array(raw[start..<start + Int(entry.compressedSize)])
    var rng = SeededGenerator(seed: 99)
    let inflater = Inflater(chunkSize: 4096)
    var failures = 0
    for round in 0..<1000 {
      var input: [UInt8]
      if round % 2 == 0 {
        input = (0..<(1 + rng.nextInt(below: 300))).map { _ in
          UInt8(truncatingIfNeeded: rng.nextUInt64())
        }
      } else {
        input = stream
        input[rng.nextInt(below: input.count)] ^= UInt8(1 << rng.nextInt(below: 8))
      }
      do {
        var produced = 0
        _ = try input.withUnsafeBytes { bytes in
          try inflater.inflate(bytes, expectedSize: 100_000) { produced += $0.count }
        }
        #expect(produced <= 100_000)
      } catch is ArchiveError {
        failures += 1
      }
    }
    #expect(failures > 500)
  }
}
