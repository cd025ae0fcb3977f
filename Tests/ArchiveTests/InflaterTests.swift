import Archive
import Testing

@Suite struct InflaterTests {
  func failure(_ stream: [UInt8]) -> String? {
    do {
      _ = try Inflater.inflate(stream)
      return nil
    } catch let error as ArchiveError {
      guard case .corruptData(_, _, let detail) = error else { return "unexpected \(error)" }
      return detail
    } catch {
      return "unexpected \(error)"
    }
  }

  @Test func decodesHandMadeBlocks() throws {
    // Fixed Huffman: 'a', then a length-3 match at distance 1.
    #expect(try Inflater.inflate([75, 4, 2, 0]) == Array("aaaa".utf8))
    // Stored block with LEN 5 and its complement.
    #expect(try Inflater.inflate([1, 5, 0, 250, 255] + Array("hello".utf8)) == Array("hello".utf8))
    // Empty input compressed by zlib: one empty fixed block.
    #expect(try Inflater.inflate([3, 0]) == [])
  }

  @Test func rejectsCorruptStreams() {
    #expect(failure([7]) == "invalid block type 3")
    #expect(failure([3, 2, 0])?.contains("reaches before the start of the output") == true)
    #expect(failure([75, 4, 66, 0])?.contains("distance 2 reaches before") == true)
    #expect(failure([27, 3, 0]) == "invalid literal/length code")
    #expect(failure([75, 4, 62, 0]) == "invalid distance code")
    #expect(
      failure([1, 5, 0, 0, 0] + Array("hello".utf8))
        == "stored block length does not match its complement")
    #expect(
      failure([1, 5, 0, 250, 255] + Array("hel".utf8)) == "unexpected end of compressed data")
    #expect(
      failure([5, 224, 147, 36, 73, 146, 36, 73, 146, 0, 0, 0]) == "invalid code lengths set")
    #expect(failure([5, 0, 128, 228, 127, 27, 0, 0]) == "missing end-of-block code")
    #expect(failure([5, 0, 2, 36, 0, 0]) == "repeated code length with no previous length")
    #expect(failure([]) == "unexpected end of compressed data")
    // A non-final block and nothing after it.
    #expect(failure([74, 4, 2, 0]) == "unexpected end of compressed data")
  }

  @Test func outputIsTheSameForAnyChunkSize() throws {
    let archive = try ZipArchive(path: Fixture.path("methods.zip"))
    for entry in archive.entries where entry.compressedSize > 0 {
      let expected = try archive.contents(of: entry)
      let raw = try Fixture.bytes("methods.zip")
      // Re-inflate the entry's raw stream with a small output buffer.
      let start = Int(entry.localHeaderOffset) + 30 + entry.nameBytes.count
      let stream = Array(raw[start..<start + Int(entry.compressedSize)])
      var output: [UInt8] = []
      var calls = 0
      let result = try stream.withUnsafeBytes { input in
        try Inflater(chunkSize: 4096).inflate(input, expectedSize: entry.uncompressedSize) {
          output.append(contentsOf: $0)
          calls += 1
        }
      }
      #expect(output == expected, "entry \(entry.name)")
      #expect(result.consumed == stream.count)
      #expect(result.produced == entry.uncompressedSize)
      if expected.count > 40_000 { #expect(calls > 1) }
    }
  }

  @Test func stopsAtTheDeclaredSize() throws {
    let archive = try ZipArchive(path: Fixture.path("methods.zip"))
    let entry = try #require(archive.entry(named: "best.txt"))
    let raw = try Fixture.bytes("methods.zip")
    let start = Int(entry.localHeaderOffset) + 30 + entry.nameBytes.count
    let stream = Array(raw[start..<start + Int(entry.compressedSize)])
    #expect(throws: ArchiveError.self) {
      try stream.withUnsafeBytes { input in
        _ = try Inflater(chunkSize: 4096).inflate(input, expectedSize: 1000) { _ in }
      }
    }
  }
}
