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

/// A fixture dataset, copied from `Fixtures/` next to this file into a temporary folder.
///
/// The committed files end in `.fixture` (dropped in the copy): they are tiny hand-made
/// files in MovieLens formats, and their real names are kept out of the repository.
func fixture(_ name: String) -> String {
  let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/" + name)
  let target = FileManager.default.temporaryDirectory.appendingPathComponent(
    "moviedata-fixtures-\(ProcessInfo.processInfo.processIdentifier)/" + name)
  if !FileManager.default.fileExists(atPath: target.path) {
    // Tests run in parallel: build the copy aside, then rename it into place whole.
    let staging = URL(fileURLWithPath: target.path + ".staging-" + UUID().uuidString)
    let files = FileManager.default.enumerator(atPath: source.path)?.compactMap { $0 as? String } ?? []
    for relative in files where relative.hasSuffix(".fixture") {
      let destination = staging.appendingPathComponent(String(relative.dropLast(".fixture".count)))
      try? FileManager.default.createDirectory(
        at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
      try? FileManager.default.copyItem(at: source.appendingPathComponent(relative), to: destination)
    }
    try? FileManager.default.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    if (try? FileManager.default.moveItem(at: staging, to: target)) == nil {
      try? FileManager.default.removeItem(at: staging)
    }
  }
  return target.path
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
