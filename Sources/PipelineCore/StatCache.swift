import Hashing
import Synchronization

/// Remembers the SHA-256 of files by (device, inode, size, mtime, ctime), so files
/// that did not change are never read again (`.pipeline/state`).
///
/// ctime is part of the key because no user tool can set it: `touch -d` can fake
/// an mtime, but any write moves ctime forward.
final class StatCache: Sendable {
  struct Entry: Equatable, Sendable {
    var status: FileSystem.Status
    var sha256: String
  }

  private struct State {
    var entries: [String: Entry]
    var dirty: Bool
  }

  private let state: Mutex<State>
  let file: String

  /// Loads the cache file; an unreadable or damaged cache is simply empty (it is
  /// only a cache: the worst case is hashing again).
  init(file: String) {
    self.file = file
    var entries: [String: Entry] = [:]
    if let bytes = try? FileSystem.read(file) {
      for line in bytes.split(separator: UInt8(ascii: "\n")) {
        let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 6, omittingEmptySubsequences: false)
        guard fields.count == 7,
          let size = Int64(String(decoding: fields[1], as: UTF8.self)),
          let mtime = Int64(String(decoding: fields[2], as: UTF8.self)),
          let ctime = Int64(String(decoding: fields[3], as: UTF8.self)),
          let device = UInt64(String(decoding: fields[4], as: UTF8.self)),
          let inode = UInt64(String(decoding: fields[5], as: UTF8.self)),
          fields[0].count == 64
        else { continue }
        let path = String(decoding: fields[6], as: UTF8.self)
        let status = FileSystem.Status(
          device: device, inode: inode, size: size, mtimeNanos: mtime, ctimeNanos: ctime, isDirectory: false,
          isRegular: true)
        entries[path] = Entry(status: status, sha256: String(decoding: fields[0], as: UTF8.self))
      }
    }
    state = Mutex(State(entries: entries, dirty: false))
  }

  /// The cached hash if `status` still matches what was recorded for `path`.
  func lookup(_ path: String, _ status: FileSystem.Status) -> String? {
    state.withLock { state in
      guard let e = state.entries[path], e.status == status else { return nil }
      return e.sha256
    }
  }

  func store(_ path: String, _ status: FileSystem.Status, sha256: String) {
    // Only regular files are cached; their identity is what `lookup` compares.
    guard !path.utf8.contains(UInt8(ascii: "\n")), status.isRegular else { return }
    let entry = Entry(status: status, sha256: sha256)
    state.withLock { state in
      if state.entries[path] != entry {
        state.entries[path] = entry
        state.dirty = true
      }
    }
  }

  /// Writes the cache if anything changed, dropping entries of files that are gone.
  func save(root: String) throws(PipelineError) {
    let text: String? = state.withLock { state in
      guard state.dirty else { return nil }
      state.dirty = false
      let paths = state.entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      var text = ""
      for path in paths where FileSystem.exists(root + "/" + path) {
        let e = state.entries[path]!.status
        text += "\(state.entries[path]!.sha256) \(e.size) \(e.mtimeNanos) \(e.ctimeNanos) \(e.device) \(e.inode) \(path)\n"
      }
      return text
    }
    if let text { try FileSystem.writeAtomically(text, to: file) }
  }
}
