import ModelBundle
import StrictJSON
import Testing
import TinyBundleFixture

/// Bundles whose checksum was recomputed after editing a value: every section's values
/// are range-checked on open, so a crafted bundle is a `malformed` error, never a query
/// that traps.
@Suite struct BundleRangeTests {
  /// Opens `bytes` and returns the malformed detail (recording an issue otherwise).
  private func malformedDetail(_ bytes: [UInt8], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation)
  {
    let error = #expect(throws: BundleError.self, sourceLocation: sourceLocation) {
      try BundleReader(bytes: bytes, name: "c.mlb")
    }
    guard case .malformed(let path, let detail) = error, path == "c.mlb", detail.contains(fragment) else {
      Issue.record("expected malformed '\(fragment)', got \(String(describing: error))", sourceLocation: sourceLocation)
      return
    }
    #expect(!String(describing: error!).contains("\n"))
  }

  private func floats(_ name: String, _ edit: (inout [Float]) -> Void) -> [UInt8] {
    let bytes = TinyBundle.bytes()
    let section = TinyBundle.section(name, in: bytes)!
    var values = stride(from: section.offset, to: section.offset + section.length, by: 4).map { at in
      Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) })
    }
    edit(&values)
    return TinyBundle.replacing(name, with: TinyBundle.littleEndian(values), in: bytes)
  }

  private func ints(_ name: String, _ edit: (inout [Int32]) -> Void) -> [UInt8] {
    let bytes = TinyBundle.bytes()
    let section = TinyBundle.section(name, in: bytes)!
    var values = stride(from: section.offset, to: section.offset + section.length, by: 4).map { at in
      Int32(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) })
    }
    edit(&values)
    return TinyBundle.replacing(name, with: TinyBundle.littleEndian(values), in: bytes)
  }

  @Test func theUntouchedBundleAndAnIdentityRewriteOpen() throws {
    let bytes = TinyBundle.bytes()
    _ = try BundleReader(bytes: bytes)
    // The crafting helper itself keeps a valid bundle valid (so the failures below come
    // from the edited values).
    #expect(floats("popularity.means") { _ in } == bytes)
    #expect(ints("popularity.counts") { _ in } == bytes)
  }

  @Test func aHugePopularityMeanIsMalformedNotATrap() {
    malformedDetail(floats("popularity.means") { $0[0] = 1.5e22 }, "'popularity.means' value 0 is 1.5e+22")
    malformedDetail(floats("popularity.means") { $0[1] = 3.5 }, "outside its ratings 4.0...4.0")
    malformedDetail(floats("popularity.means") { $0[2] = .nan }, "'popularity.means' value 2")
  }

  @Test func popularityCountsMustMatchTheRatingRows() {
    malformedDetail(ints("popularity.counts") { $0[0] = 3 }, "says movie 0 has 3 ratings, the rating rows hold 2")
    malformedDetail(ints("popularity.counts") { $0[5] = Int32.max }, "movie 5")
  }

  @Test func ratingsAndTheGlobalMeanStayOnTheRatingScale() {
    malformedDetail(floats("ratings.values") { $0[0] = 50 }, "'ratings.values' value 0 is 50.0, outside 0.5...5.0")
    malformedDetail(floats("ratings.values") { $0[3] = 0 }, "'ratings.values' value 3")
    let bytes = TinyBundle.bytes()
    malformedDetail(
      TinyBundle.replacing("mf.global_mean", with: TinyBundle.littleEndian([1e300]), in: bytes), "global mean is 1e+300")
  }

  @Test func factorsAndBiasesAreBounded() {
    malformedDetail(floats("mf.user_factors") { $0[1] = 3e38 }, "'mf.user_factors' value 1")
    malformedDetail(floats("mf.item_factors") { $0[0] = -.infinity }, "'mf.item_factors' value 0")
    malformedDetail(floats("mf.user_biases") { $0[2] = 1e5 }, "'mf.user_biases' value 2")
    malformedDetail(floats("mf.item_biases") { $0[0] = .nan }, "'mf.item_biases' value 0")
  }

  @Test func similaritiesAreCosines() {
    malformedDetail(floats("neighbors.similarities") { $0[0] = 7 }, "'neighbors.similarities' value 0 is 7.0")
  }

  @Test func yearsAndStringsAreChecked() {
    malformedDetail(ints("movie.years") { $0[0] = -5 }, "'movie.years' value 0 is -5")
    let bytes = TinyBundle.bytes()
    let titles = TinyBundle.section("movie.title_bytes", in: bytes)!
    var badTitle = Array(bytes[titles.offset..<(titles.offset + titles.length)])
    badTitle[0] = 0xFF
    malformedDetail(TinyBundle.replacing("movie.title_bytes", with: badTitle, in: bytes), "string 0 is not valid utf-8")
    let genres = TinyBundle.section("genre.name_bytes", in: bytes)!
    var swapped = Array(bytes[genres.offset..<(genres.offset + genres.length)])
    swapped[0] = UInt8(ascii: "Z")  // "Action" -> "Zction": no longer sorted
    malformedDetail(TinyBundle.replacing("genre.name_bytes", with: swapped, in: bytes), "not sorted and unique")
  }

  @Test func theManifestMatchesTheSectionsAndItsParamsAreInRange() throws {
    let bytes = TinyBundle.bytes()
    let reader = try BundleReader(bytes: bytes)
    func withManifest(_ edit: (inout [String: JSON]) -> Void) -> [UInt8] {
      guard case .object(let members) = reader.manifest else { return [] }
      var fields: [String: JSON] = [:]
      for member in members { fields[member.key] = member.value }
      edit(&fields)
      let json = JSON.object(fields.keys.sorted().map { JSON.Member($0, fields[$0]!) })
      return TinyBundle.replacing("manifest", with: Array(json.canonicalText().utf8), in: bytes)
    }
    _ = try BundleReader(bytes: withManifest { _ in })
    malformedDetail(
      withManifest { $0["params"] = .object(["popularity": .object(["damping": 1e300])]) },
      "manifest param 'popularity.damping' must be a number in 0.0...1000000000.0")
    malformedDetail(withManifest { $0["params"] = .object(["hybrid.alpha": "x"]) }, "'hybrid.alpha'")
    malformedDetail(
      withManifest { $0["counts"] = .object(["users": 4]) }, "manifest 'counts.factors' does not match the sections (2)")
    malformedDetail(withManifest { $0["counts"] = nil }, "manifest has no 'counts' object")
  }

  @Test func theWriterRefusesWhatTheReaderWouldRefuse() {
    var contents = TinyBundle.contents()
    contents.popularity.means[0] = 1.5e22
    #expect(throws: BundleError.invalidContents(detail: "'popularity.means' value 0 is 1.5e+22, outside its ratings 4.0...5.0")) {
      try BundleWriter.encode(contents)
    }
    var counts = TinyBundle.contents()
    counts.popularity.counts[1] = 7
    #expect(throws: BundleError.self) { try BundleWriter.encode(counts) }
    let folder = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(folder) }
    #expect(throws: BundleError.self) { try BundleWriter.write(counts, toDirectory: folder) }
    #expect(TinyBundle.read(folder + "/manifest.json").isEmpty)
  }
}
