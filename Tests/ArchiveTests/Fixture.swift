import Foundation
import Hashing

/// Paths and expectations of the committed fixtures (made by Fixtures/make_fixtures.py).
enum Fixture {
  static let folder: String = {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    return here.appendingPathComponent("Fixtures").path
  }()

  static func path(_ name: String) -> String { folder + "/" + name }

  static func bytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
  }

  struct Entry {
    let name: String
    let size: UInt64
    let compressed: UInt64
    let crc32: UInt32
    let method: UInt16
    let sha256: String?
  }

  /// The entries python's zipfile lists for `name`, with SHA-256 of their contents.
  static func expected(_ name: String) throws -> (entries: [Entry], comment: String) {
    let data = try Data(contentsOf: URL(fileURLWithPath: path("expected.json")))
    let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    let archive = root[name] as! [String: Any]
    let rows = archive["entries"] as! [[String: Any]]
    let entries = rows.map { row in
      Entry(
        name: row["name"] as! String, size: (row["size"] as! NSNumber).uint64Value,
        compressed: (row["compressed"] as! NSNumber).uint64Value,
        crc32: (row["crc32"] as! NSNumber).uint32Value,
        method: (row["method"] as! NSNumber).uint16Value, sha256: row["sha256"] as? String)
    }
    return (entries, archive["comment"] as! String)
  }

  static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(bytes).hex }

  /// A fresh empty folder under the system temporary directory.
  static func temporaryFolder() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "archive-tests-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }
}
