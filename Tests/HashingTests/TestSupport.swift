import Foundation
import Hashing

/// The deterministic test message: byte `i` is `(i * 31 + 7) & 0xff`, so every offset
/// differs from its neighbours and a misplaced block shows up in the digest.
func pattern(_ count: Int) -> [UInt8] {
  (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
}

/// A fresh, empty directory for one test; removed by the caller's `defer`.
func makeTemporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("hashing-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// Hashes `message` fed as consecutive pieces ending at `cuts` (ascending offsets).
func streamed<H: HashFunction>(_: H.Type, _ message: [UInt8], cuts: [Int]) -> Digest {
  var hasher = H()
  var start = 0
  message.withUnsafeBytes { all in
    for end in cuts + [message.count] {
      hasher.update(UnsafeRawBufferPointer(rebasing: all[start..<end]))
      start = end
    }
  }
  return hasher.finalize()
}
