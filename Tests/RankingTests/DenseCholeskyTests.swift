import Testing

@testable import Ranking

@Suite struct DenseCholeskyTests {
  /// 130 = two full 64-blocks and a 2-wide one, so every edge path of the kernel runs.
  @Test func inverseTimesMatrixIsIdentity() throws {
    let n = 130
    let a = RankingFixtures.spd(n)
    let inv = try DenseCholesky.inverse(a, n: n)
    var worst = 0.0
    for i in 0..<n {
      for j in 0..<n {
        var s = 0.0
        for t in 0..<n { s += Double(a[i * n + t]) * Double(inv[t * n + j]) }
        worst = max(worst, abs(s - (i == j ? 1 : 0)))
      }
    }
    #expect(worst < 1e-4)
    for i in 0..<n {
      for j in 0..<i { #expect(inv[i * n + j] == inv[j * n + i]) }
    }
  }

  @Test func sameBitsOnOneThreadOrMany() throws {
    let n = 130
    let a = RankingFixtures.spd(n, seed: 11)
    let serial = try DenseCholesky.inverse(a, n: n, parallel: false)
    let parallel = try DenseCholesky.inverse(a, n: n, parallel: true)
    #expect(serial == parallel)
  }

  @Test func smallInverseByHand() throws {
    // [[4, 2], [2, 3]]⁻¹ = [[3, -2], [-2, 4]] / 8.
    let inv = try DenseCholesky.inverse([4, 2, 2, 3], n: 2)
    let expected: [Float] = [0.375, -0.25, -0.25, 0.5]
    for p in 0..<4 { #expect(abs(inv[p] - expected[p]) < 1e-6) }
  }

  @Test func notPositiveDefiniteNamesThePivot() {
    // [[1, 2], [2, 1]] has eigenvalues 3 and -1: the second pivot is 1 - 4 < 0.
    #expect(throws: RankingError.notPositiveDefinite(index: 1)) {
      try DenseCholesky.inverse([1, 2, 2, 1], n: 2)
    }
    #expect(throws: RankingError.modelShape(field: "matrix", expected: 4, actual: 3)) {
      try DenseCholesky.inverse([1, 2, 2], n: 2)
    }
  }
}
