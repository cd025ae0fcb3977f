import RecsysCore
extension MFModel {
  /// Writes `predict(user:item:)` for every item into `scores` (resized to `itemCount`).
  ///
  /// Bit-identical to calling `predict` per item, but walks the item matrix once with the
  /// user's row held in place, so ranking all items for one user costs one pass over
  /// contiguous memory. Scores are unclipped; an unknown user gets `μ + b_i` (biased) or
  /// the global mean (unbiased).
  ///
  /// - Complexity: O(itemCount x factors).
  public func scores(forUser user: Int, into scores: inout [Double]) {
    let count = itemCount
    if scores.count != count {
      scores = [Double](repeating: 0, count: count)
    }
    let knownUser = knows(user: user)
    let factors = self.factors
    let biased = self.biased
    let mean = globalMean
    let userTerm = biased && knownUser ? Double(userBias[user]) : 0
    scores.withUnsafeMutableBufferPointer { out in
      itemBias.withUnsafeBufferPointer { itemBias in
        if !biased && !knownUser {
          for j in 0..<count { out[j] = mean }
          return
        }
        if !knownUser || factors == 0 {
          for j in 0..<count {
            var estimate = biased ? mean : 0
            if biased {
              if knownUser { estimate += userTerm }
              estimate += Double(itemBias[j])
            }
            out[j] = estimate
          }
          return
        }
        userFactors.withUnsafeBufferPointer { userRows in
          itemFactors.withUnsafeBufferPointer { itemRows in
            let row = userRows.baseAddress! + user * factors
            var itemRow = itemRows.baseAddress!
            for j in 0..<count {
              var estimate = biased ? mean : 0
              if biased {
                estimate += userTerm
                estimate += Double(itemBias[j])
              }
              estimate += Double(FloatKernel.dot(row, itemRow, count: factors))
              out[j] = estimate
              itemRow += factors
            }
          }
        }
      }
    }
  }

  /// Allocating form of `scores(forUser:into:)`.
  public func scores(forUser user: Int) -> [Double] {
    var result: [Double] = []
    scores(forUser: user, into: &result)
    return result
  }
}
