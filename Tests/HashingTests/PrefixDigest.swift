import Foundation

/// One line of Fixtures/prefix-digests.txt: the digests of `pattern(length)`.
struct PrefixDigest: Sendable, CustomStringConvertible {
  let length: Int
  let sha256: String
  let md5: String
  var description: String { "pattern(\(length))" }

  /// Reads Fixtures/prefix-digests.txt, written by scripts/generate_fixtures.py.
  static func load() throws -> [PrefixDigest] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/prefix-digests.txt")
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
      let fields = line.split(separator: " ")
      return PrefixDigest(
        length: Int(fields[0])!, sha256: String(fields[1]), md5: String(fields[2]))
    }
  }
}
