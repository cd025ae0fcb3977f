import Foundation
import RecsysCore
import TestSupport
import Testing

@testable import Ranking

/// Every C kernel must give the Swift kernels' bits exactly, or a model would depend on
/// the CPU it was trained on. Each test runs every kernel this CPU has against
/// `.portable`; a kernel the CPU lacks is printed as not testable here.
@Suite struct RankingKernelTests {
  /// Whether `kernel` runs here; prints a line naming the test when it does not.
  static func runs(_ kernel: RankingKernel, in test: String) -> Bool {
    if kernel.isAvailable { return true }
    print("RankingKernelTests.\(test): \(kernel) not testable here (the CPU lacks it)")
    return false
  }

  @Test func availableKernelsFollowTheCPU() {
    #expect(RankingKernel.available.first == .portable)
    #if arch(x86_64)
      if let flags = CPUFlags.current {
        #expect(RankingKernel.avx2.isAvailable == flags.contains("avx2"))
        #expect(RankingKernel.avx512.isAvailable == flags.contains("avx512f"))
      }
    #else
      #expect(RankingKernel.available == [.portable])
    #endif
    if getenv(RankingKernel.variable) == nil {
      #expect(RankingKernel.best == RankingKernel.available.last)
    }
  }

  @Test func variableForcesAKernel() throws {
    let all = RankingKernel.allCases
    #expect(try RankingKernel.select(requested: nil, available: all) == .avx512)
    #expect(try RankingKernel.select(requested: "", available: all) == .avx512)
    #expect(try RankingKernel.select(requested: "auto", available: [.portable, .avx2]) == .avx2)
    #expect(try RankingKernel.select(requested: "portable", available: all) == .portable)
    #expect(try RankingKernel.select(requested: "avx2", available: all) == .avx2)
    // A kernel the CPU lacks falls back to the fastest one below it.
    #expect(try RankingKernel.select(requested: "avx512", available: [.portable, .avx2]) == .avx2)
    #expect(try RankingKernel.select(requested: "avx2", available: [.portable]) == .portable)
    #expect(try RankingKernel.select(requested: "avx512", available: [.portable]) == .portable)
    let bad = RankingError.invalidConfig(
      name: "RECSYS_RANKING_KERNEL", value: "'fast'",
      expected: "portable, avx2, avx512 or auto (or unset)")
    #expect(throws: bad) { try RankingKernel.select(requested: "fast", available: all) }
    #expect(throws: bad) { try RankingKernel.select(requested: "fast", available: [.portable]) }
    #expect(
      String(describing: bad)
        == "config 'RECSYS_RANKING_KERNEL' is 'fast', expected portable, avx2, avx512 or auto (or unset)")
  }

  /// Shapes around the tile edges (8 x 32 for AVX-512, 6 x 16 for AVX2, 4 x 8 in Swift),
  /// the 8-lane masks and the 256-deep slabs, with a C that already holds values, for
  /// both `op(A)` forms and both signs.
  static let gemmShapes: [(Int, Int, Int, Bool)] = [
    (1, 1, 1), (9, 33, 7), (13, 17, 300), (8, 64, 256), (3, 40, 513), (7, 15, 5), (6, 16, 1),
    (5, 9, 257), (12, 24, 31), (2, 3, 255),
  ].flatMap { m, n, k in [(m, n, k, false), (m, n, k, true)] }

  @Test(arguments: RankingKernel.allCases.filter { $0 != .portable }, gemmShapes)
  func gemmMatchesPortable(kernel: RankingKernel, shape: (Int, Int, Int, Bool)) {
    guard Self.runs(kernel, in: "gemmMatchesPortable") else { return }
    let (m, n, k, transA) = shape
    var g = SeededGenerator(seed: UInt64(m * 1000 + n * 10 + k))
    let a = (0..<(m * k)).map { _ in Float(g.nextGaussian()) }
    let b = (0..<(k * n)).map { _ in Float(g.nextGaussian()) }
    let start = (0..<(m * n)).map { _ in Float(g.nextGaussian()) }
    var results: [[UInt32]] = []
    for kernel in [RankingKernel.portable, kernel] {
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

  /// A sub-matrix of C (`ldc` past `n`) keeps the columns beyond `n` untouched.
  @Test(arguments: RankingKernel.allCases)
  func gemmWritesOnlyItsColumns(kernel: RankingKernel) {
    guard Self.runs(kernel, in: "gemmWritesOnlyItsColumns") else { return }
    let (m, n, k, ldc) = (7, 19, 9, 40)
    var g = SeededGenerator(seed: 11)
    let a = (0..<(m * k)).map { _ in Float(g.nextGaussian()) }
    let b = (0..<(k * n)).map { _ in Float(g.nextGaussian()) }
    var c = [Float](repeating: 7, count: (m + 1) * ldc)
    c.withUnsafeMutableBufferPointer { cb in
      DenseCholesky.gemm(
        m: m, n: n, k: k, alpha: 1, a: a, lda: k, transA: false, b: b, ldb: n,
        c: cb.baseAddress!, ldc: ldc, kernel: kernel)
    }
    for i in 0...m {
      for j in 0..<ldc where i == m || j >= n { #expect(c[i * ldc + j] == 7) }
    }
  }

  @Test(arguments: RankingKernel.allCases.filter { $0 != .portable }, [150, 67])
  func inverseMatchesPortable(kernel: RankingKernel, n: Int) throws {
    guard Self.runs(kernel, in: "inverseMatchesPortable") else { return }
    var portable = RankingFixtures.spd(n, seed: 5)
    var other = portable
    try DenseCholesky.invertInPlace(&portable, n: n, parallel: true, kernel: .portable)
    try DenseCholesky.invertInPlace(&other, n: n, parallel: true, kernel: kernel)
    #expect(portable.map(\.bitPattern) == other.map(\.bitPattern))
  }

  /// 1 and 6 factors: one chunk; 16: two (one ZMM register); 20: three (an odd tail);
  /// 36: five; 64: eight (the default pipeline's 16 and wider models).
  @Test(
    arguments: RankingKernel.allCases.filter { $0 != .portable },
    [(1, false), (6, false), (6, true), (16, false), (16, true), (20, false), (20, true), (36, true),
     (64, false)])
  func alsMatchesPortable(kernel: RankingKernel, factorsAndValues: (Int, Bool)) throws {
    guard Self.runs(kernel, in: "alsMatchesPortable") else { return }
    let (factors, useValues) = factorsAndValues
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
    c.kernel = kernel
    let other = try ALSModel.train(valued, config: c)
    #expect(portable.userFactors.map(\.bitPattern) == other.userFactors.map(\.bitPattern))
    #expect(portable.itemFactors.map(\.bitPattern) == other.itemFactors.map(\.bitPattern))
  }

  @Test(arguments: RankingKernel.allCases.filter { $0 != .portable })
  func easeMatchesPortable(kernel: RankingKernel) throws {
    guard Self.runs(kernel, in: "easeMatchesPortable") else { return }
    let m = try RankingFixtures.planted(users: 90, items: 130, perUser: 12)
    var c = EASEConfig(lambda: 5)
    c.kernel = .portable
    let portable = try EASEModel.train(m, config: c)
    c.kernel = kernel
    let other = try EASEModel.train(m, config: c)
    #expect(portable.weights.map(\.bitPattern) == other.weights.map(\.bitPattern))
  }
}
