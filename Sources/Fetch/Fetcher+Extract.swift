import Archive
import Foundation

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

extension Fetcher {
  /// Extracts a fetched archive into `folder`, replacing its previous contents.
  ///
  /// Extraction goes into a hidden sibling folder that is swapped in only when every
  /// entry has passed its CRC-32 check, so `folder` never holds a half-extracted
  /// dataset.
  ///
  /// - Returns: the file entries written, in archive order.
  /// - Throws: `FetchError.archive` wrapping the `ArchiveError`, or `.ioFailed`.
  @discardableResult
  public static func extract(_ archive: FetchedArchive, to folder: String) throws -> [ZipEntry] {
    let target = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
    let parent = (target as NSString).deletingLastPathComponent
    let name = (target as NSString).lastPathComponent
    let prefix = parent.isEmpty ? "" : parent + "/"
    let staging = prefix + "." + name + ".\(getpid()).extracting"
    let old = prefix + "." + name + ".\(getpid()).old"
    let files = FileManager.default
    try? files.removeItem(atPath: staging)
    let written: [ZipEntry]
    do {
      written = try ZipArchive.extract(zipAt: archive.path, to: staging)
    } catch let error as ArchiveError {
      try? files.removeItem(atPath: staging)
      throw FetchError.archive(error)
    }
    let hadOld = files.fileExists(atPath: target)
    if hadOld && rename(target, old) != 0 {
      let reason = errnoText()
      try? files.removeItem(atPath: staging)
      throw FetchError.ioFailed(path: target, reason: reason)
    }
    if rename(staging, target) != 0 {
      let reason = errnoText()
      if hadOld { rename(old, target) }
      try? files.removeItem(atPath: staging)
      throw FetchError.ioFailed(path: target, reason: reason)
    }
    if hadOld { try? files.removeItem(atPath: old) }
    return written
  }
}
