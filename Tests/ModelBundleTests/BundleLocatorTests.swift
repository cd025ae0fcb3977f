import ModelBundle
import Testing
import TinyBundleFixture

@Suite struct BundleLocatorTests {
  @Test func followsManifestInDefaultFolder() throws {
    let root = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(root) }
    let written = try BundleWriter.write(
      TinyBundle.contents(), toDirectory: "\(root)/artifacts/bundle")
    #expect(
      try BundleLocator.locate(nil, root: root) == "\(root)/artifacts/bundle/\(written.fileName)")
    #expect(
      try BundleLocator.locate("artifacts/bundle", root: root)
        == "\(root)/artifacts/bundle/\(written.fileName)")
    #expect(try BundleLocator.locate("x.mlb", root: root) == "\(root)/x.mlb")
  }

  @Test func singleBundleWithoutManifest() throws {
    let root = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(root) }
    TinyBundle.write(TinyBundle.bytes(), to: "\(root)/one.mlb")
    #expect(try BundleLocator.locate(root) == "\(root)/one.mlb")
    TinyBundle.write(TinyBundle.bytes(), to: "\(root)/two.mlb")
    #expect(throws: BundleError.ambiguousBundle(directory: root, files: ["one.mlb", "two.mlb"])) {
      try BundleLocator.locate(root)
    }
  }

  @Test func noBundleSaysRunPipelineRepro() throws {
    let root = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(root) }
    #expect(throws: BundleError.noBundle(directory: "artifacts/bundle")) {
      try BundleLocator.locate(nil, root: root)
    }
    #expect(
      String(describing: BundleError.noBundle(directory: "artifacts/bundle")).contains(
        "pipeline repro"))
  }

  @Test func brokenManifestIsReported() throws {
    let root = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(root) }
    TinyBundle.write(Array("{\"file\": ".utf8), to: "\(root)/manifest.json")
    let error = #expect(throws: BundleError.self) { try BundleLocator.locate(root) }
    guard case .badManifest = error else {
      Issue.record("expected badManifest, got \(String(describing: error))")
      return
    }
    TinyBundle.write(Array("{\"file\": \"../x.mlb\"}".utf8), to: "\(root)/manifest.json")
    #expect(throws: BundleError.self) { try BundleLocator.locate(root) }
  }
}
