import RecsysCore
/// A trained biased matrix factorization model: `r̂(u,i) = μ + b_u + b_i + p_u·q_i`.
///
/// Users and items are dense 0-based indices (the caller's mapping from raw ids, normally
/// first appearance in the train file, like Surprise's inner ids). Factor matrices are
/// row-major with exactly `factors` columns: user `u`'s vector is
/// `userFactors[u * factors ..< (u + 1) * factors]`.
public struct MFModel: Sendable, Equatable {
  /// Number of latent factors per user and per item.
  public let factors: Int
  /// Whether the model has biases and a global mean (`false`: `r̂ = p_u·q_i`).
  public let biased: Bool
  /// Mean of the training ratings. Used in predictions only when `biased`; an unbiased model
  /// falls back to it when the user or item is unknown, as Surprise's default prediction does.
  public let globalMean: Double
  /// `b_u` per user (all zero when not `biased`).
  public let userBias: [Float]
  /// `b_i` per item (all zero when not `biased`).
  public let itemBias: [Float]
  /// `userCount x factors`, row-major.
  public let userFactors: [Float]
  /// `itemCount x factors`, row-major.
  public let itemFactors: [Float]
  /// Range `predictClipped` clips to.
  public let ratingRange: ClosedRange<Double>

  /// Rebuilds a model from its parts (for example, read back from a bundle).
  ///
  /// - Throws: `FactorizationError.modelShape` when an array's size does not match the
  ///   bias counts and `factors`.
  public init(
    factors: Int, biased: Bool, globalMean: Double, userBias: [Float], itemBias: [Float],
    userFactors: [Float], itemFactors: [Float], ratingRange: ClosedRange<Double> = 1...5
  ) throws(FactorizationError) {
    guard factors >= 0 else {
      throw .modelShape(field: "factors", expected: 0, actual: factors)
    }
    let (userRows, userOverflow) = userBias.count.multipliedReportingOverflow(by: factors)
    let (itemRows, itemOverflow) = itemBias.count.multipliedReportingOverflow(by: factors)
    guard !userOverflow, userFactors.count == userRows else {
      throw .modelShape(field: "user_factors", expected: userRows, actual: userFactors.count)
    }
    guard !itemOverflow, itemFactors.count == itemRows else {
      throw .modelShape(field: "item_factors", expected: itemRows, actual: itemFactors.count)
    }
    self.init(
      unchecked: factors, biased: biased, globalMean: globalMean, userBias: userBias,
      itemBias: itemBias, userFactors: userFactors, itemFactors: itemFactors,
      ratingRange: ratingRange)
  }

  init(
    unchecked factors: Int, biased: Bool, globalMean: Double, userBias: [Float],
    itemBias: [Float], userFactors: [Float], itemFactors: [Float],
    ratingRange: ClosedRange<Double>
  ) {
    self.factors = factors
    self.biased = biased
    self.globalMean = globalMean
    self.userBias = userBias
    self.itemBias = itemBias
    self.userFactors = userFactors
    self.itemFactors = itemFactors
    self.ratingRange = ratingRange
  }

  /// Number of users the model knows.
  public var userCount: Int { userBias.count }
  /// Number of items the model knows.
  public var itemCount: Int { itemBias.count }

  /// Whether `user` is a known user index.
  @inline(__always)
  public func knows(user: Int) -> Bool { user >= 0 && user < userBias.count }
  /// Whether `item` is a known item index.
  @inline(__always)
  public func knows(item: Int) -> Bool { item >= 0 && item < itemBias.count }

  /// The unclipped predicted rating, Surprise's `SVD.estimate`.
  ///
  /// An unknown user or item (pass `-1`; any out-of-range index counts as unknown)
  /// contributes neither its bias nor the dot product. For an unbiased model with an
  /// unknown side, Surprise cannot estimate and falls back to the global mean; so does this.
  public func predict(user: Int, item: Int) -> Double {
    let knownUser = knows(user: user)
    let knownItem = knows(item: item)
    if !biased && !(knownUser && knownItem) { return globalMean }
    var estimate = biased ? globalMean : 0
    if biased && knownUser { estimate += Double(userBias[user]) }
    if biased && knownItem { estimate += Double(itemBias[item]) }
    if knownUser && knownItem && factors > 0 {
      let dot = userFactors.withUnsafeBufferPointer { users in
        itemFactors.withUnsafeBufferPointer { items in
          FloatKernel.dot(
            users.baseAddress! + user * factors, items.baseAddress! + item * factors,
            count: factors)
        }
      }
      estimate += Double(dot)
    }
    return estimate
  }

  /// `predict` clipped to `ratingRange`, as Surprise's `predict` does by default.
  public func predictClipped(user: Int, item: Int) -> Double {
    clip(predict(user: user, item: item))
  }

  /// Clips a prediction to `ratingRange`.
  @inline(__always)
  public func clip(_ value: Double) -> Double {
    min(max(value, ratingRange.lowerBound), ratingRange.upperBound)
  }
}
