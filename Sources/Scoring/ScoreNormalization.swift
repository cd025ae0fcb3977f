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

  /// `apply(to: a, ...)` then `apply(to: b, ...)`, with the same bits, but z-score's two
  /// halves summed in one loop: each sum is a chain of dependent `Double` adds in item
  /// order (which fixes its bits), so two chains side by side cost about what one did.
  public func apply(
    to a: UnsafeMutableBufferPointer<Float>, and b: UnsafeMutableBufferPointer<Float>,
    excluded: ExclusionMask
  ) {
    guard self == .zscore, a.count == b.count, a.count <= excluded.itemCount,
      let pa = a.baseAddress, let pb = b.baseAddress
    else {
      apply(to: a, excluded: excluded)
      apply(to: b, excluded: excluded)
      return
    }
    let count = a.count
    excluded.withMarks { marks, generation in
      var sumA = 0.0
      var sumB = 0.0
      var finiteA = 0
      var finiteB = 0
      for i in 0..<count {
        let candidate = marks[i] != generation
        let va = pa[i]
        if va.isNaN {
          pa[i] = -.infinity
        } else if va.isFinite && candidate {
          sumA += Double(va)
          finiteA += 1
        }
        let vb = pb[i]
        if vb.isNaN {
          pb[i] = -.infinity
        } else if vb.isFinite && candidate {
          sumB += Double(vb)
          finiteB += 1
        }
      }
      let meanA = finiteA > 0 ? sumA / Double(finiteA) : 0
      let meanB = finiteB > 0 ? sumB / Double(finiteB) : 0
      var squaresA = 0.0
      var squaresB = 0.0
      for i in 0..<count where marks[i] != generation {
        let va = pa[i]
        if va.isFinite {
          let d = Double(va) - meanA
          squaresA += d * d
        }
        let vb = pb[i]
        if vb.isFinite {
          let d = Double(vb) - meanB
          squaresB += d * d
        }
      }
      let stdA = finiteA > 0 ? (squaresA / Double(finiteA)).squareRoot() : 0
      let stdB = finiteB > 0 ? (squaresB / Double(finiteB)).squareRoot() : 0
      // A half with no spread (or no finite candidate) becomes all 0, as in `apply`.
      let scaleA = stdA > 0 && stdA.isFinite
      let scaleB = stdB > 0 && stdB.isFinite
      let meanA32 = Float(meanA)
      let meanB32 = Float(meanB)
      let inverseA = scaleA ? Float(1 / stdA) : 0
      let inverseB = scaleB ? Float(1 / stdB) : 0
      for i in 0..<count {
        let candidate = marks[i] != generation
        let va = pa[i]
        pa[i] = scaleA && candidate && va.isFinite ? (va - meanA32) * inverseA : 0
        let vb = pb[i]
        pb[i] = scaleB && candidate && vb.isFinite ? (vb - meanB32) * inverseB : 0
      }
    }
  }
}
