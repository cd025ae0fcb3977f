import RecommendCLI
import StrictJSON
import Testing

/// Expected answers are worked out by hand in `TinyBundle`'s documentation.
@Suite struct UserCommandTests {
  @Test func excludesRatedMoviesAndUsesManifestAlpha() throws {
    let cli = try CLIHarness()
    let answer = try cli.json("user", "10")
    #expect(CLIHarness.ids(answer) == [13, 2, 5, 8])
    #expect(answer["alpha"]?.doubleValue == 0.5)
    #expect(answer["known_user"] == .bool(true))
    #expect(answer["fallback"] == .null)
    #expect(answer["rated_count"]?.intValue == 2)
    #expect(answer["liked_count"]?.intValue == 1)
    let first = try #require(answer["items"]?.arrayValue?.first)
    // Min-max over user 10's candidates (movies 2, 5, 8, 13): MF 4.5, 3.75, 3.75, 4.5
    // -> 1, 0, 0, 1; content 0.4, 0.2, 0, 0.9 -> 0.444, 0.222, 0, 1.
    #expect(first["score"]?.doubleValue == 1)
    #expect(first["collaborative_score"]?.doubleValue == 1)
    #expect(first["predicted_rating"]?.doubleValue == 4.5)
    #expect(first["content_score"]?.doubleValue == 0.9)
    #expect(first["because"]?["kind"]?.stringValue == "content")
    #expect(first["because"]?["movie_id"]?.intValue == 1)
    #expect(first["because"]?["similarity"]?.doubleValue == 0.9)
    #expect(first["title"]?.stringValue == "Toy Story 2")
    #expect(first["year"]?.intValue == 1999)
    #expect(first["rank"]?.intValue == 1)
    // American President (m4) has no content neighbour among the liked (m0), so the SVD
    // explains it: cos(q4, q0) = cos([0.25, 0.25], [0.5, 0]) = 1/sqrt(2).
    let last = try #require(answer["items"]?.arrayValue?.last)
    #expect(last["movie_id"]?.intValue == 8)
    #expect(last["because"]?["kind"]?.stringValue == "collaborative")
    #expect(last["because"]?["movie_id"]?.intValue == 1)
    #expect(abs(last["because"]!["similarity"]!.doubleValue! - 0.5.squareRoot()) < 1e-6)
    // Amélie (m3, q [0, 1]) is orthogonal to Toy Story in the SVD: content explains it.
    let amelie = try #require(answer["items"]?.arrayValue?.first { $0["movie_id"]?.intValue == 5 })
    #expect(amelie["because"]?["kind"]?.stringValue == "content")
    #expect(amelie["because"]?["similarity"]?.doubleValue == 0.2)
    // With alpha 0 the collaborative model plays no part, so it explains nothing.
    let contentOnly = try cli.json("user", "10", "--alpha", "0")
    let eight = try #require(contentOnly["items"]?.arrayValue?.first { $0["movie_id"]?.intValue == 8 })
    #expect(eight["because"] == .null)
    // With alpha 1 content plays no part: Toy Story 2 is explained by the SVD too,
    // cos([0.75, -0.5], [0.5, 0]) = 0.75 / sqrt(0.8125).
    let rankerOnly = try cli.json("user", "10", "--alpha", "1")
    let sequel = try #require(rankerOnly["items"]?.arrayValue?.first { $0["movie_id"]?.intValue == 13 })
    #expect(sequel["because"]?["kind"]?.stringValue == "collaborative")
    #expect(abs(sequel["because"]!["similarity"]!.doubleValue! - 0.75 / 0.8125.squareRoot()) < 1e-6)
  }

