import Basics
import Dispatch
import Hashing
import Synchronization

/// The recorded identity of a dependency or output: its SHA-256, its size, and for
/// a directory the number of files in it.
public struct PathHash: Equatable, Sendable {
  public var sha256: String
  public var size: Int64
  /// Files in a directory; nil for a plain file.
  public var nfiles: Int?

  public init(sha256: String, size: Int64, nfiles: Int? = nil) {
    self.sha256 = sha256
    self.size = size
    self.nfiles = nfiles
  }
}

/// Hashes files and directories under the repository root through the stat cache.
///
/// A directory hashes as the SHA-256 of its manifest: one line per file, sorted by
/// relative path bytes, `<sha256> <size> <relative path>\n`. Renaming, adding,
/// removing or editing any file inside changes the directory's hash.
struct ContentHasher: Sendable {
  let root: String
  let cache: StatCache

  /// The hash of `path` (relative to the root), or nil when it does not exist.
  func hash(_ path: String) throws(PipelineError) -> PathHash? {
    let full = root + "/" + path
    guard let status = FileSystem.status(full) else { return nil }
    if status.isDirectory {
      let entries = try manifest(path)
      return PathHash(
        sha256: SHA256.hash(Self.manifestText(entries)).hex, size: entries.reduce(0) { $0 + $1.size },
        nfiles: entries.count)
    }
    return PathHash(sha256: try fileHash(path, status), size: status.size)
  }

  /// One file of a directory's manifest.
  struct ManifestEntry: Equatable, Sendable {
    var path: String  // relative to the directory
    var sha256: String
    var size: Int64
  }

  /// The hashes of `paths` (relative to the root), in their order; nil for a missing one.
  ///
  /// The paths are hashed concurrently (a stage's deps are often several large files);
  /// each result lands in its own slot and the first error in path order is thrown, so
  /// the answer never depends on which thread finished first.
  func hashAll(_ paths: [String]) throws(PipelineError) -> [PathHash?] {
    try Self.concurrentMap(paths) { path throws(PipelineError) in try hash(path) }
  }

  /// The files under a directory with their hashes, sorted by relative path bytes.
  ///
  /// The tree is listed first, then its files are hashed concurrently; the manifest keeps
  /// the listing's order.
  func manifest(_ path: String) throws(PipelineError) -> [ManifestEntry] {
    var files: [(path: String, relative: String, status: FileSystem.Status)] = []
    try walk(directory: path, prefix: "", into: &files)
    let hashes = try Self.concurrentMap(files) { file throws(PipelineError) in
      try fileHash(file.path, file.status)
    }
    return zip(files, hashes).map { file, sha256 in
      ManifestEntry(path: file.relative, sha256: sha256, size: file.status.size)
    }
  }

  /// `transform` applied to every element by at most `CPUBudget.workers` threads (the
  /// `PIPELINE_CPUS` budget, else every core) pulling indices in turn, results in input
  /// order; the error of the first failing element (in input order) is thrown.
  static func concurrentMap<T: Sendable, R: Sendable>(
    _ items: [T], _ transform: @Sendable (T) throws(PipelineError) -> R
  ) throws(PipelineError) -> [R] {
    if items.count <= 1 {
      var results: [R] = []
      for item in items { results.append(try transform(item)) }
      return results
    }
    let slots = Mutex<[Result<R, PipelineError>?]>(Array(repeating: nil, count: items.count))
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: min(items.count, CPUBudget.workers)) { _ in
      while true {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < items.count else { return }
        let result: Result<R, PipelineError>
        do throws(PipelineError) {
          result = .success(try transform(items[index]))
        } catch {
          result = .failure(error)
        }
        slots.withLock { $0[index] = result }
      }
    }
    var results: [R] = []
    results.reserveCapacity(items.count)
    for slot in slots.withLock({ $0 }) {
      switch slot! {
      case .success(let value): results.append(value)
      case .failure(let error): throw error
      }
    }
    return results
  }

  static func manifestText(_ entries: [ManifestEntry]) -> String {
    entries.map { "\($0.sha256) \($0.size) \($0.path)\n" }.joined()
  }

  /// Parses a manifest written by `manifestText`.
  static func parseManifest(_ text: String) -> [ManifestEntry]? {
    var entries: [ManifestEntry] = []
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
      guard parts.count == 3, parts[0].utf8.count == 64, let size = Int64(parts[1]) else { return nil }
      entries.append(ManifestEntry(path: String(parts[2]), sha256: String(parts[0]), size: size))
    }
    return entries
  }

  private func walk(
    directory: String, prefix: String,
    into files: inout [(path: String, relative: String, status: FileSystem.Status)]
  ) throws(PipelineError) {
    for name in try FileSystem.list(root + "/" + directory) {
      let path = directory + "/" + name
      let relative = prefix.isEmpty ? name : prefix + "/" + name
      guard let (lstatus, isLink) = FileSystem.linkStatus(root + "/" + path) else { continue }
      var status = lstatus
      if isLink {
        guard let target = FileSystem.status(root + "/" + path) else {
          throw .io(path: path, message: "broken symlink inside a tracked directory")
        }
        if target.isDirectory {
          throw .io(path: path, message: "symlinked directories inside a tracked directory are not supported")
        }
        status = target
      }
      if status.isDirectory {
        try walk(directory: path, prefix: relative, into: &files)
      } else {
        if relative.utf8.contains(UInt8(ascii: "\n")) {
          throw .io(path: path, message: "file names with a line break cannot be tracked")
        }
        files.append((path, relative, status))
      }
    }
  }

  private func fileHash(_ path: String, _ status: FileSystem.Status) throws(PipelineError) -> String {
    if let cached = cache.lookup(path, status) { return cached }
    let digest: Digest
    do {
      digest = try SHA256.hash(fileAt: root + "/" + path).digest
    } catch {
      throw .io(path: path, message: "cannot hash: \(error)")
    }
    // Re-stat: a file that changed while it was read must not be cached under
    // the new stat with the old bytes' hash.
    if let after = FileSystem.status(root + "/" + path), after == status {
      cache.store(path, status, sha256: digest.hex)
    }
    return digest.hex
  }
}
