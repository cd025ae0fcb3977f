import ModelBundle
import Testing
import TinyBundleFixture

@Suite struct BundleCorruptionTests {
  @Test func everyFlippedPayloadByteFailsTheChecksum() throws {
    let bytes = TinyBundle.bytes()
    #expect(bytes.count > 64)
    for index in 64..<bytes.count {
      var copy = bytes
      copy[index] ^= 0x01
      let error = #expect(throws: BundleError.self) { try BundleReader(bytes: copy, name: "b.mlb") }
      guard case .checksumMismatch(let path, _, _) = error, path == "b.mlb" else {
        Issue.record("byte \(index): expected a checksum error, got \(String(describing: error))")
        continue
      }
    }
  }

  @Test func everyFlippedHeaderByteFails() throws {
    let bytes = TinyBundle.bytes()
    for index in 0..<64 {
      var copy = bytes
      copy[index] ^= 0x80
      #expect(throws: BundleError.self, "header byte \(index)") { try BundleReader(bytes: copy) }
    }
  }

  @Test func truncatedFilesSayTruncated() throws {
    let bytes = TinyBundle.bytes()
    for length in [0, 4, 8, 63, 64, 100, bytes.count - 1] {
      #expect(
        throws: BundleError.truncated(
          path: "t.mlb", expectedBytes: UInt64(length < 64 ? 64 : bytes.count),
          actualBytes: UInt64(length))
      ) {
        try BundleReader(bytes: Array(bytes[0..<length]), name: "t.mlb")
      }
    }
    let error = BundleError.truncated(path: "t.mlb", expectedBytes: 100, actualBytes: 50)
    #expect(String(describing: error).contains("truncated bundle"))
  }

  @Test func trailingBytesAreRejected() throws {
    let bytes = TinyBundle.bytes()
    #expect(
      throws: BundleError.trailingData(
        path: "t.mlb", expectedBytes: UInt64(bytes.count), actualBytes: UInt64(bytes.count + 1))
    ) {
      try BundleReader(bytes: bytes + [0], name: "t.mlb")
    }
  }

  @Test func otherFormatVersionNamesBothVersions() throws {
    var bytes = TinyBundle.bytes()
    // A format-1 bundle (before the scoring and ranker sections) is refused by name.
    bytes[8] = 1
    let expected = BundleError.unsupportedFormatVersion(path: "v.mlb", found: 1, supported: 2)
    #expect(throws: expected) { try BundleReader(bytes: bytes, name: "v.mlb") }
    let message = String(describing: expected)
    #expect(message.contains("version 2"))
    #expect(message.contains("version 1"))
  }

  @Test func notABundle() throws {
    #expect(throws: BundleError.badMagic(path: "x")) {
      try BundleReader(bytes: Array("hello, world".utf8), name: "x")
    }
  }

  @Test func missingFileSaysHowToBuildIt() throws {
    let directory = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(directory) }
    let path = directory + "/none.mlb"
    #expect(throws: BundleError.notFound(path: path)) { try BundleReader(path: path) }
    #expect(String(describing: BundleError.notFound(path: path)).contains("pipeline repro"))
  }

  @Test func emptyAndTruncatedFilesOnDisk() throws {
    let directory = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(directory) }
    TinyBundle.write([], to: "\(directory)/empty.mlb")
    #expect(
      throws: BundleError.truncated(
        path: "\(directory)/empty.mlb", expectedBytes: 64, actualBytes: 0)
    ) {
      try BundleReader(path: "\(directory)/empty.mlb")
    }
    let bytes = TinyBundle.bytes()
    TinyBundle.write(Array(bytes.dropLast(10)), to: "\(directory)/cut.mlb")
    #expect(throws: BundleError.self) { try BundleReader(path: "\(directory)/cut.mlb") }
  }

  /// Checksum-valid files that break the layout: the structural checks must catch them.
  @Test func resealedStructuralDamageIsMalformed() throws {
    let bytes = TinyBundle.bytes()
    func damaged(_ section: String, at element: Int, width: Int = 4, _ value: UInt32) throws
      -> [UInt8]
    {
      var copy = bytes
      let place = try #require(TinyBundle.section(section, in: copy))
      let at = place.offset + element * width
      for byte in 0..<4 { copy[at + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte)) }
      TinyBundle.reseal(&copy)
      return copy
    }
    let cases: [(String, Int, UInt32)] = [
      ("neighbors.indices", 0, 6),  // column out of range
      ("neighbors.indices", 0, UInt32(bitPattern: -1)),
      ("neighbors.offsets", 1, 99),  // offset past the end
      ("neighbors.offsets", 2, 1),  // decreasing
      ("neighbors.similarities", 1, Float(0.95).bitPattern),  // row no longer descending
      ("ratings.items", 3, 100),
      ("ratings.values", 0, Float.nan.bitPattern),
      ("movie.title_offsets", 1, 10_000),
      ("movie.genre_ids", 0, 10),
      ("movie.id_order", 0, 1),  // not a sorted permutation
      ("user.id_order", 0, 7),
      ("popularity.counts", 0, UInt32(bitPattern: -3)),
      ("mf.item_factors", 0, Float.infinity.bitPattern),
    ]
    for (section, element, value) in cases {
      let copy = try damaged(section, at: element, value)
      let error = #expect(throws: BundleError.self) { try BundleReader(bytes: copy) }
      guard case .malformed = error else {
        Issue.record("\(section)[\(element)] = \(value): got \(String(describing: error))")
        continue
      }
    }
    // A section count that runs past the payload, and a broken section name.
    var count = bytes
    count[64] = 0xFF
    count[65] = 0xFF
    TinyBundle.reseal(&count)
    #expect(throws: BundleError.self) { try BundleReader(bytes: count) }
    var name = bytes
    name[72] = 0x01
    TinyBundle.reseal(&name)
    #expect(throws: BundleError.self) { try BundleReader(bytes: name) }
  }

  @Test func uncheckedOpenStillRunsStructuralChecks() throws {
    var bytes = TinyBundle.bytes()
    let place = try #require(TinyBundle.section("neighbors.indices", in: bytes))
    bytes[place.offset] = 77
    #expect(throws: BundleError.self) { try BundleReader(bytes: bytes, verifyChecksum: false) }
  }
}

