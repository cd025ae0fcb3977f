import ModelBundle

/// The query engine over an open bundle: hybrid top-N, popularity, neighbours.
///
/// Holds the reader, so its views stay valid as long as the recommender lives.
public struct Recommender: Sendable {
  /// The open bundle.
  public let bundle: BundleReader

  public init(bundle: BundleReader) {
    self.bundle = bundle
  }

  /// The hybrid top-N for one user over every movie they have not rated.
  ///
  /// score = alpha * svd + (1 - alpha) * content, both in [0, 1]:
  /// svd = (clip(mu + bu + bi + pu.qi, 1, 5) - 1) / 4;
  /// content(m) = (1 / |L|) * sum over j in L of sim_j(m), L = the movies the user rated
  /// >= 4 and sim_j(m) the similarity of m in j's neighbour row (0 when absent).
  /// Ties go to the lower movie index.
  ///
  /// - Parameters:
  ///   - user: dense user index (`bundle.users.index(of:)`); out of range gives [].
  ///   - count: how many to return (fewer when fewer movies are unrated).
  ///   - alpha: the MF weight in [0, 1].
  /// - Complexity: O(M * k + sum of |row j| for j in L).
  public func recommend(user: Int, count: Int, alpha: Float) -> [UserRecommendation] {
    let movieCount = bundle.movies.count
    guard user >= 0, user < bundle.users.count, count > 0 else { return [] }
    let model = bundle.model
    let k = model.factorCount
    let rated = bundle.ratings.row(user)
    var predictions = [Float](repeating: 0, count: movieCount)
    var content = [Float](repeating: 0, count: movieCount)
    var bestSimilarity = [Float](repeating: 0, count: movieCount)
    var bestSource = [Int32](repeating: -1, count: movieCount)

    let base = Float(model.globalMean) + model.userBiases[user]
    predictions.withUnsafeMutableBufferPointer { out in
      let biases = model.itemBiases
      guard k > 0, let p = model.userVector(user).baseAddress, let q = model.itemFactors.baseAddress
      else {
        for movie in 0..<movieCount { out[movie] = min(max(base + biases[movie], 1), 5) }
        return
      }
      for movie in 0..<movieCount {
        let dot = Self.dot(p, q + movie * k, k)
        out[movie] = min(max(base + biases[movie] + dot, 1), 5)
      }
    }

    var likedCount = 0
    content.withUnsafeMutableBufferPointer { sums in
      bestSimilarity.withUnsafeMutableBufferPointer { best in
        bestSource.withUnsafeMutableBufferPointer { source in
          for (item, rating) in zip(rated.indices, rated.values) where rating >= 4 {
            likedCount += 1
            let row = bundle.neighbors.row(Int(item))
            for (neighbor, similarity) in zip(row.indices, row.values) {
              let m = Int(neighbor)
              sums[m] += similarity
              if similarity > best[m]
                || (similarity == best[m] && source[m] >= 0 && item < source[m])
              {
                best[m] = similarity
                source[m] = item
              }
            }
          }
        }
      }
    }
    let scale: Float = likedCount > 0 ? 1 / Float(likedCount) : 0

    var top = TopSelection<Float>(capacity: min(count, movieCount))
    var excluded = [Bool](repeating: false, count: movieCount)
    for item in rated.indices { excluded[Int(item)] = true }
    for movie in 0..<movieCount where !excluded[movie] {
      top.offer(
        alpha * ((predictions[movie] - 1) / 4) + (1 - alpha) * (content[movie] * scale), movie)
    }
    return top.items.map { score, movie in
      let source = bestSource[movie]
      return UserRecommendation(
        movie: movie, score: score, svdScore: (predictions[movie] - 1) / 4,
        contentScore: content[movie] * scale, predictedRating: predictions[movie],
        because: source >= 0 ? Int(source) : nil,
        becauseSimilarity: source >= 0 ? bestSimilarity[movie] : 0)
    }
  }

  /// `a . b` over `count` floats: eight lanes, then the lanes and the tail summed in a
  /// fixed order, so the result does not depend on the build.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var lanes = SIMD8<Float>(repeating: 0)
    var index = 0
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    while index + 8 <= count {
      let x = rawA.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
      let y = rawB.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Float>.self)
      // Not `addingProduct`: without an FMA target feature it becomes a libm call per lane.
      lanes += x * y
      index += 8
    }
    var sum =
      ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3]))
      + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
    while index < count {
      sum += a[index] * b[index]
      index += 1
    }
    return sum
  }

  /// Movies ranked by damped mean `(C * m + sum of ratings) / (C + n)`, with m the global
  /// mean; ties go to the lower movie index.
  ///
  /// - Parameters:
  ///   - count: how many to return.
  ///   - genre: a genre index to require (`genreIndex(named:)`), or nil for all.
  ///   - minRatings: skip movies with fewer training ratings.
  ///   - damping: C, the weight of the prior.
  public func popular(count: Int, genre: Int?, minRatings: Int, damping: Double) -> [PopularMovie] {
    let counts = bundle.popularity.counts
    let means = bundle.popularity.means
    let prior = damping * bundle.model.globalMean
    var top = TopSelection<Double>(capacity: min(count, bundle.movies.count))
    for movie in 0..<bundle.movies.count where Int(counts[movie]) >= minRatings {
      if let genre, !bundle.movies.genreIndices(movie).contains(Int32(genre)) { continue }
      let n = Double(counts[movie])
      // C = 0 and n = 0 would be 0/0: an unrated movie scores the prior mean.
      top.offer(
        damping + n > 0
          ? (prior + Double(means[movie]) * n) / (damping + n) : bundle.model.globalMean, movie)
    }
    return top.items.map { score, movie in
      PopularMovie(
        movie: movie, score: score, ratingCount: Int(counts[movie]), meanRating: means[movie])
    }
  }

  /// The first `count` content neighbours of `movie` (rows are stored by similarity
  /// descending), without the movie itself.
  public func similar(movie: Int, count: Int) -> [SimilarMovie] {
    guard movie >= 0, movie < bundle.movies.count else { return [] }
    let row = bundle.neighbors.row(movie)
    var result: [SimilarMovie] = []
    for (neighbor, similarity) in zip(row.indices, row.values) where Int(neighbor) != movie {
      guard result.count < count else { break }
      result.append(SimilarMovie(movie: Int(neighbor), similarity: similarity))
    }
    return result
  }

  /// The genre index whose name equals `name` ignoring case.
  public func genreIndex(named name: String) -> Int? {
    let wanted = name.lowercased()
    let names = bundle.movies.genreNames
    return (0..<names.count).first { names[$0].lowercased() == wanted }
  }

  /// All genre names, in bundle order (sorted by bytes).
  public var genreNames: [String] {
    let names = bundle.movies.genreNames
    return (0..<names.count).map { names[$0] }
  }
}
