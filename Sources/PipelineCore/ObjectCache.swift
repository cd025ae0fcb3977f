import Basics
import CPosix
import Hashing

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The content-addressed store of outputs (`.pipeline/cache/ab/cdef...`).
///
/// An object is named by the SHA-256 of its bytes and never changes once written:
/// objects are read-only, and workspace copies are reflinks or real copies, never
/// hard links, so editing a file in the workspace cannot reach the cache (not even
/// as root, who ignores permission bits). A directory is stored as its manifest (an
/// object named by the directory's hash) plus one object per file.
///
/// Nothing read back is trusted: every copy in or out is hashed as it lands and
/// compared with the object's name. An object whose bytes do not match its name
/// (disk damage, a stray edit as root) is moved to `quarantine/`, reported, and
/// never used again; the output is rebuilt instead.
struct ObjectCache: Sendable {
  let directory: String

  /// An object whose bytes do not hash to its name, and what it was needed for.
  struct Damage: Equatable, Sendable {
    var object: String
    var actual: String
    /// The workspace path being restored or stored.
    var path: String

    var message: String {
      "cached object \(object) for '\(path)' is damaged (its bytes hash to \(actual)); "
        + "it was moved to .pipeline/cache/quarantine/"
    }
  }

  func objectPath(_ sha: String) -> String {
    directory + "/" + sha.prefix(2) + "/" + sha.dropFirst(2)
  }

  /// Where damaged objects are set aside (kept for inspection, never read).
  var quarantineDirectory: String { directory + "/quarantine" }
  /// Where copies into the cache are staged (one folder, so stale-temp cleanup is cheap).
  var tempDirectory: String { directory + "/tmp" }

  func contains(_ sha: String) -> Bool { FileSystem.exists(objectPath(sha)) }

  /// True when every object needed to restore `hash` is present (a damaged
  /// manifest is quarantined, so the output counts as not cached).
  func has(_ hash: PathHash) -> Bool {
    guard contains(hash.sha256) else { return false }
    guard hash.nfiles != nil else { return true }
    guard case .entries(let entries)? = try? manifest(hash.sha256, for: "") else { return false }
    return entries.allSatisfy { contains($0.sha256) }
  }

  enum Manifest {
    case entries([ContentHasher.ManifestEntry])
    case damaged(Damage)
  }

  /// A directory's manifest, checked against its name.
  func manifest(_ sha: String, for path: String) throws(PipelineError) -> Manifest {
    let bytes = try FileSystem.read(objectPath(sha))
    let actual = SHA256.hash(bytes).hex
    guard actual == sha,
      let entries = ContentHasher.parseManifest(String(decoding: bytes, as: UTF8.self))
    else {
      let damage = Damage(object: sha, actual: actual, path: path)
      try quarantine(sha)
      return .damaged(damage)
    }
    return .entries(entries)
  }

  /// Copies a workspace out into the cache. An object already present is kept if
  /// its bytes match its name and replaced if they do not; what is copied in is
  /// hashed as it lands, so no object is ever stored under a name it does not have.
  func store(_ out: String, hash: PathHash, hasher: ContentHasher) throws(PipelineError) {
    let full = hasher.root + "/" + out
    guard hash.nfiles != nil else {
      try storeFile(full, sha: hash.sha256, path: out)
      return
    }
    let entries = try hasher.manifest(out)
    for entry in entries {
      try storeFile(full + "/" + entry.path, sha: entry.sha256, path: out + "/" + entry.path)
    }
    let text = ContentHasher.manifestText(entries)
    guard SHA256.hash(text).hex == hash.sha256 else {
      throw .io(path: out, message: "changed while it was being cached")
    }
    if try !verified(hash.sha256) {
      try FileSystem.makeDirectories(tempDirectory)
      try FileSystem.makeDirectories(FileSystem.parent(of: objectPath(hash.sha256)))
      let temp = TempName.inside(tempDirectory, stem: String(hash.sha256.prefix(8)))
      do {
        try AtomicFile.write(text, to: temp, mode: 0o444)
      } catch { throw PipelineError(error) }
      try place(temp, as: hash.sha256)
    }
  }

  /// Whether a good copy of `sha` is in the cache; a bad one is quarantined.
  private func verified(_ sha: String) throws(PipelineError) -> Bool {
    let path = objectPath(sha)
    guard FileSystem.exists(path) else { return false }
    if (try? SHA256.hash(fileAt: path).digest.hex) == sha { return true }
    try quarantine(sha)
    return false
  }

  private func storeFile(_ source: String, sha: String, path: String) throws(PipelineError) {
    if try verified(sha) { return }
    try FileSystem.makeDirectories(tempDirectory)
    try FileSystem.makeDirectories(FileSystem.parent(of: objectPath(sha)))
    let temp = TempName.inside(tempDirectory, stem: String(sha.prefix(8)))
    guard cposix_clone_or_copy(source, temp, 0o444) == 0 else {
      throw .io(path: source, message: "cannot copy into the cache: \(FileSystem.errnoText())")
    }
    let actual = (try? SHA256.hash(fileAt: temp).digest.hex) ?? ""
    guard actual == sha else {
      unlink(temp)
      throw .io(path: path, message: "changed while it was being cached; run the command again")
    }
    try place(temp, as: sha)
  }

