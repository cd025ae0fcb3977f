import Testing

@testable import Ranking

@Suite struct ItemKNNTests {
  /// On `RankingFixtures.tiny()` item popularities are 3, 3, 4, 2 and co-occurrences
  /// (0,1)=2, (0,2)=2, (1,2)=2, (1,3)=1, (2,3)=2, so cosines are 2/3, 2/√12, 2/√12, 1/√6, 2/√8.
  @Test func cosineNeighboursByHand() throws {
    let model = try ItemKNNModel.train(RankingFixtures.tiny(), config: ItemKNNConfig(neighbours: 2))
    #expect(model.offsets == [0, 2, 4, 6, 8])
    // Item 0: 1 (0.667) before 2 (0.577).
    #expect(Array(model.neighbours[0..<2]) == [1, 2])
    #expect(abs(model.weights[0] - 2.0 / 3) < 1e-6)
    #expect(abs(model.weights[1] - Float(2 / 12.0.squareRoot())) < 1e-6)
    // Item 3: 2 (0.707) before 1 (0.408).
    #expect(Array(model.neighbours[6..<8]) == [2, 1])
    var scores: [Float] = []
    model.scores(forItems: [0, 3], into: &scores)
    #expect(abs(scores[2] - Float(2 / 12.0.squareRoot() + 2 / 8.0.squareRoot())) < 1e-6)
    #expect(abs(scores[1] - Float(2.0 / 3 + 1 / 6.0.squareRoot())) < 1e-6)
  }

  @Test func sameBitsOnOneThreadOrManyAndRebuilds() throws {
    let m = try RankingFixtures.planted(users: 90, items: 130, perUser: 12)
    let a = try ItemKNNModel.train(m, config: ItemKNNConfig(neighbours: 10, parallel: false))
    let b = try ItemKNNModel.train(m, config: ItemKNNConfig(neighbours: 10, parallel: true))
    #expect(a == b)
    let copy = try ItemKNNModel(
      itemCount: a.itemCount, offsets: a.offsets, neighbours: a.neighbours, weights: a.weights)
    #expect(copy == a)
    #expect(throws: RankingError.modelShape(field: "offsets", expected: 3, actual: 2)) {
      try ItemKNNModel(itemCount: 2, offsets: [0, 0], neighbours: [], weights: [])
    }
  }
}
