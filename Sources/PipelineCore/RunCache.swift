import Hashing
import StrictJSON

/// Remembers, for each (command, dep hashes, param values), the outputs it made
/// (`.pipeline/runcache/`), so going back to an earlier param value restores the
/// outputs from the object cache instead of running the stage again.
struct RunCache: Sendable {
  let directory: String

  /// The key of a run: SHA-256 of the canonical JSON of its command, its deps'
  /// hashes and its param values. The stage name is not part of it: the same
  /// command on the same inputs gives the same outputs whatever it is called.
  static func key(command: String, deps: [LockEntry.PathRecord], params: [JSON.Member]) -> String {
    let value = JSON.object([
      JSON.Member("cmd", .string(command)),
      JSON.Member("deps", .array(deps.map { .array([.string($0.path), .string($0.hash.sha256)]) })),
      JSON.Member("params", .array(params.map { .array([.string($0.key), $0.value]) })),
    ])
    return SHA256.hash(value.compactText()).hex
  }

  func path(_ key: String) -> String { directory + "/" + key.prefix(2) + "/" + key.dropFirst(2) + ".json" }

  /// The outs and metrics recorded for `key`, if any.
  func lookup(_ key: String, outs: [String]) -> (outs: [LockEntry.PathRecord], metrics: [JSON.Member])? {
    guard let bytes = bytes(key), let hit = Self.parse(bytes) else { return nil }
    // A stage whose outs were renamed since must run again.
    guard hit.outs.map(\.path) == outs else { return nil }
    return hit
  }

  /// The stored text of an entry (what a remote receives), if any.
  func bytes(_ key: String) -> [UInt8]? {
    guard FileSystem.exists(path(key)) else { return nil }
    return try? FileSystem.read(path(key))
  }

  /// An entry's outs and metrics, or nil for bytes that are not an entry.
  static func parse(_ bytes: [UInt8]) -> (outs: [LockEntry.PathRecord], metrics: [JSON.Member])? {
    guard let value = try? JSONParser.parse(bytes, file: "runcache"), let records = value["outs"]?.arrayValue
    else { return nil }
    var result: [LockEntry.PathRecord] = []
    for r in records {
      guard let p = r["path"]?.stringValue, let sha = r["sha256"]?.stringValue, let size = r["size"]?.doubleValue
      else { return nil }
      result.append(.init(path: p, hash: PathHash(sha256: sha, size: Int64(size), nfiles: r["nfiles"]?.intValue)))
    }
    return (result, value["metrics"]?.members ?? [])
  }

  /// Stores an entry's text as received (checked by the caller).
  func save(_ key: String, bytes: [UInt8]) throws(PipelineError) {
    try FileSystem.writeAtomically(bytes, to: path(key))
  }

  /// Every key, sorted.
  func keys() -> [String] {
    var result: [String] = []
    for prefix in (try? FileSystem.list(directory)) ?? [] where prefix.utf8.count == 2 {
      for name in (try? FileSystem.list(directory + "/" + prefix)) ?? [] where name.hasSuffix(".json") {
        result.append(prefix + name.dropLast(5))
      }
    }
    return result
  }

  func save(_ key: String, entry: LockEntry) throws(PipelineError) {
    let value = JSON.object([
      JSON.Member("outs", entry.json["outs"] ?? .array([])),
      JSON.Member("metrics", .object(entry.metrics)),
    ])
    try FileSystem.writeAtomically(value.canonicalText(), to: path(key))
  }

  /// Every entry's outs (for gc).
  func allOuts() -> [PathHash] {
    keys().flatMap { key in (bytes(key).flatMap(Self.parse)?.outs ?? []).map(\.hash) }
  }
}
