import RecsysCore
import Synchronization
import Testing

@Suite struct ParallelWorkTests {
  /// Every index runs exactly once whatever the thread count, including more threads
  /// than indices and none at all.
  @Test(arguments: [1, 2, 3, 16])
  func everyIndexRunsOnce(workers: Int) {
    for count in [0, 1, 2, 7, 100] {
      let hits = Mutex([Int](repeating: 0, count: count))
      ParallelWork.forEach(count, workers: workers) { i in hits.withLock { $0[i] += 1 } }
      #expect(hits.withLock { $0 } == [Int](repeating: 1, count: count), "count \(count), workers \(workers)")
    }
  }

  /// No more than `workers` bodies run at once (the point of the budget).
  @Test(arguments: [1, 2, 3])
  func neverMoreThanWorkersAtOnce(workers: Int) {
    let state = Mutex((running: 0, peak: 0))
    ParallelWork.forEach(64, workers: workers) { _ in
      state.withLock {
        $0.running += 1
        $0.peak = max($0.peak, $0.running)
      }
      var x = 0.0
      for k in 0..<2000 { x += Double(k).squareRoot() }
      precondition(x > 0)
      state.withLock { $0.running -= 1 }
    }
    #expect(state.withLock { $0.peak } <= workers)
  }

  @Test func chunkedWorkKeepsChunkOrder() {
    let sequential = ChunkedWork.run(count: 1000, chunkSize: 7, parallel: false) { $0.reduce(0, +) }
    let parallel = ChunkedWork.run(count: 1000, chunkSize: 7, parallel: true) { $0.reduce(0, +) }
    #expect(parallel == sequential)
    #expect(sequential.count == 143)
    #expect(ChunkedWork.run(count: 0, chunkSize: 7, parallel: true) { $0.count }.isEmpty)
  }
}
