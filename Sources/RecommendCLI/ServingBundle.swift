import ModelBundle
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bundle the server answers from, swapped whole on reload.
///
/// A request takes the current `Recommender` once and uses only that one, so a swap in
/// the middle of a request changes nothing for it; the old reader (and its mapping)
/// lives until the last request holding it ends.
final class ServingBundle: Sendable {
  /// The `--bundle` value (nil: `artifacts/bundle`), located again on every reload so a
  /// new `manifest.json` is followed.
  let option: String?
  let root: String
  /// Bytes of response bodies each bundle's `ResponseCache` may hold (0: no cache).
  let cacheBudget: Int
  /// `diskSignature()` taken just before the first bundle was located and opened:
  /// `--watch` starts from it, so a bundle written at any moment after that (even
  /// before the watcher's first turn) is a change.
  let initialSignature: String?
  private let current: Mutex<Snapshot>
  private let reloads = Mutex((done: 0, refused: 0))

  /// What one request answers from: the bundle, and the answers already computed from it.
  struct Snapshot: Sendable {
    let recommender: Recommender
    let cache: ResponseCache
  }

  init(option: String?, root: String, cacheBudget: Int = 0) throws(BundleError) {
    self.option = option
    self.root = root
    self.cacheBudget = cacheBudget
    initialSignature = Self.diskSignature(option: option, root: root)
    let path = try BundleLocator.locate(option, root: root)
    current = Mutex(
      Snapshot(
        recommender: Recommender(
          bundle: try BundleReader(path: path, cache: VerificationCache.standard())),
        cache: ResponseCache(budget: cacheBudget)))
  }

  /// The recommender for one request.
  var recommender: Recommender { current.withLock { $0.recommender } }

  /// The bundle and its cache, taken together (a reload replaces both at once).
  var snapshot: Snapshot { current.withLock { $0 } }

  /// (swaps done, bundles refused) since start.
  var reloadCounts: (done: Int, refused: Int) { reloads.withLock { $0 } }

  /// Locates and fully verifies the newest bundle and swaps it in; a bundle that fails
  /// any check is refused and the old one keeps serving.
  ///
  /// - Returns: a line for the log.
  @discardableResult
  func reload() -> String {
    let old = recommender.bundle.version
    do throws(BundleError) {
      let path = try BundleLocator.locate(option, root: root)
      // No verification cache: a reload re-hashes the payload it is about to serve.
      let fresh = Recommender(bundle: try BundleReader(path: path, verifyChecksum: true))
      current.withLock { $0 = Snapshot(recommender: fresh, cache: ResponseCache(budget: cacheBudget)) }
      reloads.withLock { $0.done += 1 }
      return "reload: serving bundle \(fresh.bundle.version) (was \(old))"
    } catch {
      reloads.withLock { $0.refused += 1 }
      return "reload refused: \(error); still serving bundle \(old)"
    }
  }

  /// What identifies the bundle on disk now: the located path and its file status, so
  /// `--watch` notices a new file, a rewritten manifest or a replaced file.
  func diskSignature() -> String? { Self.diskSignature(option: option, root: root) }

  private static func diskSignature(option: String?, root: String) -> String? {
    guard let path = try? BundleLocator.locate(option, root: root) else { return nil }
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return
      "\(path)|\(info.st_dev)|\(info.st_ino)|\(info.st_size)|\(info.st_mtim.tv_sec)|\(info.st_mtim.tv_nsec)"
  }
}
