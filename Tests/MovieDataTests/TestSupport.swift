import Foundation

/// A fresh folder under the system temp dir, removed when the value is dropped.
final class TempDirectory {
  let path: String

  init() {
    path = NSTemporaryDirectory() + "moviedata-test-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  func file(_ name: String) -> String { path + "/" + name }

  /// Writes `bytes` at `name`, creating parent folders.
  func write(_ name: String, bytes: [UInt8]) {
    let full = file(name)
    try! FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
  }

  func write(_ name: String, _ text: String) { write(name, bytes: Array(text.utf8)) }

  func read(_ name: String) -> [UInt8] {
    [UInt8](FileManager.default.contents(atPath: file(name)) ?? Data())
  }

  func text(_ name: String) -> String { String(decoding: read(name), as: UTF8.self) }

  func names(_ sub: String = "") -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: sub.isEmpty ? path : file(sub))) ?? [])
      .sorted()
  }
}

/// The folder of a fixture dataset next to this file.
func fixture(_ name: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Fixtures/" + name
  ).path
}

/// Parses `stats.json` with Foundation (tests only; the product writes it with StrictJSON).
func readJSON(_ path: String) -> [String: Any] {
  let data = FileManager.default.contents(atPath: path) ?? Data()
  return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}

/// Latin-1 bytes of `text` (every character below U+0100).
func latin1(_ text: String) -> [UInt8] {
  text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
}
