#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Names of temporary files and folders, and the removal of those a dead process
/// left behind.
///
/// Every temp name carries its owner's pid (`.NAME.tmp-PID-TAG`), so any later
/// process can tell a temp file that is still being written (owner alive) from
/// debris of a killed run (owner gone) without any shared state.
public enum TempName {
  /// A fresh hidden temp name in the folder of `path`, on the same file system (so
  /// it can be renamed over `path`).
  public static func beside(_ path: String) -> String {
    let folder = Directory.parent(of: path)
    let name = "." + Directory.baseName(of: path) + suffix()
    return folder.isEmpty ? name : folder + "/" + name
  }

  /// A fresh temp name inside `folder`, for a file that is renamed elsewhere in the
  /// same file system.
  public static func inside(_ folder: String, stem: String = "") -> String {
    folder + "/" + stem + suffix()
  }

  /// `.tmp-PID-TAG`, the tag random so that two writers in one process never collide.
  public static func suffix() -> String {
    ".tmp-\(getpid())-" + String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF, radix: 16)
  }

  /// The pid a temp name belongs to: `...tmp-PID[-TAG]`, `.NAME.PID.extracting`
  /// (archive staging folders) or `.NAME.restore-PID`; nil for any other name.
  public static func owner(of name: String) -> pid_t? {
    let bytes = Array(name.utf8)
    for marker in ["tmp-", "restore-"] {
      if let start = lastRange(of: Array(marker.utf8), in: bytes) {
        var end = start
        while end < bytes.count, bytes[end] >= 48, bytes[end] <= 57 { end += 1 }
        if end > start, end == bytes.count || bytes[end] == UInt8(ascii: "-") {
          return pid_t(String(decoding: bytes[start..<end], as: UTF8.self))
        }
      }
    }
    let extracting = Array(".extracting".utf8)
    if bytes.count > extracting.count, Array(bytes.suffix(extracting.count)) == extracting {
      let stem = bytes.dropLast(extracting.count)
      guard let dot = stem.lastIndex(of: UInt8(ascii: ".")) else { return nil }
      let digits = stem[(dot + 1)...]
      guard !digits.isEmpty, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
      return pid_t(String(decoding: digits, as: UTF8.self))
    }
    return nil
  }

  /// Removes the temp files and folders in `folder` whose owner process is gone.
  /// - Parameter hiddenOnly: consider only names starting with "." (temps beside a
  ///   user's files are hidden, so a user's own `data.tmp-2024` is never touched);
  ///   false for folders that hold nothing but the tool's own files.
  /// - Returns: the names removed, sorted.
  @discardableResult
  public static func removeStale(in folder: String, hiddenOnly: Bool = true) -> [String] {
    guard let names = try? Directory.list(folder) else { return [] }
    var removed: [String] = []
    for name in names where !hiddenOnly || name.hasPrefix(".") {
      guard let pid = owner(of: name), pid != getpid(), !Syscall.isAlive(pid) else { continue }
      if (try? Directory.remove(folder + "/" + name)) != nil { removed.append(name) }
    }
    return removed
  }

  /// Index just past the last occurrence of `needle`.
  private static func lastRange(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
    guard bytes.count >= needle.count else { return nil }
    var i = bytes.count - needle.count
    while i >= 0 {
      if Array(bytes[i..<(i + needle.count)]) == needle { return i + needle.count }
      i -= 1
    }
    return nil
  }
}
