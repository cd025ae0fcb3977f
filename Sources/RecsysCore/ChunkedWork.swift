import Synchronization

/// Runs `body` over fixed chunks of `0..<count` and returns the results in chunk order.
///
/// Chunk boundaries depend only on `count` and `chunkSize`, and each chunk writes its
/// own result slot, so the output never depends on which thread ran what. At most
/// `ParallelWork.workers` threads (the CPU budget) run chunks at once.
public enum ChunkedWork {
  public static func run<T: Sendable>(
    count: Int, chunkSize: Int, parallel: Bool, _ body: @Sendable (Range<Int>) -> T
  ) -> [T] {
    let size = max(1, chunkSize)
    let chunks = (count + size - 1) / size
    if !parallel || chunks <= 1 {
      return (0..<chunks).map { c in body((c * size)..<min(count, (c + 1) * size)) }
    }
    let slots = Mutex<[T?]>(Array(repeating: nil, count: chunks))
    ParallelWork.forEach(chunks) { c in
      let result = body((c * size)..<min(count, (c + 1) * size))
      slots.withLock { $0[c] = result }
    }
    return slots.withLock { $0.compactMap { $0 } }
  }
}
