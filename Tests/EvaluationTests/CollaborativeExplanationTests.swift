import RecsysCore
import Scoring
import Testing

/// `CollaborativeModel.affinity` and `explain`: the "fans of ..." reason for a movie that
/// content similarity cannot explain, worked out by hand for each kind of model.
@Suite struct CollaborativeExplanationTests {
  /// EASE's weights: B[source, item] is what rating `source` adds to `item`.
  @Test func itemWeightsUseTheWeightFromTheLikedRow() throws {
    // 3 items, row-major: row 0 = [0, 0.2, -0.5], row 1 = [0.7, 0, 0.2], row 2 = [0.1, 0.3, 0].
    let weights: [Float] = [0, 0.2, -0.5, 0.7, 0, 0.2, 0.1, 0.3, 0]
    let model = CollaborativeModel(
      name: "ease", kind: .itemWeights(try ItemWeightScorer(itemCount: 3, weights: SharedBuffer(weights))))
    #expect(model.affinity(of: 2, to: 0) == -0.5)
    #expect(model.affinity(of: 0, to: 1) == 0.7)
    #expect(model.affinity(of: 9, to: 0) == 0, "out of range")
    // Item 2 from liked {0, 1}: -0.5 (not a reason) and 0.2.
    #expect(model.explain(item: 2, liked: [0, 1])! == (source: 1, affinity: 0.2))
    // Only negative or zero links: no reason.
    #expect(model.explain(item: 2, liked: [0]) == nil)
    // Ties go to the lower index: item 1 from {0, 2} is 0.2 vs 0.3; from {0} alone, 0.2.
    #expect(model.explain(item: 1, liked: [2, 0])! == (source: 2, affinity: 0.3))
    let tied = CollaborativeModel(
      name: "ease",
      kind: .itemWeights(try ItemWeightScorer(itemCount: 3, weights: SharedBuffer([0, 0, 0.4, 0, 0, 0.4, 0, 0, 0]))))
    #expect(tied.explain(item: 2, liked: [1, 0])! == (source: 0, affinity: 0.4))
    // A movie is never its own reason.
    #expect(model.explain(item: 0, liked: [0]) == nil)
  }

  /// item-kNN: the liked movie's neighbour weight for the item, 0 when it is no neighbour.
  @Test func sparseWeightsUseTheNeighbourWeight() throws {
    // Row 0: {1: 0.5, 2: 0.25}; row 1: {0: 0.5}; row 2: {}.
    let scorer = try SparseItemWeightScorer(
      itemCount: 3, offsets: SharedBuffer([0, 2, 3, 3]), neighbours: SharedBuffer([1, 2, 0]),
      weights: SharedBuffer([0.5, 0.25, 0.5]))
    let model = CollaborativeModel(name: "knn", kind: .sparseItemWeights(scorer))
    #expect(model.affinity(of: 2, to: 0) == 0.25)
    #expect(model.affinity(of: 2, to: 1) == 0)
    #expect(model.explain(item: 2, liked: [1, 0])! == (source: 0, affinity: 0.25))
    #expect(model.explain(item: 2, liked: [1]) == nil)
  }

  /// The one-pass list form gives, item by item, the best positive `affinity` (ties to
  /// the lower index) found pair by pair, bit for bit, for every kind of model.
  @Test func oneListPassEqualsPairByPair() throws {
    var rng = SeededGenerator(seed: 11)
    func float() -> Float { Float(rng.nextInt(below: 2001)) / 1000 - 1 }
    let n = 30
    let k = 5
    var offsets: [Int32] = [0]
    var neighbours: [Int32] = []
    for _ in 0..<n {
      var row = Set<Int32>()
      while row.count < 6 { row.insert(Int32(rng.nextInt(below: n))) }
      neighbours += row.sorted()
      offsets.append(Int32(neighbours.count))
    }
    // Coarse values make ties happen.
    let coarse = (0..<neighbours.count).map { _ in Float(rng.nextInt(below: 5)) / 4 }
    let models = [
      CollaborativeModel(
        name: "ease",
        kind: .itemWeights(
          try ItemWeightScorer(itemCount: n, weights: SharedBuffer((0..<(n * n)).map { _ in Float(rng.nextInt(below: 9)) / 4 - 1 })))),
      CollaborativeModel(
        name: "knn",
        kind: .sparseItemWeights(
          try SparseItemWeightScorer(
            itemCount: n, offsets: SharedBuffer(offsets), neighbours: SharedBuffer(neighbours),
            weights: SharedBuffer(coarse)))),
      CollaborativeModel(
        name: "als",
        kind: .factors(
          try FactorScorer(
            userCount: 1, itemCount: n, factorCount: k, globalMean: 0, userBiases: nil, itemBiases: nil,
            userFactors: SharedBuffer([Float](repeating: 1, count: k)),
            itemFactors: SharedBuffer((0..<(n * k)).map { _ in float() }), foldIn: .implicit(reg: 0.1, alpha: 1)))),
    ]
    for model in models {
      for _ in 0..<40 {
        let liked = (0..<rng.nextInt(below: 15)).map { _ in Int32(rng.nextInt(below: n)) }
        let items = (0..<10).map { _ in Int(rng.nextInt(below: n)) }
        let batch = model.explain(items: items, liked: liked)
        for (r, item) in items.enumerated() {
          var expected: (source: Int, affinity: Float)? = nil
          for j in liked.map(Int.init).sorted() where j != item {
            let s = model.affinity(of: item, to: j)
            if s > 0, s > (expected?.affinity ?? 0) { expected = (j, s) }
          }
          #expect(batch[r]?.source == expected?.source, "\(model.name) item \(item)")
          #expect(batch[r]?.affinity.bitPattern == expected?.affinity.bitPattern, "\(model.name) item \(item)")
        }
      }
    }
  }

  /// ALS and SVD: the cosine of the item factors.
  @Test func factorsUseTheCosineOfItemFactors() throws {
    // Item factors (k = 2): [3, 4], [4, 3], [0, 0], [-3, -4].
    let scorer = try FactorScorer(
      userCount: 1, itemCount: 4, factorCount: 2, globalMean: 0, userBiases: nil, itemBiases: nil,
      userFactors: SharedBuffer([1, 1]), itemFactors: SharedBuffer([3, 4, 4, 3, 0, 0, -3, -4]),
      foldIn: .implicit(reg: 0.1, alpha: 1))
    let model = CollaborativeModel(name: "als", kind: .factors(scorer))
    // (12 + 12) / (5 * 5)
    #expect(model.affinity(of: 1, to: 0) == Float(24) / Float(25))
    #expect(model.affinity(of: 2, to: 0) == 0, "a zero vector has no direction")
    #expect(model.affinity(of: 3, to: 0) == -1)
    #expect(model.explain(item: 0, liked: [3, 2, 1])! == (source: 1, affinity: Float(24) / Float(25)))
    #expect(model.explain(item: 0, liked: [3, 2]) == nil)
  }
}
