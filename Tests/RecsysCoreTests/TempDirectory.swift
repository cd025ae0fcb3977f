import Foundation

/// A fresh folder under the system temp dir, removed when the value is dropped.
final class TempDirectory {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "recsyscore-test-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  func file(_ name: String) -> String { path + "/" + name }

  func write(_ name: String, _ text: String) {
    _ = FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8))
  }

  func write(_ name: String, bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: file(name), contents: Data(bytes))
  }

  func read(_ name: String) -> [UInt8] {
    [UInt8](FileManager.default.contents(atPath: file(name)) ?? Data())
  }

  func names() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }
}
