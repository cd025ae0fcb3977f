import Foundation
import RecsysCore
import Testing

@testable import MovieData

@Suite struct DatasetSplitterTests {
  /// 10 users; user u has u+1 ratings (55 rows), interleaved across users, with
  /// timestamps that are not in file order and one tie.
  static let table: RatingTable = {
    var t = RatingTable()
    var row = 0
    for round in 0..<10 {
      for u in 0..<10 where round <= u {
        let stamp = Int64(1000 + ((row * 37) % 55))
        t.append(
          user: Int32(100 + u), item: Int32(round * 10 + u), rating: Float(1 + (row % 9)) / 2 + 0.5,
          timestamp: stamp)
        row += 1
      }
    }
    // A tie: user 109's last two rows share a timestamp.
    t.timestamps[t.count - 1] = t.timestamps[t.count - 2]
    return t
  }()

  func write(_ dir: TempDirectory) throws -> String {
    let path = dir.file("parsed/ratings.csv")
    try FileIO.createDirectory(dir.file("parsed"))
    try RatingsCSV.write(Self.table, to: path)
    return path
  }

  @Test func randomSplitIsSeededAndKeepsFileOrder() throws {
    let dir = TempDirectory()
    _ = try write(dir)
    let a = try DatasetSplitter.split(input: dir.file("parsed"), output: dir.file("a"))
    _ = try DatasetSplitter.split(input: dir.file("parsed/ratings.csv"), output: dir.file("b"))
    _ = try DatasetSplitter.split(
      input: dir.file("parsed"), output: dir.file("c"), params: SplitParams(seed: 43))
    #expect(dir.read("a/train.csv") == dir.read("b/train.csv"))
    #expect(dir.read("a/test.csv") == dir.read("b/test.csv"))
    #expect(dir.read("a/test.csv") != dir.read("c/test.csv"))
    #expect(dir.names("a") == ["test.csv", "train.csv"])
    // ceil(55 * 0.2) = 11 test rows, the rest train; both in the input's order.
    #expect(a.testRatings == 11 && a.trainRatings == 44)
    #expect(a.files == ["test.csv", "train.csv"])
    let train = try RatingsCSV.read(path: dir.file("a/train.csv"))
    let test = try RatingsCSV.read(path: dir.file("a/test.csv"))
    let mask = try DatasetSplitter.testMask(Self.table, SplitParams())
    #expect(train == Self.table.rows((0..<55).filter { !mask[$0] }))
    #expect(test == Self.table.rows((0..<55).filter { mask[$0] }))
  }

  @Test func randomTestRowsAreTheTailOfTheSeededShuffle() throws {
    var order = Array(0..<55)
    var generator = SeededGenerator(seed: 42)
    generator.shuffle(&order)
    let mask = try DatasetSplitter.testMask(
      Self.table, SplitParams(method: .random, testFraction: 0.2, seed: 42))
    #expect(Set(order.suffix(11)) == Set((0..<55).filter { mask[$0] }))
  }

  @Test(arguments: [0.0, 0.1, 0.5, 0.9])
  func randomFractions(fraction: Double) throws {
    let mask = try DatasetSplitter.testMask(Self.table, SplitParams(testFraction: fraction))
    #expect(mask.filter { $0 }.count == Int((55 * fraction).rounded(.up)))
  }

