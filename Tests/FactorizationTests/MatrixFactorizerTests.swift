import RecsysCore
import Testing

@testable import Factorization

/// Planted ratings are not on a 1...5 scale: never clip them.
private func unclipped(_ config: MFConfig) -> MFConfig {
  var config = config
  config.ratingRange = -100...100
  return config
}

private func train(_ data: PlantedData, _ config: MFConfig) throws -> (
  model: MFModel, curve: [EpochStats]
) {
  try MatrixFactorizer.train(
    users: data.trainUsers, items: data.trainItems, ratings: data.trainRatings,
    userCount: data.userCount, itemCount: data.itemCount, config: unclipped(config),
    test: data.testSet)
}

@Suite struct MatrixFactorizerTests {
  @Test(arguments: SGDOrder.allCases)
  func sameSeedGivesSameBits(order: SGDOrder) throws {
    let data = PlantedData(users: 30, items: 20, noise: 0.3)
    let config = MFConfig(factors: 5, epochs: 4, seed: 42, order: order)
    let a = try train(data, config)
    let b = try train(data, config)
    #expect(a.model == b.model)
    #expect(a.curve == b.curve)
    var other = config
    other.seed = 43
    let c = try train(data, other)
    #expect(c.model.userFactors != a.model.userFactors)
  }

  /// Two ratings by one user, every factor starting at 0.1 (init_std 0), lr 0.1, reg 0.5;
  /// the expected values below are worked out by hand from Surprise's update rule.
  @Test func oneEpochByHand() throws {
    let config = MFConfig(
      factors: 3, epochs: 1, lr: 0.1, reg: 0.5, initMean: 0.1, initStd: 0, order: .surprise)
    let (model, curve) = try MatrixFactorizer.train(
      users: [0, 0], items: [0, 1], ratings: [5, 3], userCount: 1, itemCount: 2, config: config)
    // μ = 4. Rating (0,0,5): dot = 3·0.01 = 0.03, e = 5 − 4.03 = 0.97.
    //   b_u = b_0 = 0.1·0.97 = 0.097; p_f = q0_f = 0.1 + 0.1·(0.97·0.1 − 0.05) = 0.1047.
    // Rating (0,1,3): dot = 3·0.1047·0.1 = 0.03141, e = 3 − (4 + 0.097 + 0 + 0.03141) = −1.12841.
    //   b_u = 0.097 + 0.1·(−1.12841 − 0.5·0.097) = −0.020691
    //   b_1 = 0.1·(−1.12841) = −0.112841
    //   p_f = 0.1047 + 0.1·(−1.12841·0.1 − 0.5·0.1047) = 0.0881809
    //   q1_f = 0.1 + 0.1·(−1.12841·0.1047 − 0.5·0.1) = 0.083185547...
    let tolerance: Float = 2e-6
    #expect(model.globalMean == 4)
    #expect(abs(model.userBias[0] - (-0.020691)) < tolerance)
    #expect(abs(model.itemBias[0] - 0.097) < tolerance)
    #expect(abs(model.itemBias[1] - (-0.112841)) < tolerance)
    for f in 0..<3 {
      #expect(abs(model.userFactors[f] - 0.0881809) < tolerance)
      #expect(abs(model.itemFactors[f] - 0.1047) < tolerance)
      #expect(abs(model.itemFactors[3 + f] - 0.0831855) < tolerance)
    }
    let expectedRMSE = ((0.97 * 0.97 + 1.12841 * 1.12841) / 2).squareRoot()
    #expect(abs(curve[0].trainRMSE - expectedRMSE) < 1e-5)
    #expect(curve[0].epoch == 1)
    #expect(curve[0].testRMSE == nil)
  }

  @Test func trainingRMSEDecreasesOnPlantedLowRank() throws {
    let data = PlantedData()
    let config = MFConfig(factors: 3, epochs: 25, lr: 0.02, reg: 0.01, order: .shuffled)
    let (_, curve) = try train(data, config)
    #expect(curve.count == 25)
    for k in 1..<curve.count {
      #expect(curve[k].trainRMSE <= curve[k - 1].trainRMSE + 1e-4)
    }
    #expect(curve.last!.trainRMSE < curve.first!.trainRMSE * 0.5)
    #expect(curve.last!.testRMSE! < curve.first!.testRMSE!)
  }

  @Test func factorsBeatBiasesOnly() throws {
    let data = PlantedData(noise: 0.1)
    var config = MFConfig(factors: 4, epochs: 40, lr: 0.02, reg: 0.02, order: .shuffled)
    let mf = try train(data, config).curve.last!.testRMSE!
    config.factors = 0
    let biases = try train(data, config).curve.last!.testRMSE!
    #expect(mf < biases * 0.8)
  }

  @Test func testRMSEMatchesModelPredictions() throws {
    let data = PlantedData(users: 25, items: 19, noise: 0.2)
    let config = MFConfig(factors: 11, epochs: 3, order: .shuffled, ratingRange: 1...5)
    let (model, curve) = try MatrixFactorizer.train(
      users: data.trainUsers, items: data.trainItems, ratings: data.trainRatings,
      userCount: data.userCount, itemCount: data.itemCount, config: config, test: data.testSet)
    var sse = 0.0
    for n in 0..<data.testRatings.count {
      let err =
        Double(data.testRatings[n])
        - model.predictClipped(user: Int(data.testUsers[n]), item: Int(data.testItems[n]))
      sse += err * err
    }
    // The padded training kernel and the dense model kernel reduce in the same order.
    #expect(curve.last!.testRMSE! == (sse / Double(data.testRatings.count)).squareRoot())
  }

