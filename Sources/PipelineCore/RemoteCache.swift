import Basics
import Hashing

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The engine's side of one remote: what to send and how received bytes are checked.
///
/// Nothing from a remote is trusted. An object is received into the local cache's
/// staging folder, hashed, and renamed into the cache only when its bytes hash to its
/// name; a run-cache entry travels with the SHA-256 of its text and is checked, then
/// used only once every object it names is in the local cache. Objects are sent
/// before the manifests that list them, and both before the run-cache entries that
/// name them, so a reader never finds an entry whose objects are still on their way.
public struct RemoteCache: Sendable {
  /// The remote's name in the configuration.
  public let name: String
  let remote: any Remote
  let cache: ObjectCache
  let runCache: RunCache

  /// What a push or fetch did.
  public struct Report: Sendable, Equatable {
    /// Objects and run-cache entries sent or received, and the bytes of those objects.
    public var objects = 0
    public var bytes: Int64 = 0
    public var entries = 0
    /// Objects already at the destination.
    public var present = 0
    /// Outs that could not travel because the source lacks them, sorted.
    public var missing: [String] = []
    /// Damaged objects and entries found on the remote (not used), one message each.
    public var damaged: [String] = []
  }

  /// What became of one object asked of the remote.
  enum Received: Equatable {
    case present, fetched(Int64), absent, damaged(actual: String)
  }

  var described: String { "remote '\(name)' (\(remote.location))" }

  func damageMessage(_ sha: String, path: String, actual: String) -> String {
    "\(described): object \(sha) for '\(path)' is damaged (its bytes hash to \(actual)); it was not used; "
      + "delete it from the remote and push again from a clone that has it"
  }

  // MARK: receiving

  /// Receives one object into the local cache, hash-checked.
  func fetchObject(_ sha: String) throws(PipelineError) -> Received {
    if cache.contains(sha) { return .present }
    try FileSystem.makeDirectories(cache.tempDirectory)
    let temp = TempName.inside(cache.tempDirectory, stem: String(sha.prefix(8)))
    let found: Bool
    do {
      found = try remote.getObject(sha, to: temp)
    } catch {
      unlink(temp)
      throw error
    }
    guard found else { return .absent }
    let size = FileSystem.status(temp)?.size ?? 0
    if let actual = try cache.admit(temp, as: sha) { return .damaged(actual: actual) }
    return .fetched(size)
  }

  /// Receives the objects of the given outs: manifests first (they name the files),
  /// then every file, `jobs` at a time.
  func fetch(_ outs: [LockEntry.PathRecord], jobs: Int) throws(PipelineError) -> Report {
    var report = Report()
    var wanted: [LockEntry.PathRecord] = []
    for out in outs where !cache.has(out.hash) { wanted.append(out) }
    report.present = outs.count - wanted.count
    var failed = Set<String>()
    func note(_ result: Result<Received, PipelineError>, sha: String, path: String) throws(PipelineError) {
      switch result {
      case .failure(let error): throw error
      case .success(.present): report.present += 1
      case .success(.fetched(let size)):
        report.objects += 1
        report.bytes += size
      case .success(.absent):
        if failed.insert(path).inserted { report.missing.append(path) }
      case .success(.damaged(let actual)):
        failed.insert(path)
        report.damaged.append(damageMessage(sha, path: path, actual: actual))
      }
    }
    let manifests = wanted.filter { $0.hash.nfiles != nil }
    for (out, result) in zip(manifests, transfer(manifests.map(\.hash.sha256), jobs: jobs, fetchObject)) {
      try note(result, sha: out.hash.sha256, path: out.path)
    }
    var files: [(sha: String, path: String)] = []
    var seen = Set<String>()
    for out in wanted where !failed.contains(out.path) {
      var shas = [out.hash.sha256]
      if out.hash.nfiles != nil {
        guard case .entries(let entries) = try cache.manifest(out.hash.sha256, for: out.path) else { continue }
        shas = entries.map(\.sha256)
      }
      for sha in shas where seen.insert(sha).inserted { files.append((sha, out.path)) }
    }
    for (file, result) in zip(files, transfer(files.map(\.sha), jobs: jobs, fetchObject)) {
      try note(result, sha: file.sha, path: file.path)
    }
    report.missing.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    return report
  }

  /// Receives the run-cache entry `key` and every object it names, so that the
  /// local run-cache can restore the stage. False (with a warning printed for damage)
  /// when the remote lacks any of it.
  func fetchRun(_ key: String, outs: [String], console: Console) throws(PipelineError) -> Bool {
    guard let envelope = try remote.runEntry(key) else { return false }
    guard let text = Self.openEnvelope(envelope), let hit = RunCache.parse(text) else {
      console.err("warning: \(described): run-cache entry \(key) is damaged; it was not used")
      return false
    }
    guard hit.outs.map(\.path) == outs else { return false }
    let report = try fetch(hit.outs, jobs: 1)
    for message in report.damaged { console.err("warning: " + message) }
    guard report.missing.isEmpty, report.damaged.isEmpty else { return false }
    try runCache.save(key, bytes: text)
    return true
  }

  /// Receives the run-cache entries `keys` the remote has (not their objects).
  func fetchRunEntries(_ keys: [String], report: inout Report) throws(PipelineError) {
    for key in keys where runCache.bytes(key) == nil {
      guard let envelope = try remote.runEntry(key) else { continue }
      guard let text = Self.openEnvelope(envelope), RunCache.parse(text) != nil else {
        report.damaged.append("\(described): run-cache entry \(key) is damaged; it was not used")
        continue
      }
      try runCache.save(key, bytes: text)
      report.entries += 1
    }
  }

