import ContentSimilarity
import RecsysCore

extension Scorer {
  /// Most-rated first: the number of training ratings of each item (any star value).
  public static func popularity(train: UserRatings, itemCount: Int) -> Scorer {
    var counts = [Float](repeating: 0, count: itemCount)
    for item in train.items where item >= 0 && Int(item) < itemCount { counts[Int(item)] += 1 }
    let table = counts
    return Scorer(name: "popularity") { _, scores in scores = table }
  }

  /// Matrix factorization: `predict(user, &scores)` writes the raw predicted rating of
  /// every item. Ranking uses the raw value; clipping to [1, 5] would only create ties
  /// among the best items.
  public static func matrixFactorization(
    predict: @escaping @Sendable (Int, inout [Float]) -> Void
  ) -> Scorer {
    Scorer(name: "mf", fill: predict)
  }

  /// Content: the average similarity to the movies the user liked in training (rated
  /// at least `likedThreshold`); see `contentScores(liked:neighbours:into:)`.
  public static func content(
    train: UserRatings, neighbours: Neighbours, likedThreshold: Float = 4
  ) -> Scorer {
    Scorer(name: "content") { user, scores in
      contentScores(
        liked: train.items(of: user, ratedAtLeast: likedThreshold), neighbours: neighbours,
        into: &scores)
    }
  }

  /// Hybrid: `alpha * svd + (1 - alpha) * content`, where
  /// `svd = (clip(prediction, 1, 5) - 1) / 4`; both parts lie on [0, 1].
  public static func hybrid(
    alpha: Double, predict: @escaping @Sendable (Int, inout [Float]) -> Void,
    train: UserRatings, neighbours: Neighbours, likedThreshold: Float = 4
  ) -> Scorer {
    Scorer(name: "hybrid") {
      var predictions: [Float] = []
      var content: [Float] = []
      return { user, scores in
        if predictions.count != scores.count {
          predictions = [Float](repeating: 0, count: scores.count)
        }
        predict(user, &predictions)
        contentScores(
          liked: train.items(of: user, ratedAtLeast: likedThreshold), neighbours: neighbours,
          into: &content)
        combineHybrid(alpha: alpha, predictions: predictions, content: content, into: &scores)
      }
    }
  }

  /// Uniform random scores, the floor every model must beat. User `u` always gets
  /// the same scores for the same seed, whichever thread scores it.
  public static func random(seed: UInt64) -> Scorer {
    Scorer(name: "random") { user, scores in
      var generator = SeededGenerator(seed: seed &+ UInt64(user) &* 0x9E37_79B9_7F4A_7C15)
      scores.withUnsafeMutableBufferPointer { out in
        for i in 0..<out.count { out[i] = Float(generator.nextUInt64() >> 40) * 0x1p-24 }
      }
    }
  }

  /// Writes `alpha * (clip(p, 1, 5) - 1) / 4 + (1 - alpha) * c` for each item, in
  /// `Float`. Shared by `hybrid` and the sweep so both give the same bits.
  ///
  /// - Parameters:
  ///   - predictions: raw MF predictions, one per item.
  ///   - content: content scores, one per item (shorter arrays count as 0).
  ///   - scores: overwritten; resized to `predictions.count`.
  public static func combineHybrid(
    alpha: Double, predictions: [Float], content: [Float], into scores: inout [Float]
  ) {
    let n = predictions.count
    if scores.count != n { scores = [Float](repeating: 0, count: n) }
    let a = Float(alpha)
    let b = Float(1 - alpha)
    let shared = Swift.min(n, content.count)
    scores.withUnsafeMutableBufferPointer { out in
      predictions.withUnsafeBufferPointer { p in
        content.withUnsafeBufferPointer { c in
          for i in 0..<n {
            let clipped = Swift.min(Swift.max(p[i], 1), 5)
            let svd = (clipped - 1) / 4
            out[i] = a * svd + b * (i < shared ? c[i] : 0)
          }
        }
      }
    }
  }
}
