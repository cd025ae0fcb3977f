import RecsysCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Trains biased matrix factorization by stochastic gradient descent, reproducing
/// Surprise's `SVD` update rule on `Float` storage with 8-wide SIMD rows.
///
/// Per rating, in Surprise's order: the error uses the current dot product; `b_u` and
/// `b_i` are updated; then every factor pair is updated simultaneously from the old values
/// (`p ← p + γ(e·q − λp)`, `q ← q + γ(e·p_old − λq)`). Initialization draws `p_u` for all
/// users, then `q_i` for all items, row by row, from `N(initMean, initStd)`; biases start
/// at zero. Training is deterministic: the same inputs and seed give the same model bits.
/// The `.blocked` order runs on `threads` threads and its bits do not depend on how many;
/// the other orders are sequential.
public struct MatrixFactorizer: Sendable {
  /// The hyperparameters used by `train`.
  public var config: MFConfig
  /// Threads the `.blocked` order may use (at least 1); the result is the same for any value.
  public var threads: Int

  /// Creates a trainer with the given hyperparameters.
  ///
  /// - Parameter threads: defaults to the CPU budget (`PIPELINE_CPUS`, else the online cores).
  public init(config: MFConfig = .surprise, threads: Int? = nil) {
    self.config = config
    self.threads = max(1, threads ?? ParallelWork.workers)
  }

  /// The cores the system has online now.
  public static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

  /// Trains a model with `config` (see the instance method).
  public static func train(
    users: consuming [Int32], items: consuming [Int32], ratings: consuming [Float], userCount: Int, itemCount: Int,
    config: MFConfig, threads: Int? = nil, test: consuming MFTestSet? = nil, onEpoch: ((EpochStats) -> Void)? = nil
  ) throws(FactorizationError) -> (model: MFModel, curve: [EpochStats]) {
    try MatrixFactorizer(config: config, threads: threads).train(
      users: consume users, items: consume items, ratings: consume ratings, userCount: userCount, itemCount: itemCount,
      test: consume test, onEpoch: onEpoch)
  }