@Suite struct ScoringSectionTests {
  /// Rewrites `old` with `new` (same length) inside section `name` and reseals the checksum.
  static func edit(_ name: String, _ old: String, _ new: String) throws -> [UInt8] {
    var bytes = TinyBundle.bytes()
    let (offset, length) = try #require(TinyBundle.section(name, in: bytes))
    let text = String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
    let edited = Array(text.replacingFirst(old, with: new).utf8)
    #expect(edited.count == length)
    bytes.replaceSubrange(offset..<(offset + length), with: edited)
    TinyBundle.reseal(&bytes)
    return bytes
  }

  @Test func outOfRangeScoringValuesAreRejectedAtOpen() throws {
    for (old, new, detail) in [
      ("\"alpha\": 0.5", "\"alpha\": 7.5", "scoring alpha 7.5 is outside [0, 1]"),
      ("\"normalize\": \"minmax\"", "\"normalize\": \"maxmin\"", "scoring normalization 'maxmin'"),
      ("\"model\": \"svd\"", "\"model\": \"als\"", "does not match the ranker sections"),
      ("\"fold_in_reg\": 0.06", "\"fold_in_reg\": -0.6", "fold-in regularization -0.6"),
    ] {
      let bytes = try Self.edit("scoring", old, new)
      do {
        _ = try BundleReader(bytes: bytes, name: "s.mlb")
        Issue.record("accepted \(new)")
      } catch {
        #expect(String(describing: error).contains(detail), "\(error)")
      }
    }
  }
}

extension String {
  fileprivate func replacingFirst(_ old: String, with new: String) -> String {
    guard let range = range(of: old) else { return self }
    return replacingCharacters(in: range, with: new)
  }
}
