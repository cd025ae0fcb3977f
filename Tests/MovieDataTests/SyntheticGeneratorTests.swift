import Foundation
import RecsysCore
import Testing

@testable import MovieData

@Suite struct SyntheticGeneratorTests {
  static let tiny = SyntheticParams(
    users: 12, movies: 45, ratedMovies: 40, ratings: 300, minRatingsPerUser: 20, rank: 4, seed: 7)

  @Test func sameSeedSameBytesOtherSeedOtherBytes() throws {
    let a = TempDirectory()
    let b = TempDirectory()
    let c = TempDirectory()
    let summaryA = try SyntheticGenerator.generate(Self.tiny, to: a.path)
    let summaryB = try SyntheticGenerator.generate(Self.tiny, to: b.path)
    var other = Self.tiny
    other.seed = 8
    _ = try SyntheticGenerator.generate(other, to: c.path)
    #expect(summaryA == summaryB)
    #expect(a.names() == ["movies.dat", "ratings.dat", "users.dat"])
    for name in SyntheticGenerator.files {
      #expect(a.read(name) == b.read(name))
      #expect(a.read(name) != c.read(name))
    }
  }

  @Test func tinyDatasetHasTheRequestedShape() throws {
    let dir = TempDirectory()
    let summary = try SyntheticGenerator.generate(Self.tiny, to: dir.path)
    #expect(
      summary.ratings == 300 && summary.users == 12 && summary.movies == 45
        && summary.ratedMovies == 40)
    #expect(summary.starCounts.reduce(0, +) == 300)
    #expect(summary.minRatingsPerUser >= 20)

    let ratings = dir.text("ratings.dat").split(separator: "\n")
    #expect(ratings.count == 300)
    var perUser: [Int: Set<Int>] = [:]
    var movies = Set<Int>()
    for line in ratings {
      let f = line.components(separatedBy: "::")
      #expect(f.count == 4)
      let (u, m, r, t) = (Int(f[0])!, Int(f[1])!, Int(f[2])!, Int(f[3])!)
      #expect((1...12).contains(u) && (1...5).contains(r))
      #expect((956_703_932...1_046_454_590).contains(t))
      #expect(perUser[u, default: []].insert(m).inserted, "user \(u) rated movie \(m) twice")
      movies.insert(m)
    }
    #expect(perUser.count == 12 && perUser.values.allSatisfy { $0.count >= 20 })
    #expect(movies.count == 40)
    // Users are grouped in id order, as in ML-1M.
    let userColumn = ratings.map { Int($0.components(separatedBy: "::")[0])! }
    #expect(userColumn == userColumn.sorted())

    let movieLines = dir.read("movies.dat").split(separator: 10)
    #expect(movieLines.count == 45)
    for line in movieLines {
      let text = String(decoding: line, as: UTF8.self)
      let f = text.components(separatedBy: "::")
      #expect(f.count == 3)
      #expect(
        f[1].range(of: #" \((19|20)\d\d\)$"#, options: .regularExpression) != nil, "title \(f[1])")
      #expect(
        f[2].split(separator: "|").allSatisfy { SyntheticVocabulary.genres.contains(String($0)) })
      #expect(!f[2].isEmpty)
    }
    let userLines = dir.text("users.dat").split(separator: "\n")
    #expect(userLines.count == 12)
    for (i, line) in userLines.enumerated() {
      let f = line.components(separatedBy: "::")
      #expect(f.count == 5 && f[0] == String(i + 1))
      #expect(["M", "F"].contains(f[1]))
      #expect(["1", "18", "25", "35", "45", "50", "56"].contains(f[2]))
      #expect((0...20).contains(Int(f[3]) ?? -1))
      #expect(f[4].count == 5 || f[4].count == 10)
    }
  }

  @Test func starSharesFollowML1M() throws {
    let dir = TempDirectory()
    let params = SyntheticParams(
      users: 40, movies: 300, ratedMovies: 280, ratings: 2000, rank: 6, seed: 3)
    let summary = try SyntheticGenerator.generate(params, to: dir.path)
    // Thresholds are fitted on this very data: shares land within rounding of ML-1M's.
    let target = [5.6, 10.8, 26.1, 34.9, 22.6]
    for (share, goal) in zip(summary.starPercentages, target) { #expect(abs(share - goal) < 0.2) }
    #expect(abs(summary.meanRating - 3.58) < 0.02)
  }

  @Test func movieIndexAndTitlesSurviveParse() throws {
    let dir = TempDirectory()
    // Few ratings per user against many movies: the rejection-sampling path.
    let params = SyntheticParams(
      users: 6, movies: 500, ratedMovies: 100, ratings: 150, minRatingsPerUser: 20, rank: 8,
      seed: 11)
    _ = try SyntheticGenerator.generate(params, to: dir.file("raw"))
    let summary = try DatasetParser.parse(input: dir.file("raw"), output: dir.file("parsed"))
    #expect(summary.format == .ml1m)
    #expect(
      summary.ratings == 150 && summary.users == 6 && summary.movies == 500
        && summary.ratedMovies == 100)
    let movies = try MoviesCSV.read(path: dir.file("parsed/movies.csv"))
    #expect(movies.allSatisfy { $0.year != nil && !$0.title.isEmpty && !$0.genres.isEmpty })
  }

  @Test func latin1TitlesAppearAtScale() throws {
    let world = SyntheticWorld(
      SyntheticParams(users: 30, movies: 400, ratedMovies: 300, ratings: 900, seed: 1))
    let high = world.titles.filter { $0.contains { $0 >= 0x80 } }
    #expect(!high.isEmpty)
    // Every byte is valid latin-1 (no UTF-8 sequences leak in).
    #expect(high.allSatisfy { String(validating: $0, as: UTF8.self) == nil })
  }

  @Test(arguments: [
    (SyntheticParams(users: 10, movies: 40, ratedMovies: 35, ratings: 100), "ratings"),
    (SyntheticParams(users: 2, movies: 40, ratedMovies: 30, ratings: 61), "ratings"),
    (SyntheticParams(users: 10, movies: 40, ratedMovies: 41, ratings: 400), "rated_movies"),
    (SyntheticParams(users: 10, movies: 40, ratedMovies: 35, ratings: 400, rank: 0), "rank"),
    (SyntheticParams(users: 0), "users"),
    (
      SyntheticParams(users: 10, movies: 40, ratedMovies: 10, ratings: 400, minRatingsPerUser: 20),
      "min_ratings_per_user"
    ),
  ])
  func rejectsImpossibleSizes(params: SyntheticParams, name: String) {
    #expect {
      try params.validate()
    } throws: { error in
      guard case MovieDataError.invalidParameter(let got, _) = error else { return false }
      return got == name
    }
  }

  @Test func activitySumsExactlyAndRespectsTheMinimum() {
    let params = SyntheticParams(users: 50, movies: 200, ratedMovies: 150, ratings: 2500, seed: 2)
    var g = SeededGenerator(seed: 1)
    let z = (0..<50).map { _ in g.nextGaussian() }
    let counts = SyntheticWorld.distributeActivity(params, z, ratedCount: 150)
    #expect(counts.reduce(0) { $0 + Int($1) } == 2500)
    #expect(counts.allSatisfy { $0 >= 20 && $0 <= 150 })
  }
}