  // MARK: sending

  /// Sends the objects of `outs` and the run-cache entries `keys` (with their
  /// objects) that the remote lacks: files, then manifests, then entries. Outs or
  /// entries whose objects the local cache lacks are skipped (outs listed as missing).
  func push(_ outs: [LockEntry.PathRecord], runKeys keys: [String], jobs: Int) throws(PipelineError) -> Report {
    var report = Report()
    var all = outs
    var entries: [(key: String, text: [UInt8])] = []
    for key in keys {
      guard let text = runCache.bytes(key), let hit = RunCache.parse(text),
        hit.outs.allSatisfy({ cache.has($0.hash) })
      else { continue }
      entries.append((key, text))
      all += hit.outs
    }
    var files: [String] = []
    var manifests: [String] = []
    var seen = Set<String>()
    var missing = Set<String>()
    for out in all {
      guard cache.has(out.hash) else {
        if missing.insert(out.path).inserted { report.missing.append(out.path) }
        continue
      }
      let objects = cache.objects(of: out.hash)
      for sha in objects.dropFirst(out.hash.nfiles == nil ? 0 : 1) where seen.insert(sha).inserted {
        files.append(sha)
      }
      if out.hash.nfiles != nil, seen.insert(out.hash.sha256).inserted { manifests.append(out.hash.sha256) }
    }
    for phase in [files, manifests] {
      var absent: [String] = []
      for (sha, has) in zip(phase, transfer(phase, jobs: jobs) { sha throws(PipelineError) in try remote.hasObject(sha) }) {
        if try has.get() { report.present += 1 } else { absent.append(sha) }
      }
      let batches = stride(from: 0, to: absent.count, by: Self.batchSize).map {
        Array(absent[$0..<min($0 + Self.batchSize, absent.count)])
      }
      for result in transfer(batches, jobs: jobs, { batch throws(PipelineError) in
        try remote.putObjects(batch.map { ($0, cache.objectPath($0)) })
      }) {
        try result.get()
      }
      for sha in absent {
        report.objects += 1
        report.bytes += cache.size(of: sha)
      }
      try remote.flush()
    }
    for entry in entries where try !remote.hasRunEntry(entry.key) {
      try remote.putRunEntry(entry.key, Self.sealEnvelope(entry.text))
      report.entries += 1
    }
    try remote.flush()
    report.missing.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    return report
  }

  // MARK: status

  /// Whether every object of `hash` is on the remote. A directory's manifest is read
  /// from the local cache, or received into a temp file, checked, and dropped.
  func remoteHas(_ hash: PathHash) throws(PipelineError) -> Bool {
    guard try remote.hasObject(hash.sha256) else { return false }
    guard hash.nfiles != nil else { return true }
    var entries: [ContentHasher.ManifestEntry]?
    if cache.contains(hash.sha256), case .entries(let list) = try cache.manifest(hash.sha256, for: "") {
      entries = list
    } else {
      try FileSystem.makeDirectories(cache.tempDirectory)
      let temp = TempName.inside(cache.tempDirectory, stem: "manifest")
      defer { unlink(temp) }
      if try remote.getObject(hash.sha256, to: temp), let bytes = try? FileSystem.read(temp),
        SHA256.hash(bytes).hex == hash.sha256
      {
        entries = ContentHasher.parseManifest(String(decoding: bytes, as: UTF8.self))
      }
    }
    guard let entries else { return false }
    for entry in entries where try !remote.hasObject(entry.sha256) { return false }
    return true
  }

  // MARK: helpers

  /// Objects per `putObjects` call: one durability barrier each.
  static let batchSize = 128

  /// A run-cache entry as a remote stores it: the SHA-256 of its text, a newline, the text.
  static func sealEnvelope(_ text: [UInt8]) -> [UInt8] { Array((SHA256.hash(text).hex + "\n").utf8) + text }

  /// The text of a sealed entry, or nil when it does not match its checksum.
  static func openEnvelope(_ bytes: [UInt8]) -> [UInt8]? {
    guard bytes.count > 65, bytes[64] == UInt8(ascii: "\n") else { return nil }
    let text = Array(bytes[65...])
    return String(decoding: bytes[..<64], as: UTF8.self) == SHA256.hash(text).hex ? text : nil
  }

  /// `body` over every item, `jobs` at a time (fixed lanes: item i goes to lane
  /// i mod jobs), results in item order.
  func transfer<T: Sendable, R: Sendable>(
    _ items: [T], jobs: Int, _ body: @escaping @Sendable (T) throws(PipelineError) -> R
  ) -> [Result<R, PipelineError>] {
    let lanes = max(1, min(jobs, items.count))
    let perLane = try? ContentHasher.concurrentMap(Array(0..<lanes)) { lane throws(PipelineError) in
      stride(from: lane, to: items.count, by: lanes).map { i -> Result<R, PipelineError> in
        do throws(PipelineError) { return .success(try body(items[i])) } catch { return .failure(error) }
      }
    }
    var results: [Result<R, PipelineError>] = []
    for i in items.indices { results.append(perLane![i % lanes][i / lanes]) }
    return results
  }
}
