import RecsysCore
import TestSupport
import Testing

@testable import Ranking

/// The AVX-512 kernels must give the Swift kernels' bits exactly, or a model would depend
/// on the CPU it was trained on.
@Suite struct RankingKernelTests {
  @Test func bestKernelFollowsTheCPU() {
    #if arch(x86_64)
      if let flags = CPUFlags.current {
        #expect((RankingKernel.best == .avx512) == flags.contains("avx512f"))
      }
    #else
      #expect(RankingKernel.best == .portable)
    #endif
  }

  /// Shapes around the tile edges (8 x 32 in C, 4 x 8 in Swift) and the 256-deep slabs,
  /// with a C that already holds values, for both `op(A)` forms and both signs.
  @Test(
    arguments: [(1, 1, 1), (9, 33, 7), (13, 17, 300), (8, 64, 256), (3, 40, 513)], [false, true])
  func gemmMatchesPortable(shape: (Int, Int, Int), transA: Bool) {
    let (m, n, k) = shape
    var g = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k))
    let a = (0..<(m * k)).map { _ in Float(g.nextGaussian()) }
    let b = (0..<(k * n)).map { _ in Float(g.nextGaussian()) }
    let start = (0..<(m * n)).map { _ in Float(g.nextGaussian()) }
    var results: [[UInt32]] = []
    for kernel in [RankingKernel.portable, RankingKernel.best] {
      var c = start
      for alpha: Float in [1, -0.5] {
        c.withUnsafeMutableBufferPointer { cb in
          DenseCholesky.gemm(
            m: m, n: n, k: k, alpha: alpha, a: a, lda: transA ? m : k, transA: transA, b: b, ldb: n,
            c: cb.baseAddress!, ldc: n, kernel: kernel)
        }
      }
      results.append(c.map(\.bitPattern))
    }
    #expect(results[0] == results[1])
    #expect(results[0] != start.map(\.bitPattern))
  }

  @Test func inverseMatchesPortable() throws {
    let n = 150
    var portable = RankingFixtures.spd(n, seed: 5)
    var best = portable
    try DenseCholesky.invertInPlace(&portable, n: n, parallel: true, kernel: .portable)
    try DenseCholesky.invertInPlace(&best, n: n, parallel: true, kernel: .best)
    #expect(portable.map(\.bitPattern) == best.map(\.bitPattern))
  }

  /// 6, 16 and 20 factors: one chunk, two chunks (one ZMM register), three (an odd tail).
  @Test(arguments: [6, 16, 20], [false, true])
  func alsMatchesPortable(factors: Int, useValues: Bool) throws {
    let m = try RankingFixtures.planted(users: 300, items: 40, perUser: 5)
    let valued = try InteractionMatrix(
      rows: (0..<m.rowCount).flatMap { u in [Int32](repeating: Int32(u), count: m.count(ofRow: u))
      },
      columns: m.columns, values: m.columns.map { Float($0 % 5 + 1) }, rowCount: m.rowCount,
      columnCount: m.columnCount)
    var c = ALSConfig(
      factors: factors, iterations: 2, regularization: 0.1, alpha: 3, cgSteps: 3,
      useValues: useValues)
    c.kernel = .portable
    let portable = try ALSModel.train(valued, config: c)
    c.kernel = .best
    let best = try ALSModel.train(valued, config: c)
    #expect(portable.userFactors.map(\.bitPattern) == best.userFactors.map(\.bitPattern))
    #expect(portable.itemFactors.map(\.bitPattern) == best.itemFactors.map(\.bitPattern))
  }

  @Test func easeMatchesPortable() throws {
    let m = try RankingFixtures.planted(users: 90, items: 130, perUser: 12)
    var c = EASEConfig(lambda: 5)
    c.kernel = .portable
    let portable = try EASEModel.train(m, config: c)
    c.kernel = .best
    let best = try EASEModel.train(m, config: c)
    #expect(portable.weights.map(\.bitPattern) == best.weights.map(\.bitPattern))
  }
}
