import Evaluation
import ModelBundle
import RecommendCLI
import RecsysCore
import Scoring
import StrictJSON
import Testing
import TinyBundleFixture

/// What `evaluate` measures is what `recommend` serves: the same scorer, the same
/// normalization, the same ties, for every user and every weight.
@Suite struct ServedListsTests {
  static let users = 30
  static let movies = 25
  static let k = 3

  /// A random world with coarse (half-step) factors, so that many scores tie and the
  /// tie rule is exercised; the evaluator's tables and the bundle hold the same arrays.
  struct World {
    var contents: BundleContents
    var train: UserRatings
    var test: UserRatings
  }

  static func world(seed: UInt64, normalize: String) throws -> World {
    var rng = SeededGenerator(seed: seed)
    func coarse() -> Float { Float(rng.nextInt(below: 5)) * 0.5 - 1 }
    let movies = (0..<movies).map { i in
      MovieRecord(
        id: Int64(i * 3 + 1), title: "Movie \(i)", year: 1990 + i % 10,
        genres: [i % 2 == 0 ? "Drama" : "Comedy"])
    }
    let model = FactorModel(
      factorCount: k, globalMean: 3.5, userBiases: (0..<users).map { _ in coarse() },
      itemBiases: (0..<Self.movies).map { _ in coarse() },
      userFactors: (0..<(users * k)).map { _ in coarse() },
      itemFactors: (0..<(Self.movies * k)).map { _ in coarse() })
    var neighbourRows: [[(Int32, Float)]] = []
    for m in 0..<Self.movies {
      var row: [(Int32, Float)] = []
      for step in 1...4 {
        let other = Int32((m + step * 7) % Self.movies)
        if Int(other) != m, !row.contains(where: { $0.0 == other }) {
          row.append((other, Float(5 - step) * 0.2))
        }
      }
      neighbourRows.append(row)
    }
    var trainRows: [[(Int32, Float)]] = []
    var parts: [([Int32], [Int32], [Float])] = [([], [], []), ([], [], [])]
    for u in 0..<users {
      var items = Array(0..<Int32(Self.movies))
      rng.shuffle(&items)
      var row: [(Int32, Float)] = []
      for (p, item) in items.prefix(12).enumerated() {
        let rating = Float(1 + rng.nextInt(below: 5))
        let side = p < 8 ? 0 : 1
        parts[side].0.append(Int32(u))
        parts[side].1.append(item)
        parts[side].2.append(rating)
        if side == 0 { row.append((item, rating)) }
      }
      row.sort { $0.0 < $1.0 }
      trainRows.append(row)
    }
    let contents = BundleContents(
      params: .object([:]), metrics: .object([:]), datasetFingerprint: "served-lists",
      movies: movies,
      userIDs: (0..<users).map { Int64($0 * 10 + 5) }, model: model,
      neighbors: SparseRows(rows: neighbourRows),
      popularity: Popularity(
        counts: [Int32](repeating: 1, count: Self.movies),
        means: [Float](repeating: 3, count: Self.movies)),
      ratings: SparseRows(rows: trainRows),
      scoring: ScoringConfig(
        model: "svd", alpha: 0.5, normalize: normalize, likedThreshold: 4, foldInReg: 0.06,
        foldInAlpha: 0))
    // The evaluator's train table lists each user's items in the bundle's order.
    var trainUsers: [Int32] = []
    var trainItems: [Int32] = []
    var trainRatings: [Float] = []
    for (u, row) in trainRows.enumerated() {
      for (item, rating) in row {
        trainUsers.append(Int32(u))
        trainItems.append(item)
        trainRatings.append(rating)
      }
    }
    return World(
      contents: contents,
      train: try UserRatings(
        userCount: users, users: trainUsers, items: trainItems, ratings: trainRatings),
      test: try UserRatings(
        userCount: users, users: parts[1].0, items: parts[1].1, ratings: parts[1].2))
  }

  /// The hybrid as the evaluate stage builds it: from Swift arrays, not the bundle.
  static func evaluatedScorer(_ world: World, normalize: ScoreNormalization) throws -> HybridScorer
  {
    let m = world.contents.model
    let factors = try FactorScorer(
      userCount: users, itemCount: movies, factorCount: k, globalMean: m.globalMean,
      userBiases: SharedBuffer(m.userBiases), itemBiases: SharedBuffer(m.itemBiases),
      userFactors: SharedBuffer(m.userFactors), itemFactors: SharedBuffer(m.itemFactors),
      foldIn: .explicit(reg: 0.06))
    let n = world.contents.neighbors
    let content = try ContentIndex(
      itemCount: movies, offsets: SharedBuffer(n.offsets), indices: SharedBuffer(n.indices),
      similarities: SharedBuffer(n.values))
    return try HybridScorer(
      collaborative: CollaborativeModel(name: "svd", kind: .factors(factors)), content: content,
      normalization: normalize, likedThreshold: 4)
  }

