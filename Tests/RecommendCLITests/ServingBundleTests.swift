import ModelBundle
@testable import RecommendCLI
import StrictJSON
import Testing
import TinyBundleFixture

/// The bundle `recommend serve` answers from, and where `--watch` starts watching.
@Suite struct ServingBundleTests {
  /// `--watch` compares the disk with the signature taken before the first bundle was
  /// opened, so a bundle written right after start (before the watcher thread first
  /// runs, as a test writing one the moment the port is printed does) is a change.
  @Test func watchingStartsFromTheBundleAsOpened() throws {
    let root = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(root) }
    let directory = "\(root)/artifacts/bundle"
    let first = try BundleWriter.write(TinyBundle.contents(), toDirectory: directory)
    let bundle = try ServingBundle(option: directory, root: root)
    #expect(bundle.initialSignature != nil)
    #expect(bundle.initialSignature == bundle.diskSignature(), "nothing changed yet")
    #expect(bundle.recommender.bundle.version == first.version)

    var contents = TinyBundle.contents()
    contents.params = .object(["hybrid": .object(["alpha": .number(0.1)])])
    let second = try BundleWriter.write(contents, toDirectory: directory)
    #expect(second.version != first.version)
    #expect(bundle.initialSignature != bundle.diskSignature())
    #expect(bundle.reload() == "reload: serving bundle \(second.version) (was \(first.version))")
    #expect(bundle.recommender.bundle.version == second.version)
  }
}
