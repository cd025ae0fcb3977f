/// The damped bias baseline `mu + b_u + b_i` (Koren 2010, "Factor in the neighbors",
/// eq. 2): item biases are shrunk averages of `r - mu` with damping `itemDamping`,
/// then user biases of `r - mu - b_i` with `userDamping`. It is the yardstick MF must
/// beat on RMSE; Surprise's `BaselineOnly` fits the same model by ALS.
public struct BiasBaseline: Sendable, Equatable {
  public let globalMean: Double
  public let userBias: [Double]
  public let itemBias: [Double]

  /// Fits the baseline in one pass over items and one over users, summing in
  /// input order.
  public init(
    users: [Int32], items: [Int32], ratings: [Float], userCount: Int, itemCount: Int,
    userDamping: Double = 10, itemDamping: Double = 25
  ) {
    let n = ratings.count
    var sum = 0.0
    for r in ratings { sum += Double(r) }
    let mu = n > 0 ? sum / Double(n) : 0
    var itemSum = [Double](repeating: 0, count: itemCount)
    var itemCountSeen = [Double](repeating: 0, count: itemCount)
    for k in 0..<n {
      itemSum[Int(items[k])] += Double(ratings[k]) - mu
      itemCountSeen[Int(items[k])] += 1
    }
    let bi = (0..<itemCount).map { itemSum[$0] / (itemDamping + itemCountSeen[$0]) }
    var userSum = [Double](repeating: 0, count: userCount)
    var userCountSeen = [Double](repeating: 0, count: userCount)
    for k in 0..<n {
      userSum[Int(users[k])] += Double(ratings[k]) - mu - bi[Int(items[k])]
      userCountSeen[Int(users[k])] += 1
    }
    globalMean = mu
    itemBias = bi
    userBias = (0..<userCount).map { userSum[$0] / (userDamping + userCountSeen[$0]) }
  }

  /// The prediction; an index outside the fitted range (a new user or item) adds nothing.
  public func predict(user: Int, item: Int) -> Double {
    var p = globalMean
    if user >= 0 && user < userBias.count { p += userBias[user] }
    if item >= 0 && item < itemBias.count { p += itemBias[item] }
    return p
  }
}
