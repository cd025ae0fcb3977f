import RecsysCore
import Testing

@testable import Scoring

/// Every scoring kernel this CPU runs gives the portable Swift code's bits, on awkward
/// shapes (factor counts 1...130, item counts off the 8- and 64-wide blocks and across
/// the tiles) and awkward values (NaN, infinities, signed zeros, ties, excluded items).
@Suite struct ScoringKernelTests {
  /// The kernels compared with `.portable` (empty on a CPU without AVX2).
  static let fast = ScoringKernel.available.filter { $0 != .portable }

  /// A value for kernel inputs: mostly uniform in [-1, 1), sometimes a special one.
  static func value(_ rng: inout SeededGenerator, specials: Bool) -> Float {
    if specials {
      switch rng.nextInt(below: 40) {
      case 0: return .nan
      case 1: return .infinity
      case 2: return -.infinity
      case 3: return -0.0
      case 4: return 0
      default: break
      }
    }
    return Float(rng.nextDouble() * 2 - 1)
  }

  static func values(_ count: Int, _ rng: inout SeededGenerator, specials: Bool) -> [Float] {
    (0..<count).map { _ in value(&rng, specials: specials) }
  }

  /// Three profiles: a known user, one folded in (explicit or implicit), and one with
  /// duplicate and out-of-catalog items.
  static func profiles(itemCount: Int, _ rng: inout SeededGenerator) -> [UserProfile] {
    let rated = (0..<Swift.min(itemCount, 6)).map { _ in Int32(rng.nextInt(below: itemCount)) }
    let stars = rated.map { _ in Float(1 + rng.nextInt(below: 5)) }
    return [
      UserProfile(user: 1, items: rated, ratings: stars),
      UserProfile(user: nil, items: rated, ratings: stars),
      UserProfile(user: nil, items: rated + rated + [-1, Int32(itemCount)], ratings: stars + stars + [5, 5]),
    ]
  }

  /// Bit-equal, except that any NaN equals any NaN: which NaN an add of two NaNs (or
  /// `inf - inf`) returns depends on the operand order the compiler picks, which IEEE
  /// leaves open and LLVM treats as commutative (debug and release Swift differ there).
  static func expectSameBits(_ a: [Float], _ b: [Float], _ what: String) {
    #expect(a.count == b.count, "\(what): lengths")
    let differing = zip(a, b).enumerated().filter {
      let (x, y) = $0.element
      return x.isNaN != y.isNaN || (!x.isNaN && x.bitPattern != y.bitPattern)
    }
    #expect(differing.isEmpty, "\(what): first differing \(differing.prefix(3).map { ($0.offset, $0.element.0, $0.element.1) })")
  }

  /// Runs `fill` (an output of `count` floats, a kernel) on the portable kernel and on
  /// every faster one this CPU has, and expects the same bits from each.
  static func expectKernelsMatchPortable(
    count: Int, _ what: String, _ fill: (UnsafeMutableBufferPointer<Float>, ScoringKernel) -> Void
  ) {
    var expected = [Float](repeating: 0, count: count)
    expected.withUnsafeMutableBufferPointer { fill($0, .portable) }
    for kernel in fast {
      var actual = [Float](repeating: 1, count: count)
      actual.withUnsafeMutableBufferPointer { fill($0, kernel) }
      expectSameBits(actual, expected, "\(kernel) \(what)")
    }
  }

