import Basics
import Synchronization

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Remembers the SHA-256 of files by (device, inode, size, mtime, ctime), so files
/// that did not change are never read again (`.pipeline/state`).
///
/// ctime is part of the key because no user tool can set it: `touch -d` can fake
/// an mtime, but any write moves ctime forward. Only hashes of bytes actually read
/// (or written and read back) are ever stored.
///
/// Any process may save it: saving takes `.pipeline/state.lock` (a writer waits
/// the few milliseconds a save takes; a read-only command skips saving when it is
/// busy), merges with what is on disk, and keeps for each path the entry that
/// matches the file now. A read-only command also never stores a file changed in
/// the last two seconds: a stage of a concurrent run may still be writing it within
/// one timestamp tick.
final class StatCache: Sendable {
  struct Entry: Equatable, Sendable {
    var status: FileIdentity
    var sha256: String
  }

  private struct State {
    var entries: [String: Entry]
    var dirty: Bool
  }

  private let state: Mutex<State>
  let file: String
  /// A read-only command: best-effort saves, no recently changed files.
  let readOnly: Bool

  /// Loads the cache file; an unreadable or damaged cache is simply empty (it is
  /// only a cache: the worst case is hashing again).
  init(file: String, readOnly: Bool = false) {
    self.file = file
    self.readOnly = readOnly
    state = Mutex(State(entries: Self.load(file), dirty: false))
  }

  private static func load(_ file: String) -> [String: Entry] {
    var entries: [String: Entry] = [:]
    guard let bytes = try? Syscall.readFile(file) else { return entries }
    for line in bytes.split(separator: UInt8(ascii: "\n")) {
      let fields = line.split(
        separator: UInt8(ascii: " "), maxSplits: 6, omittingEmptySubsequences: false)
      guard fields.count == 7,
        let size = Int64(String(decoding: fields[1], as: UTF8.self)),
        let mtime = Int64(String(decoding: fields[2], as: UTF8.self)),
        let ctime = Int64(String(decoding: fields[3], as: UTF8.self)),
        let device = UInt64(String(decoding: fields[4], as: UTF8.self)),
        let inode = UInt64(String(decoding: fields[5], as: UTF8.self)),
        fields[0].count == 64
      else { continue }
      let path = String(decoding: fields[6], as: UTF8.self)
      let status = FileIdentity(
        device: device, inode: inode, size: size, mtimeNanos: mtime, ctimeNanos: ctime)
      entries[path] = Entry(status: status, sha256: String(decoding: fields[0], as: UTF8.self))
    }
    return entries
  }

  /// The cached hash if `status` still matches what was recorded for `path`.
  func lookup(_ path: String, _ status: FileIdentity) -> String? {
    state.withLock { state in
      guard let e = state.entries[path], e.status == status else { return nil }
      return e.sha256
    }
  }

  /// Records the hash of bytes just read from (or written to) `path`.
  func store(_ path: String, _ status: FileIdentity, sha256: String) {
    // Only regular files are cached; their identity is what `lookup` compares.
    guard !path.utf8.contains(UInt8(ascii: "\n")), status.isRegular else { return }
    if readOnly {
      var now = timespec()
      clock_gettime(CLOCK_REALTIME, &now)
      let nanos = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
      guard nanos - max(status.ctimeNanos, status.mtimeNanos) > 2_000_000_000 else { return }
    }
    let entry = Entry(status: status, sha256: sha256)
    state.withLock { state in
      if state.entries[path] != entry {
        state.entries[path] = entry
        state.dirty = true
      }
    }
  }

  /// Writes the cache if anything changed, merged with what another process saved
  /// meanwhile, dropping entries that no longer match their file.
  /// - Returns: false when a read-only save was skipped because another save was under way.
  @discardableResult
  func save(root: String) throws(PipelineError) -> Bool {
    guard state.withLock({ $0.dirty }) else { return true }
    let lockPath = file + ".lock"
    let fd: Int32
    do {
      try Directory.create(Directory.parent(of: file))
      fd = try Syscall.open(lockPath, O_RDWR | O_CREAT)
    } catch { throw PipelineError(error) }
    defer { Syscall.close(fd) }
    if Syscall.retrying({ flock(fd, readOnly ? LOCK_EX | LOCK_NB : LOCK_EX) }) != 0 {
      if readOnly { return false }
      throw .io(path: lockPath, message: "cannot lock: \(FileSystem.errnoText())")
    }
    let disk = Self.load(file)
    let text: String = state.withLock { state in
      state.dirty = false
      var paths = Array(state.entries.keys)
      for path in disk.keys where state.entries[path] == nil { paths.append(path) }
      paths.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      var text = ""
      for path in paths {
        guard let now = FileIdentity(path: root + "/" + path) else { continue }
        guard
          let e = [state.entries[path], disk[path]].compactMap({ $0 }).first(where: {
            $0.status == now
          })
        else {
          continue
        }
        let s = e.status
        text +=
          "\(e.sha256) \(s.size) \(s.mtimeNanos) \(s.ctimeNanos) \(s.device) \(s.inode) \(path)\n"
      }
      return text
    }
    try FileSystem.writeAtomically(text, to: file)
    return true
  }
}
