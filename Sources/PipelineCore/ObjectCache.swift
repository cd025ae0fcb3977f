#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import CPosix
import Hashing

/// The content-addressed store of outputs (`.pipeline/cache/objects/ab/cdef...`).
///
/// An object is named by the SHA-256 of its bytes and never changes once written:
/// objects are read-only, and workspace copies are reflinks or real copies, never
/// hard links, so editing a file in the workspace cannot reach the cache (not even
/// as root, who ignores permission bits). A directory is stored as its manifest (an
/// object named by the directory's hash) plus one object per file.
struct ObjectCache: Sendable {
  let directory: String

  func objectPath(_ sha: String) -> String {
    directory + "/" + sha.prefix(2) + "/" + sha.dropFirst(2)
  }

  func contains(_ sha: String) -> Bool { FileSystem.exists(objectPath(sha)) }

  /// True when every object needed to restore `hash` is present.
  func has(_ hash: PathHash) -> Bool {
    guard contains(hash.sha256) else { return false }
    guard hash.nfiles != nil else { return true }
    guard let entries = try? manifest(hash.sha256) else { return false }
    return entries.allSatisfy { contains($0.sha256) }
  }

  func manifest(_ sha: String) throws(PipelineError) -> [ContentHasher.ManifestEntry] {
    let text = try FileSystem.readText(objectPath(sha))
    guard let entries = ContentHasher.parseManifest(text) else {
      throw .io(path: objectPath(sha), message: "damaged manifest in the cache; run 'pipeline gc' and reproduce")
    }
    return entries
  }

  /// Copies a workspace out into the cache (objects already there are kept).
  func store(_ out: String, hash: PathHash, hasher: ContentHasher) throws(PipelineError) {
    let full = hasher.root + "/" + out
    guard hash.nfiles != nil else {
      try storeFile(full, sha: hash.sha256)
      return
    }
    let entries = try hasher.manifest(out)
    for entry in entries { try storeFile(full + "/" + entry.path, sha: entry.sha256) }
    let text = ContentHasher.manifestText(entries)
    guard SHA256.hash(text).hex == hash.sha256 else {
      throw .io(path: out, message: "changed while it was being cached")
    }
    if !contains(hash.sha256) {
      try FileSystem.writeAtomically(text, to: objectPath(hash.sha256))
      chmod(objectPath(hash.sha256), 0o444)
    }
  }

  private func storeFile(_ source: String, sha: String) throws(PipelineError) {
    let target = objectPath(sha)
    if FileSystem.exists(target) { return }
    try FileSystem.makeDirectories(FileSystem.parent(of: target))
    let temp = target + ".tmp-\(getpid())"
    unlink(temp)
    guard cposix_clone_or_copy(source, temp, 0o444) == 0 else {
      throw .io(path: source, message: "cannot copy into the cache: \(FileSystem.errnoText())")
    }
    guard rename(temp, target) == 0 else {
      unlink(temp)
      throw .io(path: target, message: "cannot add to the cache: \(FileSystem.errnoText())")
    }
  }

  /// Replaces the workspace out with the cached content, file by file through
  /// temp names, and tells the stat cache the hashes it already knows.
  func restore(_ out: String, hash: PathHash, hasher: ContentHasher) throws(PipelineError) {
    let full = hasher.root + "/" + out
    try FileSystem.remove(full)
    let parent = FileSystem.parent(of: full)
    try FileSystem.makeDirectories(parent)
    guard hash.nfiles != nil else {
      try restoreFile(sha: hash.sha256, to: full)
      hasher.remember(out, sha256: hash.sha256)
      return
    }
    try FileSystem.makeDirectories(full)
    for entry in try manifest(hash.sha256) {
      let target = full + "/" + entry.path
      try FileSystem.makeDirectories(FileSystem.parent(of: target))
      try restoreFile(sha: entry.sha256, to: target)
      hasher.remember(out + "/" + entry.path, sha256: entry.sha256)
    }
  }

  private func restoreFile(sha: String, to target: String) throws(PipelineError) {
    let temp = FileSystem.parent(of: target) + "/." + FileSystem.baseName(of: target) + ".restore-\(getpid())"
    unlink(temp)
    guard cposix_clone_or_copy(objectPath(sha), temp, 0o644) == 0 else {
      throw .io(path: target, message: "cannot restore from the cache: \(FileSystem.errnoText())")
    }
    chmod(temp, 0o644)
    guard rename(temp, target) == 0 else {
      unlink(temp)
      throw .io(path: target, message: "cannot restore: \(FileSystem.errnoText())")
    }
  }

  /// Every object name in the cache (for gc), sorted.
  func allObjects() throws(PipelineError) -> [String] {
    guard FileSystem.exists(directory) else { return [] }
    var result: [String] = []
    for prefix in try FileSystem.list(directory) where prefix.utf8.count == 2 {
      for rest in try FileSystem.list(directory + "/" + prefix) where rest.utf8.count == 62 {
        result.append(prefix + rest)
      }
    }
    return result
  }

  /// The objects `hash` needs: the file itself, or a manifest and its files.
  func objects(of hash: PathHash) -> [String] {
    guard hash.nfiles != nil else { return [hash.sha256] }
    return [hash.sha256] + ((try? manifest(hash.sha256))?.map(\.sha256) ?? [])
  }

  func size(of sha: String) -> Int64 { FileSystem.status(objectPath(sha))?.size ?? 0 }
}

/// Copies one file (reflink where possible); 0 on success.
func cposixCopy(_ from: String, _ to: String) -> Int32 { cposix_clone_or_copy(from, to, 0o644) }
