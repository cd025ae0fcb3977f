import Factorization
import RecsysCore

/// A small planted low-rank rating matrix: `r = 3.5 + b_u + b_i + p_u·q_i (+ noise)`, with
/// a seeded random subset of cells observed and split into train and test.
struct PlantedData {
  var userCount: Int
  var itemCount: Int
  var trainUsers: [Int32] = []
  var trainItems: [Int32] = []
  var trainRatings: [Float] = []
  var testUsers: [Int32] = []
  var testItems: [Int32] = []
  var testRatings: [Float] = []

  init(
    users: Int = 80, items: Int = 60, rank: Int = 3, observed: Double = 0.5,
    noise: Double = 0.0, seed: UInt64 = 11
  ) {
    userCount = users
    itemCount = items
    var rng = SeededGenerator(seed: seed)
    let p = (0..<users * rank).map { _ in rng.nextGaussian(mean: 0, std: 0.7) }
    let q = (0..<items * rank).map { _ in rng.nextGaussian(mean: 0, std: 0.7) }
    let bu = (0..<users).map { _ in rng.nextGaussian(mean: 0, std: 0.3) }
    let bi = (0..<items).map { _ in rng.nextGaussian(mean: 0, std: 0.3) }
    for u in 0..<users {
      for i in 0..<items where rng.nextDouble() < observed {
        var r = 3.5 + bu[u] + bi[i] + rng.nextGaussian(mean: 0, std: noise)
        for f in 0..<rank { r += p[u * rank + f] * q[i * rank + f] }
        if rng.nextDouble() < 0.2 {
          testUsers.append(Int32(u))
          testItems.append(Int32(i))
          testRatings.append(Float(r))
        } else {
          trainUsers.append(Int32(u))
          trainItems.append(Int32(i))
          trainRatings.append(Float(r))
        }
      }
    }
  }

  var testSet: MFTestSet {
    MFTestSet(users: testUsers, items: testItems, ratings: testRatings)
  }
}
