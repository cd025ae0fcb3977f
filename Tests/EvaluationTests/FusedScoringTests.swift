import RecsysCore
import Scoring
import Testing

/// The fused normalization and the one-pass explanations give the bits the separate
/// passes gave (these are what `recommend serve` answers with, so a changed bit is a
/// changed response).
@Suite struct FusedScoringTests {
  /// The normalization as four separate passes (before they were fused), as the reference.
  static func reference(
    _ mode: ScoreNormalization, _ input: [Float], excluded: ExclusionMask
  ) -> [Float] {
    var scores = input
    let n = scores.count
    for i in 0..<n where scores[i].isNaN { scores[i] = -.infinity }
    switch mode {
    case .none:
      for i in 0..<n where excluded.contains(i) { scores[i] = 0 }
    case .minmax:
      var low = Float.infinity
      var high = -Float.infinity
      for i in 0..<n where !excluded.contains(i) && scores[i].isFinite {
        low = min(low, scores[i])
        high = max(high, scores[i])
      }
      let span = high - low
      guard span > 0, span.isFinite else { return [Float](repeating: 0, count: n) }
      for i in 0..<n {
        scores[i] = excluded.contains(i) ? 0 : scores[i].isFinite ? (scores[i] - low) / span : 0
      }
    case .zscore:
      var sum = 0.0
      var count = 0
      for i in 0..<n where !excluded.contains(i) && scores[i].isFinite {
        sum += Double(scores[i])
        count += 1
      }
      guard count > 0 else { return [Float](repeating: 0, count: n) }
      let mean = sum / Double(count)
      var squares = 0.0
      for i in 0..<n where !excluded.contains(i) && scores[i].isFinite {
        let d = Double(scores[i]) - mean
        squares += d * d
      }
      let std = (squares / Double(count)).squareRoot()
      guard std > 0, std.isFinite else { return [Float](repeating: 0, count: n) }
      let m = Float(mean)
      let inverse = Float(1 / std)
      for i in 0..<n {
        scores[i] = excluded.contains(i) || !scores[i].isFinite ? 0 : (scores[i] - m) * inverse
      }
    }
    return scores
  }

  @Test(arguments: ScoreNormalization.allCases)
  func fusedNormalizationHasTheSeparatePassesBits(mode: ScoreNormalization) {
    var rng = SeededGenerator(seed: 7)
    for trial in 0..<200 {
      let n = 1 + rng.nextInt(below: 300)
      var scores = (0..<n).map { _ in Float(rng.nextInt(below: 2001) - 1000) / 37 }
      // Specials: NaN, both infinities, a constant run, and for some trials one value.
      for _ in 0..<rng.nextInt(below: 4) { scores[rng.nextInt(below: n)] = .nan }
      if trial % 3 == 0 { scores[rng.nextInt(below: n)] = .infinity }
      if trial % 5 == 0 { scores[rng.nextInt(below: n)] = -.infinity }
      if trial % 17 == 0 { scores = [Float](repeating: 2.5, count: n) }
      var mask = ExclusionMask(itemCount: n)
      // Several generations, so stale marks from an earlier user must not count.
      for _ in 0..<(1 + trial % 3) {
        mask.set((0..<rng.nextInt(below: n + 1)).map { _ in Int32(rng.nextInt(below: n)) })
      }
      let expected = Self.reference(mode, scores, excluded: mask)
      var fused = scores
      fused.withUnsafeMutableBufferPointer { mode.apply(to: $0, excluded: mask) }
      #expect(fused.map(\.bitPattern) == expected.map(\.bitPattern), "trial \(trial), n \(n)")
      // The two halves in one call: each as if alone (the other half differs in its
      // specials, so one may collapse to 0 while the other does not).
      var other = scores.reversed().map { $0 * 3 - 1 }
      if trial % 7 == 0 { other = [Float](repeating: .nan, count: n) }
      let expectedOther = Self.reference(mode, other, excluded: mask)
      var pair = scores
      pair.withUnsafeMutableBufferPointer { a in
        other.withUnsafeMutableBufferPointer { b in mode.apply(to: a, and: b, excluded: mask) }
      }
      #expect(pair.map(\.bitPattern) == expected.map(\.bitPattern), "pair a, trial \(trial)")
      #expect(other.map(\.bitPattern) == expectedOther.map(\.bitPattern), "pair b, trial \(trial)")
    }
  }

  @Test func oneExplainPassEqualsOnePerItem() throws {
    var rng = SeededGenerator(seed: 3)
    let items = 40
    for trial in 0..<50 {
      // Coarse similarities so that ties (broken by the lower source) are common; a
      // NaN now and then, and repeated columns in a row.
      var offsets: [Int32] = [0]
      var indices: [Int32] = []
      var similarities: [Float] = []
      for _ in 0..<items {
        for _ in 0..<rng.nextInt(below: 8) {
          indices.append(Int32(rng.nextInt(below: items)))
          similarities.append(rng.nextInt(below: 40) == 0 ? .nan : Float(rng.nextInt(below: 4)) / 4)
        }
        offsets.append(Int32(indices.count))
      }
      let index = try ContentIndex(
        itemCount: items, offsets: SharedBuffer(offsets), indices: SharedBuffer(indices),
        similarities: SharedBuffer(similarities))
      var slots = ExplainSlots(itemCount: items)
      for _ in 0..<5 {
        let liked = (0..<rng.nextInt(below: 12)).map { _ in Int32(rng.nextInt(below: items + 2) - 1) }
        // Items as a list might hold them: any order, a repeat now and then.
        let asked = (0..<rng.nextInt(below: 12)).map { _ in rng.nextInt(below: items) }
        let batch = index.explain(items: asked, liked: liked, slots: &slots)
        #expect(batch.count == asked.count)
        for (item, answer) in zip(asked, batch) {
          let single = index.explain(item: item, liked: liked)
          #expect(answer?.source == single?.source, "trial \(trial), item \(item)")
          #expect(
            answer?.similarity.bitPattern == single?.similarity.bitPattern,
            "trial \(trial), item \(item)")
        }
      }
    }
  }
}