  @Test func alphaOneRanksByMFAndAlphaZeroByContent() throws {
    let cli = try CLIHarness()
    #expect(CLIHarness.ids(try cli.json("user", "10", "--alpha", "1")) == [2, 13, 5, 8])
    #expect(CLIHarness.ids(try cli.json("user", "10", "--alpha=0")) == [13, 2, 5, 8])
    // No liked movies: content is zero everywhere, so ties fall to the lower index.
    #expect(CLIHarness.ids(try cli.json("user", "30", "--alpha", "0")) == [1, 2, 5, 8, 13])
    #expect(CLIHarness.ids(try cli.json("user", "30", "--alpha", "1")) == [5, 1, 2, 8, 13])
    #expect(CLIHarness.ids(try cli.json("user", "30", "--alpha", "0", "-n", "2")) == [1, 2])
  }

  @Test func averagesContentOverLikedMovies() throws {
    let cli = try CLIHarness()
    let answer = try cli.json("user", "20")
    #expect(CLIHarness.ids(answer) == [1, 13, 3])
    let first = try #require(answer["items"]?.arrayValue?.first)
    #expect(abs(first["content_score"]!.doubleValue! - 0.3) < 1e-6)
    #expect(first["because"]?["movie_id"]?.intValue == 2)
  }

  @Test func rankingUsesRawPredictionsNotClippedOnes() throws {
    // User 40's raw predictions: 5.5 (2), 5.0 (3), 5.75 (5), 5.5 (8): all clip to 5, which
    // would make the list movie-id order. Raw scores rank 5 first; 2 and 8 tie (lower first).
    let cli = try CLIHarness()
    let answer = try cli.json("user", "40", "--alpha", "1")
    #expect(CLIHarness.ids(answer) == [5, 2, 8, 3])
    let items = answer["items"]?.arrayValue ?? []
    for item in items { #expect(item["predicted_rating"]?.doubleValue == 5) }
    #expect(items.compactMap { $0["score"]?.doubleValue }.map { ($0 * 1000).rounded() } == [1000, 667, 667, 0])
  }

  @Test func textNamesMovieGenresScoreAndWhy() throws {
    let output = try CLIHarness().run("user", "10")
    #expect(output.status == 0)
    let lines = output.stdout.split(separator: "\n")
    #expect(lines[0] == "Top 4 for user 10 (svd + content, alpha 0.50; 2 rated, 1 liked):")
    #expect(lines[1].hasPrefix("1. Toy Story 2 (1999) [Animation, Children's, Comedy]  score 1.000"))
    #expect(lines[1].hasSuffix(" - predicted 4.5; like Toy Story (1995)"))
    #expect(
      lines[4]
        == "4. American President, The (1995) [Comedy, Drama, Romance]  score 0.000 - predicted 3.8; fans of Toy Story (1995)"
    )
  }

  @Test func unknownUserGetsPopularListOrStrictFailure() throws {
    let cli = try CLIHarness()
    let output = cli.run("user", "99")
    #expect(output.status == 0)
    #expect(
      output.stderr
        == "note: user 99 is not in the bundle and gave no ratings; showing the most popular movies instead (pass --ratings MOVIE:RATING,... for a personal list)\n"
    )
    #expect(output.stdout.hasPrefix("Popular movies for unknown user 99"))
    let answer = try cli.json("user", "99", "-n", "3")
    #expect(answer["fallback"]?.stringValue == "popular")
    #expect(answer["known_user"] == .bool(false))
    #expect(CLIHarness.ids(answer) == [1, 5, 13])
    let strict = cli.run("user", "99", "--strict")
    #expect(strict.status == 1)
    #expect(strict.stdout.isEmpty)
    #expect(strict.stderr.hasPrefix("error: user 99 is not in bundle"))
  }

  @Test func usageErrorsExit64() throws {
    let cli = try CLIHarness()
    for arguments in [
      ["user", "abc"], ["user", "10", "--alpha", "2"], ["user", "10", "-n", "0"], ["user"],
      ["user", "10", "--bogus"],
    ] {
      let output = RecommendCLI.execute(arguments: arguments + ["--bundle", cli.bundlePath])
      #expect(output.status == 64, "\(arguments)")
      #expect(output.stderr.hasPrefix("Error: "))
      #expect(output.stderr.hasSuffix("See 'recommend user --help'.\n"))
      #expect(output.stdout.isEmpty)
    }
  }
}
