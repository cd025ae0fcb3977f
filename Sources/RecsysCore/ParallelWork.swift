import Basics
import Dispatch
import Synchronization

/// Parallel loops sized by the process's CPU budget (`CPUBudget.workers`, i.e.
/// `PIPELINE_CPUS` or the online cores), never by Dispatch's pool width alone.
public enum ParallelWork {
  /// The worker threads this process may use (at least 1).
  public static var workers: Int { CPUBudget.workers }

  /// Runs `body(i)` for every `i` in `0..<count` on at most `workers` threads, each
  /// taking the next index from a shared counter until none is left.
  ///
  /// Which thread runs which index depends on timing, so `body` must write only what
  /// index `i` owns; callers that do get the same bits for any `workers`.
  public static func forEach(_ count: Int, workers: Int = ParallelWork.workers, _ body: @Sendable (Int) -> Void) {
    let threads = min(max(1, workers), count)
    if threads <= 1 {
      for i in 0..<count { body(i) }
      return
    }
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
      while true {
        let i = next.add(1, ordering: .relaxed).oldValue
        guard i < count else { return }
        body(i)
      }
    }
  }
}
