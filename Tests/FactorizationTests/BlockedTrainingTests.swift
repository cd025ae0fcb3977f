import RecsysCore
import TestSupport
import Testing

@testable import Factorization

/// The `.blocked` order (LIBMF's FPSG on a fixed grid): its bits must not depend on the
/// thread count, and it must still learn.
@Suite struct BlockedTrainingTests {
  private func train(_ data: PlantedData, _ config: MFConfig, threads: Int) throws -> (
    model: MFModel, curve: [EpochStats]
  ) {
    var config = config
    config.ratingRange = -100...100
    return try MatrixFactorizer.train(
      users: data.trainUsers, items: data.trainItems, ratings: data.trainRatings,
      userCount: data.userCount, itemCount: data.itemCount, config: config, threads: threads,
      test: data.testSet)
  }

  private func bits(_ model: MFModel) -> [UInt32] {
    (model.userBias + model.itemBias + model.userFactors + model.itemFactors).map(\.bitPattern)
  }

  @Test(arguments: [1, 3, 4, 7])
  func sameBitsForAnyThreadCount(blocks: Int) throws {
    let data = PlantedData(users: 70, items: 50, noise: 0.2)
    let config = MFConfig(factors: 9, epochs: 6, lr: 0.02, seed: 5, order: .blocked, blocks: blocks)
    let one = try train(data, config, threads: 1)
    for threads in [2, 3, 16] {
      let many = try train(data, config, threads: threads)
      #expect(bits(many.model) == bits(one.model), "\(threads) threads, \(blocks) blocks")
      #expect(many.curve == one.curve)
    }
    var other = config
    other.seed = 6
    #expect(bits(try train(data, other, threads: 2).model) != bits(one.model))
  }

  /// On small data one seed's RMSE varies by 10 %, so seeds are averaged; a block left out
  /// or visited twice would lose to the biases-only model.
  @Test func learnsLikeTheSequentialOrder() throws {
    let data = PlantedData(noise: 0.1)
    var config = MFConfig(factors: 4, epochs: 40, lr: 0.02, reg: 0.02, order: .shuffledByUser)
    func meanRMSE(_ config: MFConfig) throws -> Double {
      var sum = 0.0
      for seed in [1, 2, 3] as [UInt64] {
        var seeded = config
        seeded.seed = seed
        sum += try train(data, seeded, threads: 2).curve.last!.testRMSE!
      }
      return sum / 3
    }
    let sequential = try meanRMSE(config)
    config.order = .blocked
    config.blocks = 4
    let blocked = try meanRMSE(config)
    config.factors = 0
    let biases = try meanRMSE(config)
    #expect(blocked < sequential * 1.3, "blocked \(blocked), sequential \(sequential)")
    #expect(blocked < biases * 0.8, "blocked \(blocked), biases only \(biases)")
  }

  /// Every rating lands in exactly one block, each block holds only its row range of users
  /// and column range of items, and each user's ratings are one run per block.
  @Test func gridPartitionsTheRatings() {
    let data = PlantedData(users: 40, items: 30, observed: 0.6)
    var rng = SeededGenerator(seed: 9)
    let side = 3
    let grid = BlockGrid(
      users: data.trainUsers, items: data.trainItems, ratings: data.trainRatings, userCount: 40,
      itemCount: 30, side: side, rng: &rng)
    #expect(Set(grid.userIndex).count == 40 && Set(grid.itemIndex).count == 30)
    let original = zip(data.trainUsers, data.trainItems).map { "\(grid.userIndex[Int($0)]),\(grid.itemIndex[Int($1)])" }
    #expect(grid.entries.map { "\($0.user),\($0.item)" }.sorted() == original.sorted())
    var userBlock: [Int32: Int] = [:]
    var itemBlock: [Int32: Int] = [:]
    for block in 0..<(side * side) {
      var usersSeen: Set<Int32> = []
      for group in Int(grid.blockGroups[block])..<Int(grid.blockGroups[block + 1]) {
        let run = grid.entries[Int(grid.groupStarts[group])..<Int(grid.groupStarts[group + 1])]
        #expect(!run.isEmpty && Set(run.map(\.user)).count == 1)
        #expect(usersSeen.insert(run.first!.user).inserted, "one run per user and block")
        for entry in run {
          #expect(userBlock[entry.user, default: block / side] == block / side)
          #expect(itemBlock[entry.item, default: block % side] == block % side)
          userBlock[entry.user] = block / side
          itemBlock[entry.item] = block % side
        }
      }
    }
    // Row blocks are contiguous ranges of the new numbering.
    let rows = userBlock.sorted { $0.key < $1.key }.map(\.value)
    #expect(rows == rows.sorted())
  }

