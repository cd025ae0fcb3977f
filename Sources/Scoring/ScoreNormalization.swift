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
  ///
  /// (One pass replaces NaN and gathers the sums, one more for z-score's squares, one
  /// writes: the same operations in the same order as four separate passes, so the same
  /// bits, at a fraction of the memory traffic.)
  public func apply(to scores: UnsafeMutableBufferPointer<Float>, excluded: ExclusionMask) {
    let n = Swift.min(scores.count, excluded.itemCount)
    guard let s = scores.baseAddress else { return }
    excluded.withMarks { marks, generation in
      // (A mask shorter than the scores excludes nothing past its end.)
      @inline(__always) func isExcluded(_ i: Int) -> Bool { i < n && marks[i] == generation }
      let count = scores.count
      switch self {
      case .none:
        for i in 0..<count {
          if s[i].isNaN { s[i] = -.infinity }
          if isExcluded(i) { s[i] = 0 }
        }
      case .minmax:
        var low = Float.infinity
        var high = -Float.infinity
        for i in 0..<count {
          let v = s[i]
          if v.isNaN {
            s[i] = -.infinity
          } else if v.isFinite && !isExcluded(i) {
            low = Swift.min(low, v)
            high = Swift.max(high, v)
          }
        }
        let span = high - low
        guard span > 0, span.isFinite else {
          scores.update(repeating: 0)
          return
        }
        for i in 0..<count {
          let v = s[i]
          s[i] = isExcluded(i) ? 0 : (v.isFinite ? (v - low) / span : 0)
        }
      case .zscore:
        var sum = 0.0
        var finite = 0
        for i in 0..<count {
          let v = s[i]
          if v.isNaN {
            s[i] = -.infinity
          } else if v.isFinite && !isExcluded(i) {
            sum += Double(v)
            finite += 1
          }
        }
        guard finite > 0 else {
          scores.update(repeating: 0)
          return
        }
        let mean = sum / Double(finite)
        var squares = 0.0
        for i in 0..<count where s[i].isFinite && !isExcluded(i) {
          let d = Double(s[i]) - mean
          squares += d * d
        }
        let std = (squares / Double(finite)).squareRoot()
        guard std > 0, std.isFinite else {
          scores.update(repeating: 0)
          return
        }
        let mean32 = Float(mean)
        let inverse = Float(1 / std)
        for i in 0..<count {
          let v = s[i]
          s[i] = isExcluded(i) || !v.isFinite ? 0 : (v - mean32) * inverse
        }
      }
    }
  }
}
