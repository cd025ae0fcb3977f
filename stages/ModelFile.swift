import Factorization
import RecsysCore

/// The trained model as `train` writes it and `evaluate`/`package` read it: the MF
/// arrays plus the raw ids of its users and items (first-appearance order of train.csv).
enum ModelFile {
  static func archive(_ model: MFModel, userIds: [Int32], itemIds: [Int32]) -> ArrayArchive {
    var a = ArrayArchive()
    a.append("factors", .int64([Int64(model.factors), model.biased ? 1 : 0]))
    a.append("global_mean", .double([model.globalMean]))
    a.append("user_ids", .int32(userIds))
    a.append("item_ids", .int32(itemIds))
    a.append("user_bias", .float(model.userBias))
    a.append("item_bias", .float(model.itemBias))
    a.append("user_factors", .float(model.userFactors))
    a.append("item_factors", .float(model.itemFactors))
    return a
  }

  /// The model with its items re-indexed to `movieIds` (the movies.csv order every
  /// later stage uses). A movie that was not in train gets zero bias and factors, so
  /// its prediction is the global mean plus the user's bias, as Surprise predicts an
  /// unknown item.
  struct Loaded {
    var model: MFModel
    var userIds: [Int32]
  }

  static func load(_ path: String, movieIds: [Int32]) throws -> Loaded {
    let a = try ArrayArchive.read(path: path)
    let shape = try a.int64("factors")
    let model = try MFModel(
      factors: Int(shape[0]), biased: shape[1] == 1, globalMean: try a.double("global_mean")[0],
      userBias: try a.float("user_bias"), itemBias: try a.float("item_bias"), userFactors: try a.float("user_factors"),
      itemFactors: try a.float("item_factors"))
    return try Loaded(model: model, userIds: try a.int32("user_ids"), itemIds: try a.int32("item_ids"), movieIds: movieIds)
  }
}

extension ModelFile.Loaded {
  /// `model`, whose items are `itemIds` (as trained), re-indexed to `movieIds`.
  init(model trained: MFModel, userIds: [Int32], itemIds: [Int32], movieIds: [Int32]) throws {
    let k = trained.factors
    guard itemIds.count == trained.itemBias.count else {
      throw FactorizationError.modelShape(field: "item_ids", expected: trained.itemBias.count, actual: itemIds.count)
    }
    var position: [Int32: Int] = [:]
    for (i, id) in itemIds.enumerated() { position[id] = i }
    var bias = [Float](repeating: 0, count: movieIds.count)
    var factors = [Float](repeating: 0, count: movieIds.count * k)
    for (m, id) in movieIds.enumerated() {
      guard let i = position[id] else { continue }
      bias[m] = trained.itemBias[i]
      for f in 0..<k { factors[m * k + f] = trained.itemFactors[i * k + f] }
    }
    model = try MFModel(
      factors: k, biased: trained.biased, globalMean: trained.globalMean, userBias: trained.userBias, itemBias: bias,
      userFactors: trained.userFactors, itemFactors: factors)
    self.userIds = userIds
  }
}
