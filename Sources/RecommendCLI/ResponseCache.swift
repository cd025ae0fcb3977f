import HTTPServer
import Synchronization

/// Answers already computed from one bundle, by request target (path and query), so a
/// repeated question is not scored again: the same bytes as computing it, because every
/// cached route is a pure function of the bundle and the target.
///
/// Bounded by the bytes of the bodies it holds: two generations, each up to half the
/// budget; a hit in the old one moves to the young one, and when the young one is full
/// it becomes the old one and the previous old one is dropped (recently used answers
/// survive, the rest go, with no per-entry bookkeeping). One cache belongs to one open
/// bundle: a reload starts an empty one.
final class ResponseCache: Sendable {
  private struct Generations {
    var young: [String: HTTPResponse] = [:]
    var old: [String: HTTPResponse] = [:]
    var youngBytes = 0
    var hits = 0
    var misses = 0
  }

  /// Bytes of bodies allowed in all; 0 turns the cache off.
  let budget: Int
  private let state = Mutex(Generations())

  init(budget: Int) {
    self.budget = budget
  }

  /// The cached answer for `target`, if any.
  func lookup(_ target: String) -> HTTPResponse? {
    guard budget > 0 else { return nil }
    return state.withLock { s in
      if let hit = s.young[target] {
        s.hits += 1
        return hit
      }
      guard let hit = s.old.removeValue(forKey: target) else {
        s.misses += 1
        return nil
      }
      s.hits += 1
      Self.insert(hit, for: target, into: &s, budget: budget)
      return hit
    }
  }

  /// Keeps `response` for `target` (only bodies that fit half the budget).
  func store(_ response: HTTPResponse, for target: String) {
    guard budget > 0, response.body.count + target.utf8.count <= budget / 2 else { return }
    state.withLock { Self.insert(response, for: target, into: &$0, budget: budget) }
  }

  /// (hits, misses) since this cache was made.
  var counts: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

  private static func insert(
    _ response: HTTPResponse, for target: String, into s: inout Generations, budget: Int
  ) {
    let size = response.body.count + target.utf8.count
    if s.youngBytes + size > budget / 2 {
      s.old = s.young
      s.young = [:]
      s.youngBytes = 0
    }
    if s.young.updateValue(response, forKey: target) == nil { s.youngBytes += size }
  }
}
