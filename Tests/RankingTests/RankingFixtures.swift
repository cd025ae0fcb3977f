import RecsysCore

@testable import Ranking

/// Small matrices for the ranking tests.
enum RankingFixtures {
  /// 5 users x 4 items, the matrix the NumPy fixture in `EASETests` was computed from.
  static func tiny() throws -> InteractionMatrix {
    let pattern: [[Int32]] = [[0, 1], [0, 2], [1, 2, 3], [0, 1, 2], [2, 3]]
    var rows: [Int32] = []
    var columns: [Int32] = []
    for (u, items) in pattern.enumerated() {
      for i in items.reversed() {
        rows.append(Int32(u))
        columns.append(i)
      }
    }
    return try InteractionMatrix(rows: rows, columns: columns, rowCount: 5, columnCount: 4)
  }

  /// Two taste groups: users `u < users/2` mostly pick items of the first half, the rest
  /// the second half, with a few cross picks. Seeded, so every run sees the same matrix.
  static func planted(users: Int, items: Int, perUser: Int, seed: UInt64 = 7) throws
    -> InteractionMatrix
  {
    var g = SeededGenerator(seed: seed)
    var rows: [Int32] = []
    var columns: [Int32] = []
    let half = items / 2
    for u in 0..<users {
      var taken = Set<Int>()
      while taken.count < perUser {
        let own = g.nextDouble() < 0.85
        let first = (u < users / 2) == own
        let i = first ? g.nextInt(below: half) : half + g.nextInt(below: items - half)
        taken.insert(i)
      }
      for i in taken.sorted() {
        rows.append(Int32(u))
        columns.append(Int32(i))
      }
    }
    return try InteractionMatrix(rows: rows, columns: columns, rowCount: users, columnCount: items)
  }

  /// A seeded symmetric positive definite matrix `M Mᵀ / n + I`, `n x n` row-major.
  static func spd(_ n: Int, seed: UInt64 = 3) -> [Float] {
    var g = SeededGenerator(seed: seed)
    let m = (0..<(n * n)).map { _ in g.nextGaussian() }
    var a = [Float](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n {
        var s = 0.0
        for t in 0..<n { s += m[i * n + t] * m[j * n + t] }
        a[i * n + j] = Float(s / Double(n) + (i == j ? 1 : 0))
      }
    }
    return a
  }
}