  @Test func factorFillMatchesPortable() throws {
    var rng = SeededGenerator(seed: 2024)
    // Every k in 1...130 once, with item counts that leave partial blocks of 8 (and one
    // past the 512-item tile), biased (SVD) and unbiased (ALS), with and without specials.
    for k in 1...130 {
      let itemCount = k < 20 && k % 5 == 4 ? 530 : [1, 7, 13, 29][k % 4]
      let biased = k % 2 == 0
      let specials = k % 3 == 0
      let userCount = 3
      let scorer = try FactorScorer(
        userCount: userCount, itemCount: itemCount, factorCount: k, globalMean: 3.5,
        userBiases: biased ? SharedBuffer(Self.values(userCount, &rng, specials: specials)) : nil,
        itemBiases: biased ? SharedBuffer(Self.values(itemCount, &rng, specials: specials)) : nil,
        userFactors: SharedBuffer(Self.values(userCount * k, &rng, specials: specials)),
        itemFactors: SharedBuffer(Self.values(itemCount * k, &rng, specials: specials)),
        foldIn: biased ? .explicit(reg: 0.1) : .implicit(reg: 0.1, alpha: 2))
      let users = Self.profiles(itemCount: itemCount, &rng)
      Self.expectKernelsMatchPortable(count: users.count * itemCount, "k=\(k) items=\(itemCount)") {
        scorer.fill(users, into: $0, kernel: $1)
      }
    }
  }

  @Test(arguments: [1, 5, 8, 63, 64, 65, 71, 130, 150])
  func itemWeightFillMatchesPortable(itemCount: Int) throws {
    var rng = SeededGenerator(seed: UInt64(itemCount))
    let weights = Self.values(itemCount * itemCount, &rng, specials: itemCount % 2 == 1)
    let scorer = try ItemWeightScorer(itemCount: itemCount, weights: SharedBuffer(weights))
    // Rated counts 0 to all items, so the four-row groups leave every remainder.
    var users = (0..<6).map { r in
      let count = [0, 1, 2, 3, 5, itemCount][r]
      let items = (0..<count).map { _ in Int32(rng.nextInt(below: itemCount)) }
      return UserProfile(user: nil, items: items, ratings: items.map { _ in 4 })
    }
    users += Self.profiles(itemCount: itemCount, &rng)
    Self.expectKernelsMatchPortable(count: users.count * itemCount, "items=\(itemCount)") {
      scorer.fill(users, into: $0, kernel: $1)
    }
  }

  /// The straightforward top-N: every candidate sorted (NaN as -infinity, ties to the
  /// lower item), the first `n` kept.
  static func referenceTop(_ scores: [Float], n: Int, excluded: ExclusionMask) -> [(Int32, Float)] {
    let candidates = scores.indices.filter { !excluded.contains($0) }.map {
      (Int32($0), scores[$0].isNaN ? -Float.infinity : scores[$0])
    }
    let sorted = candidates.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    return Array(sorted.prefix(Swift.max(0, n)))
  }

  @Test(arguments: [0, 1, 7, 8, 9, 17, 33, 100, 257])
  func topNMatchesReferenceOnEveryKernel(count: Int) {
    var rng = SeededGenerator(seed: 77 &+ UInt64(count))
    for trial in 0..<12 {
      // Ties: scores drawn from a few values; specials; excluded items scoring highest.
      var scores = (0..<count).map { _ in Float(rng.nextInt(below: 6)) / 2 }
      for i in scores.indices where rng.nextInt(below: 10) == 0 {
        scores[i] = [Float.nan, .infinity, -.infinity, -0.0][rng.nextInt(below: 4)]
      }
      var excludedItems: [Int32] = []
      for i in scores.indices where rng.nextInt(below: 4) == 0 {
        excludedItems.append(Int32(i))
        if trial % 2 == 0 { scores[i] = 10 }
      }
      var excluded = ExclusionMask(itemCount: count)
      excluded.set(excludedItems)
      for n in [0, 1, 3, 10, count, count + 5] {
        let expected = Self.referenceTop(scores, n: n, excluded: excluded)
        for kernel in ScoringKernel.available {
          var heap = TopKHeap(capacity: 1)
          let actual = scores.withUnsafeBufferPointer {
            TopN.best($0, n: n, excluded: excluded, heap: &heap, kernel: kernel)
          }
          #expect(actual.map(\.item) == expected.map(\.0), "\(kernel) count=\(count) n=\(n) trial=\(trial)")
          #expect(
            actual.map(\.score.bitPattern) == expected.map(\.1.bitPattern),
            "\(kernel) count=\(count) n=\(n) trial=\(trial)")
        }
      }
    }
  }
}