  /// Fits the model to the ratings `(users[n], items[n], ratings[n])`.
  ///
  /// - Parameters:
  ///   - users: dense user index per rating, in `0..<userCount`.
  ///   - items: dense item index per rating, in `0..<itemCount`.
  ///   - ratings: the rating values.
  ///   - userCount: number of users (rows of the user factor matrix).
  ///   - itemCount: number of items (rows of the item factor matrix).
  ///   - test: optional held-out ratings for a per-epoch test RMSE (clipped predictions).
  ///   - onEpoch: called after every epoch with that epoch's statistics.
  /// - Returns: the model and one `EpochStats` per epoch.
  /// - Throws: `FactorizationError` for inconsistent input, a bad config, or divergence.
  /// - Complexity: O(epochs x ratings x factors) time; O((users + items) x factors) memory
  ///   beyond a 12-byte copy of each rating.
  public func train(
    users: consuming [Int32], items: consuming [Int32], ratings: consuming [Float], userCount: Int, itemCount: Int,
    test: consuming MFTestSet? = nil, onEpoch: ((EpochStats) -> Void)? = nil
  ) throws(FactorizationError) -> (model: MFModel, curve: [EpochStats]) {
    try config.validate()
    guard users.count == items.count, items.count == ratings.count else {
      throw .lengthMismatch(
        what: "training set", users: users.count, items: items.count, ratings: ratings.count)
    }
    if let test, test.users.count != test.items.count || test.items.count != test.ratings.count {
      throw .lengthMismatch(
        what: "test set", users: test.users.count, items: test.items.count,
        ratings: test.ratings.count)
    }
    guard !ratings.isEmpty else { throw .emptyTrainingSet }
    // Indices are Int32, so larger counts could never be addressed.
    let maxCount = Int(Int32.max) + 1
    guard userCount >= 0 && userCount <= maxCount else {
      throw .invalidConfig(
        name: "user_count", value: "\(userCount)", expected: "an integer in 0...\(maxCount)")
    }
    guard itemCount >= 0 && itemCount <= maxCount else {
      throw .invalidConfig(
        name: "item_count", value: "\(itemCount)", expected: "an integer in 0...\(maxCount)")
    }
    for n in 0..<ratings.count {
      let u = Int(users[n])
      let i = Int(items[n])
      if u < 0 || u >= userCount {
        throw .indexOutOfRange(kind: "user", position: n, index: u, count: userCount)
      }
      if i < 0 || i >= itemCount {
        throw .indexOutOfRange(kind: "item", position: n, index: i, count: itemCount)
      }
      if !ratings[n].isFinite { throw .nonFiniteRating(position: n) }
    }

    var sum = 0.0
    for k in ratings.indices { sum += Double(ratings[k]) }
    let globalMean = sum / Double(ratings.count)
    if config.order == .blocked {
      return try trainBlocked(
        users: consume users, items: consume items, ratings: consume ratings, userCount: userCount,
        itemCount: itemCount, globalMean: globalMean, test: consume test, onEpoch: onEpoch)
    }

    var (entries, groupStarts) = Self.orderedEntries(
      users: users, items: items, ratings: ratings, userCount: userCount,
      grouped: config.order != .shuffled && config.order != .blocked)
    var epochEntries: [SGDEntry] = config.order == .shuffledByUser ? entries : []
    var groupOrder = Array(0..<(groupStarts.count - 1))

    let factors = config.factors
    let chunks = DotKernel.chunks(factors)
    let state = SGDState(
      userCount: userCount, itemCount: itemCount, factors: factors, chunks: chunks)
    defer { state.deallocate() }

    var rng = SeededGenerator(seed: config.seed)
    state.initializeFactors(mean: config.initMean, std: config.initStd, rng: &rng)

    var curve: [EpochStats] = []
    curve.reserveCapacity(config.epochs)
    let trainMean = config.biased ? Float(globalMean) : 0
    var scale = 1.0
    for epoch in stride(from: 1, through: config.epochs, by: 1) {
      switch config.order {
      case .surprise: break
      case .shuffled: Self.shuffle(&entries, rng: &rng)
      case .blocked: break  // trainBlocked
      case .shuffledByUser:
        Self.shuffleByGroup(
          &entries, groupStarts: groupStarts, groupOrder: &groupOrder, into: &epochEntries,
          rng: &rng)
      }
      let rates = SGDRates(
        lrBias: Float(config.effectiveLRBias * scale), regBias: Float(config.effectiveRegBias),
        lrFactors: Float(config.effectiveLRFactors * scale),
        regFactors: Float(config.effectiveRegFactors))
      let pass = config.order == .shuffledByUser ? epochEntries : entries
      let sse = pass.withUnsafeBufferPointer { buffer in
        state.runEpoch(buffer, mean: trainMean, biased: config.biased, rates: rates)
      }
      let trainRMSE = (sse / Double(entries.count)).squareRoot()
      guard trainRMSE.isFinite else {
        throw .diverged(epoch: epoch, learningRate: config.effectiveLRFactors * scale)
      }
      let testRMSE = test.map {
        state.rmse(
          $0, globalMean: globalMean, biased: config.biased, range: config.ratingRange)
      }
      let stats = EpochStats(
        epoch: epoch, trainRMSE: trainRMSE, testRMSE: testRMSE,
        learningRate: config.effectiveLRFactors * scale)
      curve.append(stats)
      onEpoch?(stats)
      scale *= config.lrDecay
    }

    let model = MFModel(
      unchecked: factors, biased: config.biased, globalMean: globalMean,
      userBias: state.exportBiases(user: true), itemBias: state.exportBiases(user: false),
      userFactors: state.exportFactors(user: true), itemFactors: state.exportFactors(user: false),
      ratingRange: config.ratingRange)
    return (model, curve)
  }

  /// The `.blocked` order: the same model and update rule on a `BlockGrid`, on all cores.
  private func trainBlocked(
    users: consuming [Int32], items: consuming [Int32], ratings: consuming [Float], userCount: Int, itemCount: Int,
    globalMean: Double, test: consuming MFTestSet?, onEpoch: ((EpochStats) -> Void)?
  ) throws(FactorizationError) -> (model: MFModel, curve: [EpochStats]) {
    let factors = config.factors
    let state = SGDState(
      userCount: userCount, itemCount: itemCount, factors: factors, chunks: DotKernel.chunks(factors))
    defer { state.deallocate() }
    var rng = SeededGenerator(seed: config.seed)
    let side =
      config.blocks
      ?? BlockGrid.blockCount(ratings: ratings.count, users: userCount, items: itemCount, factors: factors)
    let ratingCount = ratings.count
    // The grid holds its own copy of the ratings: the inputs go with it (240 MB at ML-25M's shape).
    var grid = BlockGrid(
      users: consume users, items: consume items, ratings: consume ratings, userCount: userCount,
      itemCount: itemCount, side: side, rng: &rng)
    state.initializeFactors(
      mean: config.initMean, std: config.initStd, rng: &rng, layout: (grid.userIndex, grid.itemIndex))
    // The test set in the grid's numbering; unknown indices stay out of range.
    let blockedTest = (consume test).map { test in
      MFTestSet(
        users: test.users.map { $0 >= 0 && Int($0) < userCount ? grid.userIndex[Int($0)] : -1 },
        items: test.items.map { $0 >= 0 && Int($0) < itemCount ? grid.itemIndex[Int($0)] : -1 },
        ratings: test.ratings)
    }

    var curve: [EpochStats] = []
    curve.reserveCapacity(config.epochs)
    let trainMean = config.biased ? Float(globalMean) : 0
    var scale = 1.0
    for epoch in stride(from: 1, through: config.epochs, by: 1) {
      let schedule = BlockGrid.schedule(side: side, rng: &rng)
      let epochSeed = rng.nextUInt64()
      let rates = SGDRates(
        lrBias: Float(config.effectiveLRBias * scale), regBias: Float(config.effectiveRegBias),
        lrFactors: Float(config.effectiveLRFactors * scale),
        regFactors: Float(config.effectiveRegFactors))
      let sse = state.runBlockedEpoch(
        &grid, schedule: schedule, epochSeed: epochSeed, threads: threads, mean: trainMean,
        biased: config.biased, rates: rates)
      let trainRMSE = (sse / Double(ratingCount)).squareRoot()
      guard trainRMSE.isFinite else {
        throw .diverged(epoch: epoch, learningRate: config.effectiveLRFactors * scale)
      }
      let testRMSE = blockedTest.map {
        state.rmse($0, globalMean: globalMean, biased: config.biased, range: config.ratingRange)
      }
      let stats = EpochStats(
        epoch: epoch, trainRMSE: trainRMSE, testRMSE: testRMSE,
        learningRate: config.effectiveLRFactors * scale)
      curve.append(stats)
      onEpoch?(stats)
      scale *= config.lrDecay
    }

    let model = MFModel(
      unchecked: factors, biased: config.biased, globalMean: globalMean,
      userBias: state.exportBiases(user: true, index: grid.userIndex),
      itemBias: state.exportBiases(user: false, index: grid.itemIndex),
      userFactors: state.exportFactors(user: true, index: grid.userIndex),
      itemFactors: state.exportFactors(user: false, index: grid.itemIndex),
      ratingRange: config.ratingRange)
    return (model, curve)
  }

