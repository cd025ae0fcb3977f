import ModelBundle
import RecsysCore
import StrictJSON

/// A random bundle with MovieLens-1M's shape (defaults: 6,040 users, 3,706 movies,
/// ~800k training ratings, 100 factors, 50 neighbours per movie).
enum SyntheticBundle {
  static let genres = [
    "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
    "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War",
    "Western",
  ]

  static func make(
    users: Int, movies: Int, ratingsPerUser: Int, factors: Int, neighbors: Int, seed: UInt64
  )
    -> BundleContents
  {
    var random = SeededGenerator(seed: seed)
    let movieRecords = (0..<movies).map { index -> MovieRecord in
      let genreCount = 1 + random.nextInt(below: 3)
      var chosen: [String] = []
      while chosen.count < genreCount {
        let genre = genres[random.nextInt(below: genres.count)]
        if !chosen.contains(genre) { chosen.append(genre) }
      }
      return MovieRecord(
        id: Int64(index * 2 + 1), title: "Synthetic Movie \(index)",
        year: 1920 + random.nextInt(below: 81),
        genres: chosen)
    }
    func gaussians(_ count: Int, _ std: Double) -> [Float] {
      (0..<count).map { _ in Float(random.nextGaussian(std: std)) }
    }
    let model = FactorModel(
      factorCount: factors, globalMean: 3.58, userBiases: gaussians(users, 0.3),
      itemBiases: gaussians(movies, 0.4), userFactors: gaussians(users * factors, 0.1),
      itemFactors: gaussians(movies * factors, 0.1))

    // Popularity skew: item = floor(movies * u^2) favours low indices.
    var rows: [[(Int32, Float)]] = []
    var counts = [Int32](repeating: 0, count: movies)
    var sums = [Double](repeating: 0, count: movies)
    for _ in 0..<users {
      let u = random.nextDouble()
      let target = min(
        movies / 2, max(20, Int(Double(ratingsPerUser) * 0.25 / max(1 - u, 0.05) * u + 20)))
      var seen = Set<Int32>()
      var row: [(Int32, Float)] = []
      while row.count < target {
        let x = random.nextDouble()
        let item = Int32(min(movies - 1, Int(Double(movies) * x * x)))
        guard seen.insert(item).inserted else { continue }
        let rating = Float(1 + random.nextInt(below: 5))
        row.append((item, rating))
        counts[Int(item)] += 1
        sums[Int(item)] += Double(rating)
      }
      row.sort { $0.0 < $1.0 }
      rows.append(row)
    }
    let means = (0..<movies).map {
      counts[$0] == 0 ? Float(0) : Float(sums[$0] / Double(counts[$0]))
    }

    var neighborRows: [[(Int32, Float)]] = []
    for movie in 0..<movies {
      var seen = Set<Int32>([Int32(movie)])
      var row: [(Int32, Float)] = []
      while row.count < min(neighbors, movies - 1) {
        let other = Int32(random.nextInt(below: movies))
        guard seen.insert(other).inserted else { continue }
        row.append((other, Float(random.nextDouble())))
      }
      row.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
      neighborRows.append(row)
    }
    return BundleContents(
      params: .object([
        "hybrid": .object(["alpha": 0.7]), "svd": .object(["factors": .number(Double(factors))]),
      ]),
      metrics: .object(["synthetic": true]), datasetFingerprint: "synthetic-\(seed)",
      movies: movieRecords,
      userIDs: (0..<users).map { Int64($0 + 1) }, model: model,
      neighbors: SparseRows(rows: neighborRows),
      popularity: Popularity(counts: counts, means: means), ratings: SparseRows(rows: rows),
      scoring: ScoringConfig(
        model: "svd", alpha: 0.7, normalize: "minmax", likedThreshold: 4, foldInReg: 0.06, foldInAlpha: 0))
  }
}
