/// Where a remote keeps objects and run-cache entries: all the engine asks of one.
///
/// A remote is a dumb store of bytes under names: objects under their SHA-256, run-cache
/// entries under their key. It never decides what to send and it is never trusted:
/// `RemoteCache` hash-checks everything it receives before the local cache or run-cache
/// sees it. A new kind (S3, SSH) implements these requirements and `RemoteURL.open`
/// learns its scheme; the engine does not change.
///
/// Writes must be atomic (a reader or a killed writer never leaves a partial file
/// under a final name) and safe for concurrent writers of the same name (both
/// succeed, one copy stays). A write lost in a power cut before `flush` is only
/// missing (the next push sends it again), never a name with the wrong bytes.
public protocol Remote: Sendable {
  /// The remote as messages show it (a path or URL).
  var location: String { get }

  /// Whether the remote holds anything yet (false: nothing was ever pushed there).
  func exists() -> Bool
  func hasObject(_ sha: String) throws(PipelineError) -> Bool
  /// Copies the object's bytes into the new local file `path`; false when the remote
  /// has no such object. The bytes are unchecked: the caller hashes them.
  func getObject(_ sha: String, to path: String) throws(PipelineError) -> Bool
  /// Stores the bytes of each local file `path` as object `sha`, as one batch (so a
  /// remote can make many writes durable at once). Must never leave bytes under a
  /// name they do not hash to: a file that does not hash to its `sha` is refused with
  /// an error.
  func putObjects(_ objects: [(sha: String, path: String)]) throws(PipelineError)
  /// Every object name, sorted.
  func objectNames() throws(PipelineError) -> [String]

  func hasRunEntry(_ key: String) throws(PipelineError) -> Bool
  /// The stored bytes of a run-cache entry, or nil when there is none.
  func runEntry(_ key: String) throws(PipelineError) -> [UInt8]?
  func putRunEntry(_ key: String, _ bytes: [UInt8]) throws(PipelineError)
  /// Every run-cache key, sorted.
  func runKeys() throws(PipelineError) -> [String]

  /// Makes every write so far durable. Called after each batch of writes, before
  /// anything that names them (a manifest, a run-cache entry) is written.
  func flush() throws(PipelineError)
}