  @Test func scheduleRoundsShareNoRowOrColumn() {
    var rng = SeededGenerator(seed: 1)
    for side in [1, 2, 5, 8] {
      let rounds = BlockGrid.schedule(side: side, rng: &rng)
      #expect(rounds.count == side)
      for round in rounds {
        #expect(Set(round.map { $0 / side }).count == side)
        #expect(Set(round.map { $0 % side }).count == side)
      }
      #expect(Set(rounds.joined()) == Set(0..<(side * side)))
    }
  }

  /// The block count follows the data's shape, never the machine.
  @Test func blockCountFollowsTheData() {
    #expect(BlockGrid.blockCount(ratings: 800_000, users: 6040, items: 3706, factors: 100) == 8)
    #expect(BlockGrid.blockCount(ratings: 8_000_000, users: 69_878, items: 10_677, factors: 100) == 18)
    #expect(BlockGrid.blockCount(ratings: 500, users: 20, items: 20, factors: 10) == 1)
    #expect(BlockGrid.blockCount(ratings: 20_000_000, users: 162_541, items: 59_047, factors: 100) == 95)
  }

  @Test func rejectsABadBlockCount() {
    let config = MFConfig(order: .blocked, blocks: 0)
    #expect(throws: FactorizationError.invalidConfig(name: "blocks", value: "0", expected: "an integer in 1...1024")) {
      try config.validate()
    }
  }
}

/// The AVX kernel must be the Swift kernel's bits exactly, or a model would depend on the CPU.
@Suite struct SGDKernelTests {
  @Test(arguments: [1, 3, 12, 13], [true, false])
  func avxMatchesPortable(factors: Int, biased: Bool) throws {
    #if arch(x86_64)
      // Every x86-64 CPU this package is built for has AVX except very old ones; the
      // selection must say so when /proc/cpuinfo does.
      if let flags = CPUFlags.current { #expect((SGDKernel.best == .avx) == flags.contains("avx")) }
    #endif
    let data = PlantedData(users: 30, items: 25, observed: 0.7, noise: 0.3)
    let entries = (0..<data.trainRatings.count).map {
      SGDEntry(user: data.trainUsers[$0], item: data.trainItems[$0], rating: data.trainRatings[$0])
    }
    let chunks = DotKernel.chunks(factors)
    var results: [[UInt32]] = []
    var sums: [Double] = []
    for kernel in [SGDKernel.portable, SGDKernel.best] {
      let state = SGDState(userCount: 30, itemCount: 25, factors: factors, chunks: chunks, kernel: kernel)
      defer { state.deallocate() }
      var rng = SeededGenerator(seed: 3)
      state.initializeFactors(mean: 0, std: 0.3, rng: &rng)
      var sse = 0.0
      for epoch in 0..<3 {
        let rates = SGDRates(lrBias: 0.01, regBias: 0.02, lrFactors: 0.03 / Float(epoch + 1), regFactors: 0.05)
        sse += entries.withUnsafeBufferPointer { state.runEpoch($0, mean: 3.5, biased: biased, rates: rates) }
      }
      let floats =
        state.exportFactors(user: true) + state.exportFactors(user: false) + state.exportBiases(user: true)
        + state.exportBiases(user: false)
      results.append(floats.map(\.bitPattern))
      // The per-epoch test errors run the kernel's dot product too (test pairs include
      // unknown users and items, -1).
      let test = MFTestSet(
        users: data.testUsers + [-1, 0], items: data.testItems + [0, -1], ratings: data.testRatings + [4, 2])
      var squared = [Double](repeating: 0, count: test.count)
      squared.withUnsafeMutableBufferPointer {
        state.squaredErrors(test, 0..<test.count, globalMean: 3.5, biased: biased, range: 1...5, into: $0)
      }
      sums.append(squared.reduce(sse, +))
    }
    #expect(results[0] == results[1])
    #expect(sums[0].bitPattern == sums[1].bitPattern)
  }
}