  /// Moves a file received into `tempDirectory` into the cache as `sha`, if its bytes
  /// hash to that name; otherwise removes it.
  /// - Returns: the hash of the bytes when they do not match (nothing was added).
  func admit(_ temp: String, as sha: String) throws(PipelineError) -> String? {
    let actual = (try? SHA256.hash(fileAt: temp).digest.hex) ?? "unreadable bytes"
    guard actual == sha else {
      unlink(temp)
      return actual
    }
    chmod(temp, 0o444)
    try FileSystem.makeDirectories(FileSystem.parent(of: objectPath(sha)))
    try place(temp, as: sha)
    return nil
  }

  /// Renames a checked temp file into its object name.
  private func place(_ temp: String, as sha: String) throws(PipelineError) {
    guard rename(temp, objectPath(sha)) == 0 else {
      let reason = FileSystem.errnoText()
      unlink(temp)
      throw .io(path: objectPath(sha), message: "cannot add to the cache: \(reason)")
    }
  }

  /// Moves a damaged object out of the way, so it is never read again.
  func quarantine(_ sha: String) throws(PipelineError) {
    try FileSystem.makeDirectories(quarantineDirectory)
    guard rename(objectPath(sha), quarantineDirectory + "/" + sha) == 0 || errno == ENOENT else {
      throw .io(
        path: objectPath(sha),
        message: "cannot move a damaged object to quarantine: \(FileSystem.errnoText())")
    }
  }

  /// Replaces the workspace out with the cached content, file by file through temp
  /// names, hashing each file as it is written. A file whose bytes do not match the
  /// object's name is not put in place; its object is quarantined and the damage
  /// returned (the out is then left missing, so `status` shows it and `repro`
  /// rebuilds it). The stat cache learns only the hashes of the bytes written.
  func restore(_ out: String, hash: PathHash, hasher: ContentHasher) throws(PipelineError)
    -> Damage?
  {
    let full = hasher.root + "/" + out
    try FileSystem.remove(full)
    try FileSystem.makeDirectories(FileSystem.parent(of: full))
    guard hash.nfiles != nil else {
      return try restoreFile(sha: hash.sha256, to: out, hasher: hasher)
    }
    let entries: [ContentHasher.ManifestEntry]
    switch try manifest(hash.sha256, for: out) {
    case .damaged(let damage): return damage
    case .entries(let list): entries = list
    }
    try FileSystem.makeDirectories(full)
    for entry in entries {
      let target = out + "/" + entry.path
      try FileSystem.makeDirectories(FileSystem.parent(of: hasher.root + "/" + target))
      if let damage = try restoreFile(sha: entry.sha256, to: target, hasher: hasher) {
        try FileSystem.remove(full)
        return damage
      }
    }
    return nil
  }

  private func restoreFile(sha: String, to out: String, hasher: ContentHasher) throws(PipelineError)
    -> Damage?
  {
    let target = hasher.root + "/" + out
    let temp = TempName.beside(target)
    guard cposix_clone_or_copy(objectPath(sha), temp, 0o644) == 0 else {
      throw .io(path: out, message: "cannot restore from the cache: \(FileSystem.errnoText())")
    }
    chmod(temp, 0o644)
    let before = FileSystem.status(temp)
    let actual: String
    do {
      actual = try SHA256.hash(fileAt: temp).digest.hex
    } catch {
      unlink(temp)
      throw .io(path: out, message: "cannot read back what was restored: \(error)")
    }
    guard actual == sha else {
      unlink(temp)
      try quarantine(sha)
      return Damage(object: sha, actual: actual, path: out)
    }
    guard rename(temp, target) == 0 else {
      let reason = FileSystem.errnoText()
      unlink(temp)
      throw .io(path: out, message: "cannot restore: \(reason)")
    }
    // rename moves ctime; the bytes are those just hashed if nothing else moved.
    if let before, let after = FileSystem.status(target), after.inode == before.inode,
      after.size == before.size,
      after.mtimeNanos == before.mtimeNanos
    {
      hasher.cache.store(out, after, sha256: actual)
    }
    return nil
  }

  /// Every object name in the cache (for gc and verify), sorted.
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
    guard case .entries(let entries)? = try? manifest(hash.sha256, for: "") else {
      return [hash.sha256]
    }
    return [hash.sha256] + entries.map(\.sha256)
  }

  func size(of sha: String) -> Int64 { FileSystem.status(objectPath(sha))?.size ?? 0 }

  /// One object that failed `pipeline cache verify`.
  struct BadObject: Equatable, Sendable {
    var object: String
    var problem: String
  }

  /// Hashes every object and compares it with its name (an fsck of the cache).
  /// - Returns: the number of objects checked and the bad ones, sorted by name.
  func verifyAll() throws(PipelineError) -> (checked: Int, bad: [BadObject]) {
    var bad: [BadObject] = []
    let names = try allObjects()
    for name in names {
      do {
        let actual = try SHA256.hash(fileAt: objectPath(name)).digest.hex
        if actual != name {
          bad.append(BadObject(object: name, problem: "content hashes to \(actual)"))
        }
      } catch {
        bad.append(BadObject(object: name, problem: "cannot read: \(error)"))
      }
    }
    return (names.count, bad)
  }
}

/// Copies one file (reflink where possible); 0 on success.
func cposixCopy(_ from: String, _ to: String) -> Int32 { cposix_clone_or_copy(from, to, 0o644) }
