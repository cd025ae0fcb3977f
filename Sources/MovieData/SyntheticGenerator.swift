import Dispatch
import Foundation
import RecsysCore
import Synchronization

/// Writes a synthetic MovieLens dataset in ML-1M's exact format.
///
/// `ratings.dat` (`UserID::MovieID::Rating::Timestamp`), `movies.dat`
/// (`MovieID::Title::Genres`) and `users.dat` (`UserID::Gender::Age::Occupation::Zip-code`),
/// `::`-separated, latin-1, `\n` line ends, ratings grouped by user as in ML-1M.
/// The data has a low-rank taste structure tied to genres and title words (see
/// `SyntheticWorld`), so matrix factorization beats a bias baseline and content
/// similarity beats random ranking.
public enum SyntheticGenerator {
  /// The files `generate` writes, relative to its output folder.
  public static let files = ["movies.dat", "ratings.dat", "users.dat"]

  /// Generates the dataset into `directory` (created if missing); each file is written
  /// atomically. Same params, same bytes, whatever the number of cores.
  ///
  /// - Returns: counts and shape statistics of what was written.
  /// - Throws: `MovieDataError.invalidParameter`, `RecsysCoreError.cannotWrite`.
  /// - Complexity: O(ratings + movies x users with over a quarter of the catalog); memory
  ///   O(users x rank + movies x rank), with ratings streamed to disk.
  public static func generate(_ params: SyntheticParams, to directory: String) throws
    -> SyntheticSummary
  {
    try params.validate()
    try FileIO.createDirectory(directory)
    let world = SyntheticWorld(params)
    let scale = world.interactionScale()

    try AtomicFileWriter.write(moviesFile(world), to: FileIO.join(directory, "movies.dat"))
    try AtomicFileWriter.write(usersFile(world), to: FileIO.join(directory, "users.dat"))

    var blocks: [Range<Int>] = []
    var start = 0
    var inBlock = 0
    for u in 0..<params.users {
      inBlock += Int(world.activity[u])
      if inBlock >= 100_000 || u == params.users - 1 {
        blocks.append(start..<(u + 1))
        start = u + 1
        inBlock = 0
      }
    }
    // Pass 1: every score into a histogram, for thresholds that hit ML-1M's star shares
    // (5.6, 10.8, 26.1, 34.9, 22.6 %) on this very data.
    var histogram = StarHistogram()
    try forEachBlock(blocks) { users in
      var s = SyntheticWorld.Scratch(movies: params.movies, genres: world.genreCount)
      var h = StarHistogram()
      for u in users {
        world.drawUser(u, &s)
        for r in 0..<s.items.count {
          h.add(
            SyntheticWorld.score(
              base: s.base[r], interaction: s.interaction[r], noise: s.noise[r], scale: scale))
        }
      }
      return h
    } consume: {
      histogram.merge($0)
    }
    let thresholds = histogram.quantiles([0.056, 0.164, 0.425, 0.774])

    // Pass 2: the same draws again, cut into stars and streamed to disk in user order.
    let writer = try AtomicFileWriter(path: FileIO.join(directory, "ratings.dat"))
    var starCounts = [Int](repeating: 0, count: 5)
    var movieCounts = [Int](repeating: 0, count: params.movies)
    try forEachBlock(blocks) { users in
      ratingsBlock(world, users, scale: scale, thresholds: thresholds)
    } consume: { result in
      try writer.write(result.text)
      for s in 0..<5 { starCounts[s] += result.starCounts[s] }
      for (j, c) in result.movieCounts.enumerated() { movieCounts[j] += Int(c) }
    }
    try writer.commit()

    let total = starCounts.reduce(0, +)
    var starSum = 0
    for s in 0..<5 { starSum += (s + 1) * starCounts[s] }
    let perUser = world.activity.map { Int($0) }.sorted()
    let perMovie = movieCounts.filter { $0 > 0 }.sorted()
    return SyntheticSummary(
      users: params.users, movies: params.movies, ratedMovies: perMovie.count, ratings: total,
      starCounts: starCounts, meanRating: total == 0 ? 0 : Double(starSum) / Double(total),
      minRatingsPerUser: perUser.first ?? 0, medianRatingsPerUser: perUser[perUser.count / 2],
      maxRatingsPerUser: perUser.last ?? 0,
      medianRatingsPerMovie: perMovie.isEmpty ? 0 : perMovie[perMovie.count / 2],
      maxRatingsPerMovie: perMovie.last ?? 0, files: files)
  }

