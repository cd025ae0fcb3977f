import Testing

@testable import Factorization

@Suite struct MFModelTests {
  /// 2 users, 3 items, 2 factors, values chosen so every prediction is easy to check.
  func smallModel(biased: Bool = true) throws -> MFModel {
    try MFModel(
      factors: 2, biased: biased, globalMean: 3.5, userBias: [0.5, -0.25],
      itemBias: [0.125, -0.5, 1], userFactors: [1, 2, 0.5, -1],
      itemFactors: [0.25, 0.5, -1, 1, 2, 2], ratingRange: 1...5)
  }

  @Test func predictAddsKnownParts() throws {
    let model = try smallModel()
    // 3.5 + 0.5 + 0.125 + (1·0.25 + 2·0.5)
    #expect(model.predict(user: 0, item: 0) == 5.375)
    #expect(model.predictClipped(user: 0, item: 0) == 5)
    // 3.5 − 0.25 + 1 + (0.5·2 − 1·2) = 3.25
    #expect(model.predict(user: 1, item: 2) == 3.25)
  }

  @Test func unknownUserOrItemUsesKnownPartsOnly() throws {
    let model = try smallModel()
    #expect(model.predict(user: -1, item: 1) == 3.0)
    #expect(model.predict(user: 1, item: -1) == 3.25)
    #expect(model.predict(user: -1, item: -1) == 3.5)
    // Out of range counts as unknown, never a crash.
    #expect(model.predict(user: 7, item: 1) == 3.0)
    #expect(model.predict(user: 0, item: 99) == 4.0)
    let unbiased = try smallModel(biased: false)
    #expect(unbiased.predict(user: 0, item: 1) == 1.0)
    #expect(unbiased.predict(user: -1, item: 1) == 3.5)
  }

  @Test func scoresEqualPredictPerItem() throws {
    let data = PlantedData(users: 12, items: 23, noise: 0.2)
    for biased in [true, false] {
      for factors in [0, 5, 8, 19] {
        let config = MFConfig(factors: factors, epochs: 2, order: .shuffled, biased: biased)
        let (model, _) = try MatrixFactorizer.train(
          users: data.trainUsers, items: data.trainItems, ratings: data.trainRatings,
          userCount: data.userCount, itemCount: data.itemCount, config: config)
        var scores: [Double] = []
        for user in [-1, 0, 5, 11, 12] {
          model.scores(forUser: user, into: &scores)
          #expect(scores.count == model.itemCount)
          for item in 0..<model.itemCount {
            #expect(scores[item] == model.predict(user: user, item: item))
          }
        }
        #expect(model.scores(forUser: 3) == (0..<23).map { model.predict(user: 3, item: $0) })
      }
    }
  }

  @Test func rejectsMisshapenArrays() {
    #expect(throws: FactorizationError.modelShape(field: "item_factors", expected: 4, actual: 3)) {
      try MFModel(
        factors: 2, biased: true, globalMean: 3, userBias: [0], itemBias: [0, 0],
        userFactors: [1, 1], itemFactors: [1, 1, 1])
    }
    let message = String(
      describing: FactorizationError.modelShape(field: "f", expected: 1, actual: 2))
    #expect(message == "model field 'f' has 2 values, expected 1; the model data is corrupt")
  }
}
