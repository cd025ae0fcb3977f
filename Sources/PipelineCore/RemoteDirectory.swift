#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics
import CPosix
import Hashing

/// A remote in a directory, typically on a file system shared by a team, a cluster or
/// CI runners (`/mnt/shared/cache`).
///
/// Layout: `objects/ab/cdef...` (the local cache's fan-out), `runcache/ab/cdef....json`,
/// and `tmp/HOST/` where writes are staged. Each write is a temp file in `tmp/HOST/`,
/// made durable (a batch of objects at once), renamed to its final name, and the
/// folders are fsynced once per batch (`flush`): a final name only ever holds
/// complete bytes. Two writers of one object both rename complete, identical
/// copies; the last rename wins and one copy stays. Temps carry the writer's pid and
/// live in a folder per host, so a later push from the same host can tell debris of a
/// killed writer from a write under way; other hosts' temps are never touched.
struct RemoteDirectory: Remote {
  let root: String

  var location: String { root }
  var objectsDirectory: String { root + "/objects" }
  var runsDirectory: String { root + "/runcache" }
  var tempDirectory: String { root + "/tmp/" + Self.hostName() }

  func objectPath(_ sha: String) -> String { objectsDirectory + "/" + sha.prefix(2) + "/" + sha.dropFirst(2) }
  func runPath(_ key: String) -> String { runsDirectory + "/" + key.prefix(2) + "/" + key.dropFirst(2) + ".json" }

  func exists() -> Bool { FileSystem.status(root)?.isDirectory == true }

  func hasObject(_ sha: String) throws(PipelineError) -> Bool { FileSystem.exists(objectPath(sha)) }

  func getObject(_ sha: String, to path: String) throws(PipelineError) -> Bool {
    guard cposix_clone_or_copy(objectPath(sha), path, 0o444) == 0 else {
      if errno == ENOENT { return false }
      throw .io(path: objectPath(sha), message: "cannot read from the remote: \(FileSystem.errnoText())")
    }
    return true
  }

  /// Copies every file into a temp in `tmp/HOST/` and checks its hash, makes the
  /// batch durable, then renames each to its final name.
  func putObjects(_ objects: [(sha: String, path: String)]) throws(PipelineError) {
    var staged: [(temp: String, final: String)] = []
    do throws(PipelineError) {
      for object in objects {
        let temp = try stagingName(object.sha)
        staged.append((temp, objectPath(object.sha)))
        guard cposix_clone_or_copy(object.path, temp, 0o444) == 0 else {
          throw .io(path: objectPath(object.sha), message: "cannot write to the remote: \(FileSystem.errnoText())")
        }
        // What landed is what is checked: a damaged local object never reaches the remote.
        let actual = (try? SHA256.hash(fileAt: temp).digest.hex) ?? "unreadable bytes"
        guard actual == object.sha else {
          throw .io(
            path: object.path,
            message: "cached object \(object.sha) hashes to \(actual); not pushed (run 'pipeline cache verify')")
        }
      }
      try makeDurable(staged.map(\.temp))
      for (temp, final) in staged {
        try FileSystem.makeDirectories(FileSystem.parent(of: final))
        guard rename(temp, final) == 0 else {
          throw .io(path: final, message: "cannot write to the remote: \(FileSystem.errnoText())")
        }
      }
    } catch {
      for (temp, _) in staged { unlink(temp) }
      throw error
    }
  }

  /// Writes the data of `files` to stable storage, an fsync each. (One `syncfs` per
  /// batch was tried: on a machine shared with busy builds it also flushes their
  /// writes, and a 127-object push took 1.1-5.1 s instead of 0.2-0.5 s.)
  private func makeDurable(_ files: [String]) throws(PipelineError) {
    for file in files {
      do throws(SystemError) {
        let fd = try Syscall.open(file, O_RDONLY)
        defer { Syscall.close(fd) }
        guard fsync(fd) == 0 else { throw SystemError("cannot write", path: file) }
      } catch { throw PipelineError(error) }
    }
  }

  func objectNames() throws(PipelineError) -> [String] { try names(in: objectsDirectory, suffix: "") }

  func hasRunEntry(_ key: String) throws(PipelineError) -> Bool { FileSystem.exists(runPath(key)) }

  func runEntry(_ key: String) throws(PipelineError) -> [UInt8]? {
    guard FileSystem.exists(runPath(key)) else { return nil }
    return try FileSystem.read(runPath(key))
  }

  func putRunEntry(_ key: String, _ bytes: [UInt8]) throws(PipelineError) {
    let temp = try stagingName(key)
    do throws(SystemError) {
      let fd = try Syscall.open(temp, O_WRONLY | O_CREAT | O_EXCL, mode: 0o444)
      defer { Syscall.close(fd) }
      try Syscall.writeAll(fd, bytes, path: temp)
    } catch {
      unlink(temp)
      throw PipelineError(error)
    }
    try place(temp, at: runPath(key))
  }

  func runKeys() throws(PipelineError) -> [String] { try names(in: runsDirectory, suffix: ".json") }

  /// A fresh temp name in this host's staging folder, created as needed.
  private func stagingName(_ name: String) throws(PipelineError) -> String {
    if !FileSystem.exists(tempDirectory) {
      try FileSystem.makeDirectories(tempDirectory)
    }
    return TempName.inside(tempDirectory, stem: String(name.prefix(8)))
  }

  /// Removes temps left by killed writers of this host (the owner pid is gone).
  func removeStaleTemps() { TempName.removeStale(in: tempDirectory, hiddenOnly: false) }

  /// fsync, rename to the final name, fsync its folder.
  private func place(_ temp: String, at final: String) throws(PipelineError) {
    let folder = FileSystem.parent(of: final)
    do throws(SystemError) {
      try Directory.create(folder)
      let fd = try Syscall.open(temp, O_RDONLY)
      let synced = fsync(fd) == 0
      Syscall.close(fd)
      guard synced else { throw SystemError("cannot write", path: final) }
    } catch {
      unlink(temp)
      throw PipelineError(error)
    }
    guard rename(temp, final) == 0 else {
      let reason = FileSystem.errnoText()
      unlink(temp)
      throw .io(path: final, message: "cannot write to the remote: \(reason)")
    }
  }

  /// fsyncs the folders renames land in: once per batch, not once per object (the
  /// data of each file was fsynced before its rename).
  func flush() throws(PipelineError) {
    for directory in [objectsDirectory, runsDirectory] where FileSystem.exists(directory) {
      for prefix in try FileSystem.list(directory) where prefix.utf8.count == 2 {
        Directory.sync(directory + "/" + prefix)
      }
      Directory.sync(directory)
    }
    Directory.sync(root)
  }

  /// The names under a two-level fan-out (`ab/cdef...`), joined and sorted.
  private func names(in directory: String, suffix: String) throws(PipelineError) -> [String] {
    guard FileSystem.exists(directory) else { return [] }
    var result: [String] = []
    for prefix in try FileSystem.list(directory) where prefix.utf8.count == 2 {
      for rest in try FileSystem.list(directory + "/" + prefix)
      where rest.utf8.count == 62 + suffix.utf8.count && rest.hasSuffix(suffix) {
        result.append(prefix + rest.dropLast(suffix.utf8.count))
      }
    }
    return result
  }

  static func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
    let name = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    return name.isEmpty || name.contains("/") ? "localhost" : name
  }
}
