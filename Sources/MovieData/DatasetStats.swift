import Foundation
import RecsysCore
import StrictJSON

/// The EDA numbers of a parsed dataset, written as `stats.json`.
///
/// Every number is computed in a fixed order (file order, then sorted lists), so the
/// same data gives the same bytes.
struct DatasetStats {
  let users: Int
  let ratedMovies: Int
  let json: JSON

  init(
    format: DatasetFormat, relativeDirectory: String, strict: Bool, movies: [Movie],
    table: RatingTable,
    movieIssues: IssueTally, ratingIssues: IssueTally
  ) {
    let n = table.count
    let movieIndex = IdIndex(movies.map(\.id))
    var userIndex = IdIndex()
    var perUser: [Int] = []
    var perMovie = [Int](repeating: 0, count: movies.count)
    var sumPerMovie = [Double](repeating: 0, count: movies.count)
    var histogram = [Int](repeating: 0, count: 11)
    var sum = 0.0
    var firstTime = Int64.max
    var lastTime = Int64.min
    for i in 0..<n {
      let u = Int(userIndex.insert(table.users[i]).index)
      if u == perUser.count { perUser.append(0) }
      perUser[u] += 1
      let r = table.ratings[i]
      if let m = movieIndex.index(of: table.items[i]) {
        perMovie[Int(m)] += 1
        sumPerMovie[Int(m)] += Double(r)
      }
      sum += Double(r)
      let halves = Int((r * 2).rounded())
      if halves >= 0 && halves <= 10 { histogram[halves] += 1 }
      firstTime = min(firstTime, table.timestamps[i])
      lastTime = max(lastTime, table.timestamps[i])
    }
    users = userIndex.count
    let ratedCounts = perMovie.filter { $0 > 0 }
    ratedMovies = ratedCounts.count

    var histogramMembers: [JSON.Member] = []
    let whole = format.ratingRule == .wholeStars
    for halves in (whole ? 2 : 1)...10 where !whole || halves % 2 == 0 {
      var text: [UInt8] = []
      text.appendRating(Float(halves) / 2)
      histogramMembers.append(
        JSON.Member(String(decoding: text, as: UTF8.self), .number(Double(histogram[halves]))))
    }

    // Genres: ratings and movies per genre, from per-movie counts.
    var genreNames: [String] = []
    var genreLookup: [String: Int] = [:]
    var genreRatings: [Int] = []
    var genreMovies: [Int] = []
    var genreSums: [Double] = []
    for (m, movie) in movies.enumerated() {
      for genre in movie.genres {
        let g: Int
        if let known = genreLookup[genre] {
          g = known
        } else {
          g = genreNames.count
          genreLookup[genre] = g
          genreNames.append(genre)
          genreRatings.append(0)
          genreMovies.append(0)
          genreSums.append(0)
        }
        genreMovies[g] += 1
        genreRatings[g] += perMovie[m]
        genreSums[g] += sumPerMovie[m]
      }
    }
    let genreOrder = genreNames.indices.sorted { a, b in
      genreRatings[a] != genreRatings[b]
        ? genreRatings[a] > genreRatings[b]
        : genreNames[a].utf8.lexicographicallyPrecedes(genreNames[b].utf8)
    }
    let topGenres: [JSON] = genreOrder.map { g in
      .object([
        "genre": .string(genreNames[g]),
        "ratings": .number(Double(genreRatings[g])),
        "movies": .number(Double(genreMovies[g])),
        "mean_rating": .number(
          genreRatings[g] == 0 ? 0 : Self.round(genreSums[g] / Double(genreRatings[g]), 4)),
      ])
    }

    func skipped(_ tally: IssueTally) -> JSON {
      var members = LineIssue.Kind.allCases.enumerated().map {
        JSON.Member($0.element.rawValue, .number(Double(tally.counts[$0.offset])))
      }
      members.append(JSON.Member("total", .number(Double(tally.total))))
      return .object(members)
    }
    let cells = Double(users) * Double(ratedMovies)
    json = .object([
      "format": .string(format.rawValue),
      "dataset_directory": .string(relativeDirectory),
      "strict": .bool(strict),
      "users": .number(Double(users)),
      "movies": .number(Double(movies.count)),
      "rated_movies": .number(Double(ratedMovies)),
      "ratings": .number(Double(n)),
      "sparsity": .number(cells > 0 ? Self.round(1 - Double(n) / cells, 6) : 0),
      "mean_rating": .number(n > 0 ? Self.round(sum / Double(n), 6) : 0),
      "rating_histogram": .object(histogramMembers),
      "ratings_per_user": Self.distribution(perUser),
      "ratings_per_movie": Self.distribution(ratedCounts),
      "ratings_per_user_bins": Self.logBins(perUser, unit: "users"),
      "ratings_per_movie_curve": Self.rankCurve(ratedCounts),
      "top_genres": .array(topGenres),
      "movies_without_genres": .number(Double(movies.filter { $0.genres.isEmpty }.count)),
      "movies_without_year": .number(Double(movies.filter { $0.year == nil }.count)),
      "first_timestamp": .number(n > 0 ? Double(firstTime) : 0),
      "last_timestamp": .number(n > 0 ? Double(lastTime) : 0),
      "skipped_lines": .object(["movies": skipped(movieIssues), "ratings": skipped(ratingIssues)]),
    ])
  }