  /// Runs `work` on every block, a few blocks at a time on the CPU budget's threads, and hands the
  /// results to `consume` in block order (so outputs never depend on timing).
  static func forEachBlock<T: Sendable>(
    _ blocks: [Range<Int>], _ work: @escaping @Sendable (Range<Int>) -> T,
    consume: (T) throws -> Void
  ) throws {
    let workers = ParallelWork.workers
    var batchStart = 0
    while batchStart < blocks.count {
      let batch = Array(blocks[batchStart..<min(blocks.count, batchStart + 2 * workers)])
      let results = Mutex<[T?]>(Array(repeating: nil, count: batch.count))
      ParallelWork.forEach(batch.count, workers: workers) { b in
        let result = work(batch[b])
        results.withLock { $0[b] = result }
      }
      let done = results.withLock { $0 }
      for case let result? in done { try consume(result) }
      batchStart += batch.count
    }
  }

  struct BlockResult: Sendable {
    var text: [UInt8]
    var starCounts: [Int]
    var movieCounts: [Int32]
  }

  static func ratingsBlock(
    _ world: SyntheticWorld, _ users: Range<Int>, scale: Double, thresholds: [Double]
  )
    -> BlockResult
  {
    var s = SyntheticWorld.Scratch(movies: world.params.movies, genres: world.genreCount)
    var text: [UInt8] = []
    var stars = [Int](repeating: 0, count: 5)
    var movieCounts = [Int32](repeating: 0, count: world.params.movies)
    let (t1, t2, t3, t4) = (thresholds[0], thresholds[1], thresholds[2], thresholds[3])
    for u in users {
      world.drawUser(u, &s)
      for r in 0..<s.items.count {
        let score = SyntheticWorld.score(
          base: s.base[r], interaction: s.interaction[r], noise: s.noise[r], scale: scale)
        var star = 1
        if score > t1 { star += 1 }
        if score > t2 { star += 1 }
        if score > t3 { star += 1 }
        if score > t4 { star += 1 }
        stars[star - 1] += 1
        let j = Int(s.items[r])
        movieCounts[j] += 1
        text.appendDecimal(u + 1)
        text.append(58)
        text.append(58)
        text.appendDecimal(world.movieIds[j])
        text.append(58)
        text.append(58)
        text.append(48 + UInt8(star))
        text.append(58)
        text.append(58)
        text.appendDecimal(s.times[r])
        text.append(10)
      }
    }
    return BlockResult(text: text, starCounts: stars, movieCounts: movieCounts)
  }

  static func moviesFile(_ world: SyntheticWorld) -> [UInt8] {
    var out: [UInt8] = []
    for j in 0..<world.params.movies {
      out.appendDecimal(world.movieIds[j])
      out.append(contentsOf: [58, 58])
      out.append(contentsOf: world.titles[j])
      out.append(contentsOf: [58, 58])
      out.appendText(
        world.movieGenres[j].map { SyntheticVocabulary.genres[$0] }.joined(separator: "|"))
      out.append(10)
    }
    return out
  }

  static func usersFile(_ world: SyntheticWorld) -> [UInt8] {
    var out: [UInt8] = []
    for u in 0..<world.params.users {
      out.appendDecimal(u + 1)
      out.append(contentsOf: [58, 58, world.genders[u], 58, 58])
      out.appendDecimal(Int(world.ages[u]))
      out.append(contentsOf: [58, 58])
      out.appendDecimal(Int(world.occupations[u]))
      out.append(contentsOf: [58, 58])
      out.append(contentsOf: world.zips[u])
      out.append(10)
    }
    return out
  }
}
