/// How each half of the hybrid is put on a common scale before weighting, per user and
/// over that user's candidates only (items they have not rated), so that the weight
/// changes orders instead of one half drowning the other.
public enum ScoreNormalization: String, Sendable, CaseIterable {
  /// `(s - min) / (max - min)` over the candidates: both halves span [0, 1]; a constant
  /// half becomes all 0.
  case minmax
  /// `(s - mean) / std` over the candidates; a constant half becomes all 0.
  case zscore
  /// The raw scores, unchanged (the original system's behaviour, for comparison).
  case none

  /// Parses a params value.
  public init(named name: String) throws(ScoringError) {
    guard let value = ScoreNormalization(rawValue: name) else {
      throw .unknownNormalization(name: name)
    }
    self = value
  }

  /// Rescales `scores` in place. Sums run in item order in `Double`; excluded items are
  /// set to 0 (they are never recommended). NaN scores count as the minimum.
  public func apply(to scores: UnsafeMutableBufferPointer<Float>, excluded: ExclusionMask) {
    let n = scores.count
    for i in 0..<n where scores[i].isNaN { scores[i] = -.infinity }
    switch self {
    case .none:
      for i in 0..<n where excluded.contains(i) { scores[i] = 0 }
    case .minmax:
      var low = Float.infinity
      var high = -Float.infinity
      for i in 0..<n where !excluded.contains(i) && scores[i].isFinite {
        low = Swift.min(low, scores[i])
        high = Swift.max(high, scores[i])
      }
      let span = high - low
      guard span > 0, span.isFinite else {
        scores.update(repeating: 0)
        return
      }
      for i in 0..<n {
        if excluded.contains(i) {
          scores[i] = 0
        } else {
          scores[i] = scores[i].isFinite ? (scores[i] - low) / span : 0
        }
      }
    case .zscore:
      var sum = 0.0
      var count = 0
      for i in 0..<n where !excluded.contains(i) && scores[i].isFinite {
        sum += Double(scores[i])
        count += 1
      }
      guard count > 0 else {
        scores.update(repeating: 0)
        return
      }
      let mean = sum / Double(count)
      var squares = 0.0
      for i in 0..<n where !excluded.contains(i) && scores[i].isFinite {
        let d = Double(scores[i]) - mean
        squares += d * d
      }
      let std = (squares / Double(count)).squareRoot()
      guard std > 0, std.isFinite else {
        scores.update(repeating: 0)
        return
      }
      let m = Float(mean)
      let inverse = Float(1 / std)
      for i in 0..<n {
        if excluded.contains(i) || !scores[i].isFinite {
          scores[i] = 0
        } else {
          scores[i] = (scores[i] - m) * inverse
        }
      }
    }
  }
}