  /// min, p25, p50, p75, p90, p99, max and mean of counts; quantiles interpolate
  /// linearly between ranks like numpy's and pandas' defaults.
  static func distribution(_ counts: [Int]) -> JSON {
    let sorted = counts.sorted()
    guard !sorted.isEmpty else { return .object([:]) }
    func quantile(_ q: Double) -> Double {
      let position = q * Double(sorted.count - 1)
      let lo = Int(position.rounded(.down))
      let hi = min(lo + 1, sorted.count - 1)
      return Double(sorted[lo]) + (Double(sorted[hi]) - Double(sorted[lo]))
        * (position - Double(lo))
    }
    let mean = Double(sorted.reduce(0, +)) / Double(sorted.count)
    return .object([
      "min": .number(Double(sorted[0])),
      "p25": .number(round(quantile(0.25), 4)),
      "p50": .number(round(quantile(0.5), 4)),
      "p75": .number(round(quantile(0.75), 4)),
      "p90": .number(round(quantile(0.9), 4)),
      "p99": .number(round(quantile(0.99), 4)),
      "max": .number(Double(sorted[sorted.count - 1])),
      "mean": .number(round(mean, 4)),
    ])
  }

  /// Counts binned on a log scale (ten bins a decade, integer edges): rows of
  /// `from`, `to` (exclusive) and how many have a count in that range. The plots of
  /// a long-tailed distribution need this, and it stays small for any dataset size.
  static func logBins(_ counts: [Int], unit: String) -> JSON {
    guard let low = counts.min(), let high = counts.max(), low > 0 else { return .array([]) }
    var edges: [Int] = []
    var k = 0
    while true {
      let edge = Int(pow10(Double(k) / 10).rounded())
      if edges.last != edge { edges.append(edge) }
      if edge > high { break }
      k += 1
    }
    var tally = [Int](repeating: 0, count: edges.count - 1)
    for c in counts {
      // Edges are few (ten a decade): a linear scan per count is cheaper than it looks.
      var b = 0
      while b + 1 < edges.count - 1 && edges[b + 1] <= c { b += 1 }
      tally[b] += 1
    }
    let first = edges.lastIndex { $0 <= low } ?? 0
    // The bin holding `high` ends at the first edge above it.
    let last = edges.firstIndex { $0 > high } ?? edges.count - 1
    return .array(
      (first..<last).map { b in
        .object([
          "from": .number(Double(edges[b])), "to": .number(Double(edges[b + 1])),
          unit: .number(Double(tally[b])),
        ])
      })
  }

  /// The counts sorted from most to least, sampled at ranks spaced evenly on a log
  /// scale (twenty a decade, always the last): the long-tail curve in a few hundred bytes.
  static func rankCurve(_ counts: [Int]) -> JSON {
    let sorted = counts.sorted(by: >)
    guard !sorted.isEmpty else { return .array([]) }
    var ranks: [Int] = []
    var k = 0
    while true {
      let r = Int(pow10(Double(k) / 20).rounded())
      if r > sorted.count { break }
      if ranks.last != r { ranks.append(r) }
      k += 1
    }
    if ranks.last != sorted.count { ranks.append(sorted.count) }
    return .array(ranks.map { .object(["rank": .number(Double($0)), "ratings": .number(Double(sorted[$0 - 1]))]) })
  }

  static func pow10(_ x: Double) -> Double { Foundation.pow(10, x) }

  /// Rounds to `digits` decimals, so the JSON shows readable numbers.
  static func round(_ x: Double, _ digits: Int) -> Double {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return (x * scale).rounded() / scale
  }
}