  /// Copies the ratings into one packed array, grouped the way Surprise iterates when
  /// `grouped` (users by first appearance, each user's ratings in input order).
  ///
  /// - Returns: the entries and the start offset of each user's group plus a final
  ///   end offset (just `[0, n]` when not grouped).
  static func orderedEntries(
    users: [Int32], items: [Int32], ratings: [Float], userCount: Int, grouped: Bool
  ) -> (entries: [SGDEntry], groupStarts: [Int]) {
    let n = ratings.count
    if !grouped {
      let entries = (0..<n).map {
        SGDEntry(user: users[$0], item: items[$0], rating: ratings[$0])
      }
      return (entries, [0, n])
    }
    // A stable counting sort keyed by each user's rank of first appearance.
    var rank = [Int32](repeating: -1, count: userCount)
    var counts: [Int] = []
    for u in users {
      let u = Int(u)
      if rank[u] < 0 {
        rank[u] = Int32(counts.count)
        counts.append(0)
      }
      counts[Int(rank[u])] += 1
    }
    var next = [Int](repeating: 0, count: counts.count)
    var starts = [Int](repeating: 0, count: counts.count + 1)
    var offset = 0
    for r in 0..<counts.count {
      next[r] = offset
      starts[r] = offset
      offset += counts[r]
    }
    starts[counts.count] = offset
    var entries = [SGDEntry](repeating: SGDEntry(user: 0, item: 0, rating: 0), count: n)
    for k in 0..<n {
      let r = Int(rank[Int(users[k])])
      entries[next[r]] = SGDEntry(user: users[k], item: items[k], rating: ratings[k])
      next[r] += 1
    }
    return (entries, starts)
  }

  /// Shuffles the order of the user groups and the ratings inside each group, and writes
  /// the epoch's order into `output` (same count as `entries`).
  static func shuffleByGroup(
    _ entries: inout [SGDEntry], groupStarts: [Int], groupOrder: inout [Int],
    into output: inout [SGDEntry], rng: inout SeededGenerator
  ) {
    var g = groupOrder.count - 1
    while g > 0 {
      groupOrder.swapAt(g, rng.nextInt(below: g + 1))
      g -= 1
    }
    entries.withUnsafeMutableBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        var written = 0
        for group in groupOrder {
          let start = groupStarts[group]
          let end = groupStarts[group + 1]
          var i = end - 1
          while i > start {
            source.swapAt(i, start + rng.nextInt(below: i - start + 1))
            i -= 1
          }
          for k in start..<end {
            target[written] = source[k]
            written += 1
          }
        }
      }
    }
  }

  /// Fisher-Yates with the same draws as `SeededGenerator.shuffle`, on a raw buffer so the
  /// 12-byte entries move without generic dispatch.
  static func shuffle(_ entries: inout [SGDEntry], rng: inout SeededGenerator) {
    entries.withUnsafeMutableBufferPointer { buffer in
      var i = buffer.count - 1
      while i > 0 {
        let j = rng.nextInt(below: i + 1)
        buffer.swapAt(i, j)
        i -= 1
      }
    }
  }
}
