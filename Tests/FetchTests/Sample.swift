import Foundation
import Synchronization

/// Fixtures are shared with ArchiveTests; digests computed once with python's hashlib.
enum Sample {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("ArchiveTests/Fixtures").path
  static let small = folder + "/small.zip"
  static let smallSize: Int64 = 2324
  static let smallMD5 = "4dde190b809ef3ee38c9b042799d7f60"
  static let smallSHA256 = "4bee099fe4e7cacbd95a02587ef79709880deb02bcfd31129206b30ca1b901c6"
  static let badCRC = folder + "/badcrc.zip"

  static func bytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
  }

  static func temporaryFolder() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "fetch-tests-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }

  static func listing(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
  }
}

/// Collects progress reports from the download queue.
final class ProgressLog: Sendable {
  let reports = Mutex<[(Int64, Int64?)]>([])
  var last: (Int64, Int64?)? { reports.withLock { $0.last } }
  var count: Int { reports.withLock { $0.count } }
  func record(_ done: Int64, _ total: Int64?) { reports.withLock { $0.append((done, total)) } }
}