  @Test func surpriseOrderGroupsUsersByFirstAppearance() {
    let (entries, groups) = MatrixFactorizer.orderedEntries(
      users: [2, 0, 2, 1, 0], items: [10, 11, 12, 13, 14], ratings: [1, 2, 3, 4, 5],
      userCount: 3, grouped: true)
    #expect(groups == [0, 2, 4, 5])
    #expect(entries.map(\.item) == [10, 12, 11, 14, 13])
    #expect(entries.map(\.user) == [2, 2, 0, 0, 1])
  }

  @Test func learningRateDecays() throws {
    let data = PlantedData(users: 10, items: 10)
    let config = MFConfig(factors: 2, epochs: 3, lr: 0.01, lrDecay: 0.5)
    let curve = try train(data, config).curve
    #expect(curve.map(\.learningRate) == [0.01, 0.005, 0.0025])
  }

  @Test func unbiasedModelHasNoBiases() throws {
    let data = PlantedData(users: 10, items: 10)
    let config = MFConfig(factors: 2, epochs: 2, biased: false)
    let model = try train(data, config).model
    #expect(!model.biased)
    #expect(model.userBias.allSatisfy { $0 == 0 })
    #expect(model.itemBias.allSatisfy { $0 == 0 })
  }

  @Test func epochCallbackSeesEveryEpoch() throws {
    let data = PlantedData(users: 10, items: 10)
    var seen: [Int] = []
    _ = try MatrixFactorizer(config: MFConfig(factors: 2, epochs: 3)).train(
      users: data.trainUsers, items: data.trainItems, ratings: data.trainRatings,
      userCount: 10, itemCount: 10
    ) { seen.append($0.epoch) }
    #expect(seen == [1, 2, 3])
  }

  @Test func rejectsBadInput() {
    let config = MFConfig(factors: 2, epochs: 1)
    #expect(
      throws: FactorizationError.lengthMismatch(
        what: "training set", users: 2, items: 1, ratings: 1)
    ) {
      try MatrixFactorizer.train(
        users: [0, 0], items: [0], ratings: [1], userCount: 1, itemCount: 1, config: config)
    }
    #expect(throws: FactorizationError.emptyTrainingSet) {
      try MatrixFactorizer.train(
        users: [], items: [], ratings: [], userCount: 0, itemCount: 0, config: config)
    }
    #expect(
      throws: FactorizationError.indexOutOfRange(kind: "item", position: 1, index: 5, count: 2)
    ) {
      try MatrixFactorizer.train(
        users: [0, 0], items: [0, 5], ratings: [1, 2], userCount: 1, itemCount: 2, config: config)
    }
    #expect(throws: FactorizationError.nonFiniteRating(position: 0)) {
      try MatrixFactorizer.train(
        users: [0], items: [0], ratings: [.nan], userCount: 1, itemCount: 1, config: config)
    }
    var bad = config
    bad.lr = -1
    #expect(
      throws: FactorizationError.invalidConfig(
        name: "lr", value: "-1.0", expected: "a positive number")
    ) {
      try MatrixFactorizer.train(
        users: [0], items: [0], ratings: [1], userCount: 1, itemCount: 1, config: bad)
    }
  }

  @Test func reportsDivergence() {
    let data = PlantedData(users: 20, items: 20)
    let config = MFConfig(factors: 4, epochs: 30, lr: 5, initStd: 1)
    #expect {
      _ = try train(data, config)
    } throws: { error in
      guard case .diverged = error as? FactorizationError else { return false }
      return String(describing: error).hasPrefix("training diverged in epoch")
    }
  }

  @Test func shuffleByUserKeepsEachUsersRatingsTogether() {
    let (grouped, groups) = MatrixFactorizer.orderedEntries(
      users: [0, 1, 0, 2, 1, 0, 2], items: [0, 1, 2, 3, 4, 5, 6], ratings: [1, 2, 3, 4, 5, 1, 2],
      userCount: 3, grouped: true)
    var entries = grouped
    var order = [0, 1, 2]
    var output = entries
    var rng = SeededGenerator(seed: 3)
    var seenOrders: Set<[Int32]> = []
    for _ in 0..<20 {
      MatrixFactorizer.shuffleByGroup(
        &entries, groupStarts: groups, groupOrder: &order, into: &output, rng: &rng)
      #expect(output.map(\.item).sorted() == [0, 1, 2, 3, 4, 5, 6])
      // Users appear as contiguous runs, one run per user.
      var runs: [Int32] = []
      for entry in output where runs.last != entry.user { runs.append(entry.user) }
      #expect(runs.sorted() == [0, 1, 2])
      seenOrders.insert(output.map(\.item))
    }
    #expect(seenOrders.count > 5)
  }

  @Test func presetsMatchTheirSources() throws {
    let surprise = MFConfig.surprise
    #expect(surprise.factors == 100 && surprise.epochs == 20)
    #expect(surprise.lr == 0.005 && surprise.reg == 0.02)
    #expect(surprise.initMean == 0 && surprise.initStd == 0.1)
    #expect(surprise.biased && surprise.order == .surprise && surprise.lrDecay == 1)
    #expect(surprise.effectiveLRBias == 0.005 && surprise.effectiveRegFactors == 0.02)
    try MFConfig.surprise.validate()
    try MFConfig.tuned.validate()
    #expect(MFConfig.tuned.effectiveRegBias == 0.01 && MFConfig.tuned.effectiveRegFactors == 0.055)
    #expect(MFConfig.tuned.lr == 0.013 && MFConfig.tuned.order == .blocked)
  }
}
