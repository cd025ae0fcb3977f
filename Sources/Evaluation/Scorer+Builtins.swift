import RecsysCore
import Scoring

extension Scorer {
  /// Most-rated first: the number of training ratings of each item (any star value).
  public static func popularity(train: UserRatings, itemCount: Int) -> Scorer {
    var counts = [Float](repeating: 0, count: itemCount)
    for item in train.items where item >= 0 && Int(item) < itemCount { counts[Int(item)] += 1 }
    let table = counts
    return Scorer(name: "popularity") { _, scores in scores = table }
  }

  /// A collaborative model alone, ranking by its raw scores (never clipped: clipping a
  /// predicted rating to 5 only creates ties among the best items).
  public static func collaborative(_ model: CollaborativeModel, train: UserRatings) -> Scorer {
    Scorer(name: model.name) { user, scores in
      if scores.count != model.itemCount { scores = [Float](repeating: 0, count: model.itemCount) }
      let profile = train.profile(of: user)
      scores.withUnsafeMutableBufferPointer { model.fill(profile, into: $0) }
    }
  }

  /// Content alone: the mean similarity to the movies the user liked in training.
  public static func content(_ index: ContentIndex, train: UserRatings, likedThreshold: Float = 4)
    -> Scorer
  {
    Scorer(name: "content") { user, scores in
      if scores.count != index.itemCount { scores = [Float](repeating: 0, count: index.itemCount) }
      let liked = train.items(of: user, ratedAtLeast: likedThreshold)
      scores.withUnsafeMutableBufferPointer { index.fill(liked: liked, into: $0) }
    }
  }

  /// The served hybrid at weight `alpha`: exactly `HybridScorer.prepare` then `combine`.
  public static func hybrid(_ hybrid: HybridScorer, alpha: Double, train: UserRatings) -> Scorer {
    Scorer(name: "hybrid") {
      var workspace = HybridScorer.Workspace(itemCount: hybrid.itemCount)
      return { user, scores in
        hybrid.prepare(train.profile(of: user), in: &workspace)
        hybrid.combine(alpha: alpha, in: &workspace)
        scores = workspace.combined
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
}

extension UserRatings {
  /// User `u`'s training row as the scorers see it.
  public func profile(of u: Int) -> UserProfile {
    UserProfile(user: u, items: Array(items(of: u)), ratings: Array(ratings(of: u)))
  }
}