  @Test func perUserSplitsEachUserAndKeepsOneInTrain() throws {
    let mask = try DatasetSplitter.testMask(
      Self.table, SplitParams(method: .perUser, testFraction: 0.5, seed: 5))
    for u in 0..<10 {
      let rows = (0..<55).filter { Self.table.users[$0] == Int32(100 + u) }
      let tested = rows.filter { mask[$0] }.count
      #expect(tested == min(rows.count - 1, Int((Double(rows.count) * 0.5).rounded())))
    }
    let other = try DatasetSplitter.testMask(
      Self.table, SplitParams(method: .perUser, testFraction: 0.5, seed: 6))
    #expect(mask != other)
    #expect(
      mask
        == (try DatasetSplitter.testMask(
          Self.table, SplitParams(method: .perUser, testFraction: 0.5, seed: 5))))
  }

  @Test func temporalTakesEachUsersLatestRatings() throws {
    let mask = try DatasetSplitter.testMask(
      Self.table, SplitParams(method: .temporal, testFraction: 0.3))
    for u in 0..<10 {
      let rows = (0..<55).filter { Self.table.users[$0] == Int32(100 + u) }
      let byTime = rows.sorted {
        (Self.table.timestamps[$0], $0) < (Self.table.timestamps[$1], $1)
      }
      let k = min(rows.count - 1, Int((Double(rows.count) * 0.3).rounded()))
      #expect(Set(byTime.suffix(k)) == Set(rows.filter { mask[$0] }))
    }
    // User 109's two tied last ratings: with k=3 both are test; file order breaks the tie.
    let seedless = try DatasetSplitter.testMask(
      Self.table, SplitParams(method: .temporal, testFraction: 0.3, seed: 1))
    #expect(mask == seedless)
  }

  @Test func summaryCountsUsersAndColdStarts() throws {
    let dir = TempDirectory()
    _ = try write(dir)
    let summary = try DatasetSplitter.split(
      input: dir.file("parsed"), output: dir.file("s"),
      params: SplitParams(method: .perUser, testFraction: 0.2))
    #expect(summary.users == 10)
    #expect(summary.coldTestUsers == 0)
    #expect(summary.trainRatings + summary.testRatings == 55)
    // Every item is rated once, so every test item is cold.
    #expect(summary.coldTestMovies == summary.testRatings)
  }

  @Test func outputIsPlainFourColumnCSV() throws {
    let dir = TempDirectory()
    _ = try write(dir)
    _ = try DatasetSplitter.split(input: dir.file("parsed"), output: dir.file("s"))
    let lines = dir.text("s/train.csv").split(separator: "\n")
    #expect(lines.first == "userId,movieId,rating,timestamp")
    #expect(
      lines.dropFirst().allSatisfy { $0.split(separator: ",").count == 4 && !$0.contains("\"") })
  }

  @Test(arguments: [1.0, -0.1, Double.nan])
  func rejectsBadFractions(fraction: Double) {
    #expect(throws: MovieDataError.self) {
      try DatasetSplitter.testMask(Self.table, SplitParams(testFraction: fraction))
    }
  }

  @Test func badFractionMessage() {
    let error = MovieDataError.invalidParameter(
      name: "test_fraction", reason: "1.0 is not in [0, 1) (use 0.2 for an 80/20 split)")
    #expect(throws: error) { try DatasetSplitter.validate(SplitParams(testFraction: 1)) }
    #expect(
      String(describing: error)
        == "invalid parameter 'test_fraction': 1.0 is not in [0, 1) (use 0.2 for an 80/20 split)")
  }

  @Test func missingInputIsAnError() {
    #expect(
      throws: RecsysCoreError.cannotRead(
        path: "/nonexistent/ratings.csv", reason: "no such file or directory")
    ) {
      try DatasetSplitter.split(input: "/nonexistent/ratings.csv", output: "/tmp/never")
    }
  }
}

@Suite struct DatasetFoldsTests {
  let table = DatasetSplitterTests.table

  @Test func everyRatingIsTestedInExactlyOneFoldOfBalancedSize() throws {
    let folds = try DatasetSplitter.folds(table, count: 4, seed: 3)
    #expect(folds.count == table.count)
    let sizes = (0..<4).map { k in folds.filter { $0 == k }.count }
    #expect(sizes.reduce(0, +) == table.count)
    #expect(sizes.max()! - sizes.min()! <= 1)
    #expect(try DatasetSplitter.folds(table, count: 4, seed: 3) == folds)
    #expect(try DatasetSplitter.folds(table, count: 4, seed: 4) != folds)
  }

  /// The fold of a rating follows its (user, movie) pair, not its row: reversing the
  /// file keeps every pair in its fold.
  @Test func theFoldFollowsThePairNotTheRow() throws {
    let folds = try DatasetSplitter.folds(table, count: 3, seed: 9)
    let reversed = table.rows(Array((0..<table.count).reversed()))
    let again = try DatasetSplitter.folds(reversed, count: 3, seed: 9)
    #expect(Array(again.reversed()) == folds)
  }

  @Test func foldCountsOutsideTwoToTheRatingsAreRefused() {
    for count in [0, 1, table.count + 1] {
      #expect(throws: MovieDataError.self) { try DatasetSplitter.folds(table, count: count, seed: 1) }
    }
  }
}
