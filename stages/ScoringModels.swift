import ContentSimilarity
import Factorization
import RecsysCore
import Scoring

/// Builds the scorers of the `Scoring` module from the files the stages write, so that
/// `evaluate` measures what `package` ships and `recommend` serves.
enum ScoringModels {
  /// The SVD as a collaborative model: raw `mean + b_u + b_i + p.q`, folded in by a
  /// ridge solve with the training regularization.
  static func svd(_ model: MFModel, reg: Double) throws -> CollaborativeModel {
    let scorer = try FactorScorer(
      userCount: model.userBias.count, itemCount: model.itemBias.count, factorCount: model.factors,
      globalMean: model.globalMean, userBiases: model.biased ? SharedBuffer(model.userBias) : nil,
      itemBiases: model.biased ? SharedBuffer(model.itemBias) : nil, userFactors: SharedBuffer(model.userFactors),
      itemFactors: SharedBuffer(model.itemFactors), foldIn: .explicit(reg: reg))
    return CollaborativeModel(name: "svd", kind: .factors(scorer))
  }

  /// The tfidf neighbours as the content half.
  static func content(_ neighbours: Neighbours) throws -> ContentIndex {
    try ContentIndex(
      itemCount: neighbours.rowCount, offsets: SharedBuffer(neighbours.offsets),
      indices: SharedBuffer(neighbours.indices), similarities: SharedBuffer(neighbours.similarities))
  }
}
