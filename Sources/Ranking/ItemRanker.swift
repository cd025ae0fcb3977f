// Ranking: top-N recommenders trained on implicit feedback.
//
// The models, all over dense 0-based user and item indices (the caller maps raw ids):
//
//   let train = try InteractionMatrix(rows: users, columns: items, values: nil,
//                                     rowCount: userCount, columnCount: itemCount)
//   let ease = try EASEModel.train(train, config: EASEConfig(lambda: 500))
//   let als = try ALSModel.train(train, config: ALSConfig(factors: 32))
//   let knn = try ItemKNNModel.train(train, config: ItemKNNConfig(neighbours: 50))
//   var scores: [Float] = []
//   ease.scores(forItems: userTrainItems, into: &scores)   // one score per item
//
// Every model is an `ItemRanker`: given the items a user interacted with (ascending,
// distinct), it writes one score per catalog item; higher is better. The scores of the
// given items themselves are not cleared: the caller removes training items from the
// candidates. The same call serves a user unknown to training (fold-in): EASE and
// item-kNN are sums of item rows, ALS solves one least-squares problem. For users seen
// in training, `ALSModel.scores(forUser:into:)` uses the trained vector instead.
//
// Each model is rebuilt from flat arrays (what the bundle stores):
//   EASEModel(itemCount:weights:)                       weights: itemCount x itemCount
//   ALSModel(factors:userFactors:itemFactors:regularization:alpha:)
//   ItemKNNModel(itemCount:offsets:neighbours:weights:) CSR of each item's neighbours
//
// Training is deterministic and parallel: work is cut into fixed chunks and every sum
// has one fixed order, so the bits are the same on one core or many (`parallel: false`
// gives the same model as `true`).

/// A model that scores every catalog item for a user described by their items.
public protocol ItemRanker: Sendable {
  /// Number of items the scores cover (the catalog, dense indices `0..<itemCount`).
  var itemCount: Int { get }

  /// Writes a score for every item into `scores` (resized to `itemCount`), for a user
  /// whose training items are `items`.
  ///
  /// - Parameter items: dense item indices, ascending and distinct (the order of the sum
  ///   follows it, so this order is what makes the bits canonical).
  /// - Precondition: every index is in `0..<itemCount`.
  func scores(forItems items: [Int32], into scores: inout [Float])
}
