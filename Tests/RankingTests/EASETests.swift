import Testing

@testable import Ranking

@Suite struct EASETests {
  /// B for `RankingFixtures.tiny()` with lambda 2, computed once with NumPy (float64):
  /// `P = inv(X.T @ X + 2 I); B = -P / diag(P); fill_diagonal(B, 0)`.
  static let numpyB: [Double] = [
    0, 0.33333333, 0.32911392, -0.19607843,
    0.3255814, 0, 0.17721519, 0.1372549,
    0.30232558, 0.16666667, 0, 0.35294118,
    -0.23255814, 0.16666667, 0.4556962, 0,
  ]

  @Test func matchesNumPy() throws {
    let model = try EASEModel.train(RankingFixtures.tiny(), config: EASEConfig(lambda: 2))
    #expect(model.itemCount == 4)
    for (p, expected) in Self.numpyB.enumerated() {
      #expect(abs(Double(model.weights[p]) - expected) < 1e-5, "entry \(p)")
    }
    // User 0 (items 0, 1): the sum of rows 0 and 1 (NumPy: X[0] @ B).
    var scores: [Float] = []
    model.scores(forItems: [0, 1], into: &scores)
    let expected = [0.3255814, 0.33333333, 0.50632911, -0.05882353]
    for j in 0..<4 { #expect(abs(Double(scores[j]) - expected[j]) < 1e-5) }
  }

  @Test func sameBitsOnOneThreadOrMany() throws {
    let m = try RankingFixtures.planted(users: 90, items: 130, perUser: 12)
    let a = try EASEModel.train(m, config: EASEConfig(lambda: 5, parallel: false))
    let b = try EASEModel.train(m, config: EASEConfig(lambda: 5, parallel: true))
    #expect(a == b)
    // The planted groups show: a user of the first half scores first-half items higher.
    var scores: [Float] = []
    a.scores(forItems: Array(m.columns(ofRow: 0)), into: &scores)
    let first = scores[0..<65].reduce(0, +) / 65
    let second = scores[65..<130].reduce(0, +) / 65
    #expect(first > second)
  }

  @Test func rejectsTooManyItemsAndBadConfig() throws {
    let m = try RankingFixtures.tiny()
    #expect(throws: RankingError.tooManyItems(count: 4, limit: 3)) {
      try EASEModel.train(m, config: EASEConfig(maxItems: 3))
    }
    #expect(
      throws: RankingError.invalidConfig(
        name: "lambda", value: "0.0", expected: "a finite number > 0")
    ) {
      try EASEModel.train(m, config: EASEConfig(lambda: 0))
    }
    #expect(throws: RankingError.modelShape(field: "weights", expected: 9, actual: 8)) {
      try EASEModel(itemCount: 3, weights: [Float](repeating: 0, count: 8))
    }
  }

  @Test func rebuildsFromFlatWeights() throws {
    let model = try EASEModel.train(RankingFixtures.tiny(), config: EASEConfig(lambda: 2))
    let copy = try EASEModel(itemCount: model.itemCount, weights: model.weights)
    #expect(copy == model)
  }
}