  @Test(arguments: ["minmax", "zscore", "none"])
  func recommendServesWhatEvaluateMeasured(normalize: String) throws {
    let world = try Self.world(seed: 11, normalize: normalize)
    let directory = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(directory) }
    let written = try BundleWriter.write(world.contents, toDirectory: directory)
    let path = "\(directory)/\(written.fileName)"
    let scorer = try Self.evaluatedScorer(
      world, normalize: try ScoreNormalization(named: normalize))
    let n = 6
    var evaluator = try RankingEvaluator(
      train: world.train, test: world.test, itemCount: Self.movies, n: n)
    evaluator.chunkSize = 4
    var compared = 0
    var ties = 0
    for alpha in HybridSweepPoint.defaultAlphas {
      let result = try evaluator.evaluate(.hybrid(scorer, alpha: alpha, train: world.train))
      #expect(result.users.count > 10)
      for (i, user) in result.users.enumerated() {
        let measured = result.recommendations(at: i).map { world.contents.movies[Int($0)].id }
        let answer = try JSONParser.parse(
          RecommendCLI.execute(arguments: [
            "user", String(world.contents.userIDs[Int(user)]), "-n", String(n), "--alpha",
            String(alpha), "--json",
            "--bundle", path,
          ]).stdout, file: "stdout")
        let served =
          answer["items"]?.arrayValue?.compactMap { $0["movie_id"]?.intValue }.map(Int64.init) ?? []
        #expect(served == measured, "user \(user) alpha \(alpha)")
        let scores = answer["items"]?.arrayValue?.compactMap { $0["score"]?.doubleValue } ?? []
        for p in scores.indices.dropFirst() where scores[p] == scores[p - 1] { ties += 1 }
        compared += 1
      }
    }
    #expect(compared > 100)
    // The fixture really has ties, so the tie rule is part of what was compared.
    #expect(ties > 0)
  }

  @Test func batchWritesTheServedListsWithTheSameBytesEveryRun() throws {
    let world = try Self.world(seed: 5, normalize: "minmax")
    let directory = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(directory) }
    let written = try BundleWriter.write(world.contents, toDirectory: directory + "/b")
    let path = "\(directory)/b/\(written.fileName)"
    let first = RecommendCLI.execute(
      arguments: ["batch", "--out", "recs.csv", "-n", "4", "--bundle", path], root: directory)
    #expect(first.status == 0, "\(first.stderr)")
    let bytes = try FileIO.readBytes(atPath: directory + "/recs.csv")
    _ = RecommendCLI.execute(
      arguments: ["batch", "--out", "recs.csv", "-n", "4", "--bundle", path], root: directory)
    #expect(try FileIO.readBytes(atPath: directory + "/recs.csv") == bytes)
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
    #expect(lines.first == "user_id,rank,movie_id,score")
    #expect(lines.count == 1 + Self.users * 4)
    // Each user's rows are that user's `recommend user` list.
    for u in [0, 7, 29] {
      let id = world.contents.userIDs[u]
      let answer = try JSONParser.parse(
        RecommendCLI.execute(arguments: ["user", String(id), "-n", "4", "--json", "--bundle", path])
          .stdout,
        file: "stdout")
      let served = answer["items"]?.arrayValue?.compactMap { $0["movie_id"]?.intValue } ?? []
      let rows = lines.dropFirst().map { $0.split(separator: ",") }.filter {
        $0[0] == Substring(String(id))
      }
      #expect(rows.map { Int($0[2])! } == served)
    }
    // JSON lines: one compact object per user; a users file picks users, in file order.
    try AtomicFileWriter.write(
      "# two users\n\(world.contents.userIDs[3])\n\n\(world.contents.userIDs[1])\n",
      to: directory + "/users.txt")
    let picked = RecommendCLI.execute(
      arguments: [
        "batch", "--users", "users.txt", "--out", "recs.jsonl", "-n", "2", "--bundle", path,
      ], root: directory)
    #expect(picked.status == 0, "\(picked.stderr)")
    let jsonl = String(
      decoding: try FileIO.readBytes(atPath: directory + "/recs.jsonl"), as: UTF8.self
    )
    .split(separator: "\n")
    #expect(jsonl.count == 2)
    #expect(
      try JSONParser.parse(Array(jsonl[0].utf8), file: "line")["user_id"]?.intValue
        == Int(world.contents.userIDs[3]))
    // A bad users file names its line.
    try AtomicFileWriter.write("5\nnope\n", to: directory + "/bad.txt")
    let bad = RecommendCLI.execute(
      arguments: ["batch", "--users", "bad.txt", "--out", "x.csv", "--bundle", path],
      root: directory)
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("bad.txt:2: 'nope' is not a user id"))
    let format = RecommendCLI.execute(
      arguments: ["batch", "--out", "x.txt", "--bundle", path], root: directory)
    #expect(format.status == 64)
  }

  @Test func aNewUserFromFiveRatingsGetsAPersonalExplainedList() throws {
    let world = try Self.world(seed: 3, normalize: "minmax")
    let directory = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(directory) }
    let written = try BundleWriter.write(world.contents, toDirectory: directory)
    let path = "\(directory)/\(written.fileName)"
    let rated: [Int64] = [1, 4, 7, 10, 13]
    let spec = "1:5,4:5,7:4,10:5,13:2"
    let answer = try JSONParser.parse(
      RecommendCLI.execute(arguments: [
        "user", "--ratings", spec, "-n", "8", "--alpha", "0.5", "--json", "--bundle", path,
      ])
      .stdout, file: "stdout")
    #expect(answer["fallback"]?.stringValue == "fold_in")
    let items = answer["items"]?.arrayValue ?? []
    let ids = items.compactMap { $0["movie_id"]?.intValue }.map(Int64.init)
    #expect(ids.count == 8)
    #expect(!ids.contains { rated.contains($0) })
    // Explanations name a liked movie (rated >= 4) of the five.
    let because = items.compactMap { $0["because"]?["movie_id"]?.intValue }.map(Int64.init)
    #expect(!because.isEmpty)
    #expect(because.allSatisfy { [1, 4, 7, 10].contains($0) })
    // Personal: not the popular list, and different ratings give a different list.
    let popular = try JSONParser.parse(
      RecommendCLI.execute(arguments: ["popular", "-n", "8", "--json", "--bundle", path]).stdout,
      file: "stdout")
    #expect(CLIHarness.ids(popular).map(Int64.init) != ids)
    let other = try JSONParser.parse(
      RecommendCLI.execute(arguments: [
        "user", "--ratings", "16:5,19:5,22:4,25:5,28:1", "-n", "8", "--alpha", "0.5", "--json",
        "--bundle", path,
      ]).stdout, file: "stdout")
    #expect(CLIHarness.ids(other).map(Int64.init) != ids)
    // The folded-in ratings are scored by the same scorer as a known user with them.
    let text = RecommendCLI.execute(arguments: [
      "user", "--ratings", spec, "-n", "3", "--bundle", path,
    ])
    #expect(text.status == 0)
    #expect(text.stdout.hasPrefix("Top 3 for a new user"))
    #expect(text.stdout.contains("like Movie "))
    // Bad input: a movie the bundle lacks, a malformed pair, a repeat.
    let unknown = RecommendCLI.execute(arguments: ["user", "--ratings", "2:5", "--bundle", path])
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("movie 2 is not in bundle"))
    #expect(
      RecommendCLI.execute(arguments: ["user", "--ratings", "1-5", "--bundle", path]).status == 64)
    #expect(
      RecommendCLI.execute(arguments: ["user", "--ratings", "1:5,1:4", "--bundle", path]).status
        == 64)
  }

  @Test func anUnknownUserWithoutRatingsGetsThePopularListWithANote() throws {
    let world = try Self.world(seed: 3, normalize: "minmax")
    let directory = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(directory) }
    let written = try BundleWriter.write(world.contents, toDirectory: directory)
    let output = RecommendCLI.execute(arguments: [
      "user", "999", "--bundle", "\(directory)/\(written.fileName)",
    ])
    #expect(output.status == 0)
    #expect(output.stderr.contains("note: user 999 is not in the bundle and gave no ratings"))
    #expect(output.stdout.hasPrefix("Popular movies for unknown user 999"))
  }
}
