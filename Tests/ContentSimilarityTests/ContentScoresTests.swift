import ContentSimilarity
import Testing

struct ContentScoresTests {
  /// Four movies. Neighbour lists:
  ///   0: [1: 0.8, 2: 0.4]
  ///   1: [0: 0.8, 3: 0.5]
  ///   2: [0: 0.4]
  ///   3: [1: 0.5]
  static func table() throws -> Neighbours {
    try Neighbours(
      k: 2, offsets: [0, 2, 4, 5, 6], indices: [1, 2, 0, 3, 0, 1],
      similarities: [0.8, 0.4, 0.8, 0.5, 0.4, 0.5])
  }

  @Test func averagesOverLikedMovies() throws {
    var scores: [Float] = []
    // L = {0, 1}, |L| = 2:
    //   movie 0: sim_1(0) = 0.8            -> 0.8 / 2 = 0.4
    //   movie 1: sim_0(1) = 0.8            -> 0.4
    //   movie 2: sim_0(2) = 0.4            -> 0.2
    //   movie 3: sim_1(3) = 0.5            -> 0.25
    contentScores(liked: [0, 1], neighbours: try Self.table(), into: &scores)
    #expect(scores == [0.4, 0.4, 0.2, 0.25])
    // L = {2, 3}: movie 0 <- 0.4, movie 1 <- 0.5; divided by 2.
    contentScores(liked: [2, 3], neighbours: try Self.table(), into: &scores)
    #expect(scores == [0.2, 0.25, 0, 0])
  }

  @Test func emptyLikedSetGivesZeros() throws {
    var scores: [Float] = [9, 9, 9, 9]
    contentScores(liked: [], neighbours: try Self.table(), into: &scores)
    #expect(scores == [0, 0, 0, 0])
  }

  @Test func outOfRangeLikedMoviesCountButAddNothing() throws {
    var scores: [Float] = [1]  // wrong size: resized
    // L = {0, 99}: only movie 0 has a list; |L| = 2.
    contentScores(liked: [0, 99, -1], neighbours: try Self.table(), into: &scores)
    #expect(scores.count == 4)
    #expect(scores == [0, 0.8 / 3, 0.4 / 3, 0])
  }

  @Test func scoresStayWithinZeroAndOne() throws {
    let m = TfidfMatrix(documents: ["red fox", "red fox", "red fox", "red dog", "cat"])
    let nb = try Neighbours(cosineOf: m, k: 4)
    var scores: [Float] = []
    contentScores(liked: [0, 1, 2, 3], neighbours: nb, into: &scores)
    #expect(scores.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(scores[4] == 0)
  }
}
