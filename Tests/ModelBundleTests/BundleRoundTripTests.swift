import ModelBundle
import StrictJSON
import Testing
import TinyBundleFixture

@Suite struct BundleRoundTripTests {
  @Test func readsBackEverySection() throws {
    let contents = TinyBundle.contents()
    let reader = try BundleReader(bytes: TinyBundle.bytes())
    #expect(reader.formatVersion == 2)
    #expect(reader.version.count == 12)
    #expect(reader.sha256.hasPrefix(reader.version))
    #expect(reader.movies.count == 6)
    #expect(reader.users.count == 4)
    #expect(Array(reader.movies.ids.ids) == contents.movies.map(\.id))
    #expect(Array(reader.users.ids) == [10, 20, 30, 40])
    #expect(reader.movies.title(3) == "Amélie")
    #expect(reader.movies.year(5) == 1999)
    #expect(reader.movies.displayTitle(0) == "Toy Story (1995)")
    #expect(reader.movies.genres(4) == ["Comedy", "Drama", "Romance"])
    #expect(
      (0..<reader.movies.genreNames.count).map { reader.movies.genreNames[$0] } == [
        "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Drama", "Fantasy",
        "Romance", "Thriller",
      ])
    #expect(reader.model.factorCount == 2)
    #expect(reader.model.globalMean == 3.5)
    #expect(Array(reader.model.userBiases) == contents.model.userBiases)
    #expect(Array(reader.model.itemFactors) == contents.model.itemFactors)
    #expect(Array(reader.model.userVector(2)) == [1, 1])
    #expect(reader.model.predict(user: 0, movie: 1) == 4.5)
    #expect(Array(reader.neighbors.offsets) == contents.neighbors.offsets)
    #expect(Array(reader.neighbors.row(0).indices) == [5, 1, 3])
    #expect(Array(reader.neighbors.row(2).indices) == [])
    #expect(Array(reader.ratings.row(1).values) == [4, 5, 3])
    #expect(Array(reader.popularity.counts) == [2, 1, 2, 1, 1, 1])
    #expect(Array(reader.popularity.means) == [4.5, 4, 2.5, 5, 3, 5])
  }

  @Test func looksUpRawIDs() throws {
    let reader = try BundleReader(bytes: TinyBundle.bytes())
    #expect(reader.movies.ids.index(of: 13) == 5)
    #expect(reader.movies.ids.index(of: 4) == nil)
    #expect(reader.users.index(of: 30) == 2)
    #expect(reader.users.index(of: 31) == nil)
    #expect(reader.users.index(of: -1) == nil)
  }

  @Test func manifestHoldsParamsMetricsCountsButNoVersion() throws {
    let reader = try BundleReader(bytes: TinyBundle.bytes())
    let manifest = reader.manifest
    #expect(manifest["format_version"]?.intValue == 2)
    #expect(manifest["dataset_fingerprint"]?.stringValue == "tiny-0001")
    #expect(manifest["params"]?["hybrid"]?["alpha"]?.doubleValue == 0.5)
    #expect(manifest["metrics"]?["mf"]?["rmse"]?.doubleValue == 0.91)
    #expect(manifest["counts"]?["ratings"]?.intValue == 8)
    #expect(manifest["counts"]?["neighbors"]?.intValue == 12)
    #expect(manifest["counts"]?["genres"]?.intValue == 10)
    #expect(manifest["version"] == nil)
  }

  /// Plot data is an optional member of the manifest: a bundle without it has the
  /// bytes it had before plots existed (so older bundles read as they did), and one
  /// with it gives it back as written.
  @Test func plotsAreOptionalInTheManifest() throws {
    let plain = try BundleReader(bytes: TinyBundle.bytes())
    #expect(plain.manifest["plots"] == nil)
    var contents = TinyBundle.contents()
    contents.plots = .object([])
    #expect(try BundleWriter.encode(contents) == TinyBundle.bytes())
    let curve: JSON = .array([
      .object(["epoch": 1, "test_rmse": 1.01, "train_rmse": 0.98]),
      .object(["epoch": 2, "test_rmse": .null, "train_rmse": 0.91]),
    ])
    contents.plots = .object(["training_curve": curve])
    let reader = try BundleReader(bytes: try BundleWriter.encode(contents))
    #expect(reader.manifest["plots"]?["training_curve"] == curve)
    #expect(reader.version != plain.version)
  }

  @Test func sameContentsGiveSameBytes() throws {
    let first = try BundleWriter.encode(TinyBundle.contents())
    let second = try BundleWriter.encode(TinyBundle.contents())
    #expect(first == second)
    var changed = TinyBundle.contents()
    changed.datasetFingerprint = "tiny-0002"
    #expect(try BundleWriter.encode(changed) != first)
  }

  @Test func sectionsAreAlignedAndPaddingIsZero() throws {
    let bytes = TinyBundle.bytes()
    #expect(Array(bytes[0..<8]) == Array("MLBUNDLE".utf8))
    for name in ["manifest", "mf.item_factors", "neighbors.similarities", "ratings.values"] {
      let place = try #require(TinyBundle.section(name, in: bytes))
      #expect(place.offset % 16 == 0, "section \(name)")
    }
  }

  @Test func writesNamedFileAndManifestAtomically() throws {
    let scratch = TinyBundle.temporaryDirectory()
    let second = TinyBundle.temporaryDirectory()
    defer {
      TinyBundle.removeDirectory(scratch)
      TinyBundle.removeDirectory(second)
    }
    let first = scratch + "/out/bundle"
    let written = try BundleWriter.write(TinyBundle.contents(), toDirectory: first)
    let again = try BundleWriter.write(TinyBundle.contents(), toDirectory: second)
    #expect(written == again)
    #expect(written.fileName == "bundle-\(written.version).mlb")
    #expect(written.sha256.hasPrefix(written.version))
    let bytes = TinyBundle.read("\(first)/\(written.fileName)")
    #expect(bytes == TinyBundle.bytes())
    #expect(bytes.count == written.size)
    #expect(bytes == TinyBundle.read("\(second)/\(again.fileName)"))
    let manifestText = TinyBundle.read("\(first)/manifest.json")
    #expect(manifestText == TinyBundle.read("\(second)/manifest.json"))
    #expect(manifestText == Array(written.manifest.canonicalText().utf8))
    let manifest = try JSONParser.parse(manifestText, file: "manifest.json")
    #expect(manifest["file"]?.stringValue == written.fileName)
    #expect(manifest["version"]?.stringValue == written.version)
    #expect(manifest["sha256"]?.stringValue == written.sha256)
    #expect(manifest["format_version"]?.intValue == 2)
    #expect(manifest["manifest"]?["dataset_fingerprint"]?.stringValue == "tiny-0001")
    let reader = try BundleReader(path: "\(first)/\(written.fileName)")
    #expect(reader.version == written.version)
  }

  @Test func rewritingReplacesTheOldBundle() throws {
    let directory = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(directory) }
    let old = try BundleWriter.write(TinyBundle.contents(), toDirectory: directory)
    var changed = TinyBundle.contents()
    changed.datasetFingerprint = "tiny-0002"
    let new = try BundleWriter.write(changed, toDirectory: directory)
    #expect(old.fileName != new.fileName)
    #expect(TinyBundle.read("\(directory)/\(old.fileName)").isEmpty)
    #expect(try BundleLocator.locate(directory) == "\(directory)/\(new.fileName)")
  }
}
