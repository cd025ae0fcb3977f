import RecommendCLI
import StrictJSON
import Testing

@Suite struct PopularAndSimilarTests {
  @Test func popularUsesDampedMeanWithIndexTieBreak() throws {
    let cli = try CLIHarness()
    let answer = try cli.json("popular")
    #expect(CLIHarness.ids(answer) == [1, 5, 13, 2, 8, 3])
    #expect(answer["damping"]?.doubleValue == 2)
    let scores = answer["items"]?.arrayValue?.compactMap { $0["score"]?.doubleValue } ?? []
    let expected = [4, 4, 4, 11.0 / 3, 10.0 / 3, 3]
    #expect(zip(scores, expected).allSatisfy { abs($0 - $1) < 1e-9 })
    let first = try #require(answer["items"]?.arrayValue?.first)
    #expect(first["rating_count"]?.intValue == 2)
    #expect(first["mean_rating"]?.doubleValue == 4.5)
    #expect(first["genres"] == .array(["Animation", "Children's", "Comedy"]))
  }

  @Test func popularFilters() throws {
    let cli = try CLIHarness()
    #expect(CLIHarness.ids(try cli.json("popular", "--genre", "comedy")) == [1, 5, 13, 8])
    #expect(CLIHarness.ids(try cli.json("popular", "--genre", "ROMANCE")) == [5, 8])
    #expect(CLIHarness.ids(try cli.json("popular", "--min-ratings", "2")) == [1, 3])
    #expect(CLIHarness.ids(try cli.json("popular", "-n", "2")) == [1, 5])
    let text = cli.run("popular", "--genre", "Drama")
    #expect(
      text.stdout == """
        Top 1 by damped mean rating (C 2.0, at least 1 rating, genre Drama):
        1. American President, The (1995) [Comedy, Drama, Romance]  score 3.333 - mean 3.00 from 1 rating

        """)
  }

  @Test func unknownGenreListsTheGenres() throws {
    let output = try CLIHarness().run("popular", "--genre", "horror")
    #expect(output.status == 1)
    #expect(
      output.stderr
        == "error: unknown genre 'horror'; genres in this bundle: Action, Adventure, Animation, Children's, Comedy, Crime, Drama, Fantasy, Romance, Thriller\n"
    )
  }

  @Test func similarByID() throws {
    let cli = try CLIHarness()
    let answer = try cli.json("similar", "1")
    #expect(CLIHarness.ids(answer) == [13, 2, 5])
    #expect(answer["movie"]?["title"]?.stringValue == "Toy Story")
    let similarities = answer["items"]?.arrayValue?.compactMap { $0["similarity"]?.doubleValue }
    #expect(similarities == [0.9, 0.4, 0.2])
    let text = cli.run("similar", "1", "-n", "1")
    #expect(
      text.stdout == """
        Similar to Toy Story (1995) [Animation, Children's, Comedy]:
        1. Toy Story 2 (1999) [Animation, Children's, Comedy]  similarity 0.900

        """)
    #expect(cli.run("similar", "3").stdout.contains("(no content neighbours)"))
  }

  @Test func similarByTitle() throws {
    let cli = try CLIHarness()
    let toy = cli.run("similar", "toy story", "--json")
    #expect(toy.status == 0)
    #expect(
      toy.stderr
        == "note: 'toy story' matched Toy Story (1995) [id 1]; also: Toy Story 2 (1999) [id 13]\n")
    #expect(CLIHarness.ids(try JSONParser.parse(toy.stdout, file: "stdout")) == [13, 2, 5])
    #expect(try cli.json("similar", "Toy", "Story", "2")["movie"]?["movie_id"]?.intValue == 13)
    #expect(try cli.json("similar", "AMELIE")["movie"]?["movie_id"]?.intValue == 5)
    #expect(try cli.json("similar", "amélie 2001")["movie"]?["movie_id"]?.intValue == 5)
    #expect(try cli.json("similar", "the american president")["movie"]?["movie_id"]?.intValue == 8)
    #expect(try cli.json("similar", "story")["movie"]?["movie_id"]?.intValue == 1)
  }

  @Test func titleProblemsExit1() throws {
    let cli = try CLIHarness()
    let ambiguous = cli.run("similar", "--title", "1995")
    #expect(ambiguous.status == 1)
    #expect(
      ambiguous.stderr
        == "error: '1995' matches several movies equally well: Toy Story (1995) [id 1]; Heat (1995) [id 3]; pass a movie id or more words\n"
    )
    let none = cli.run("similar", "toy zebra")
    #expect(none.status == 1)
    #expect(
      none.stderr.contains(
        "no movie title contains every word of 'toy zebra'; closest: Toy Story (1995) [id 1]"))
    let unknown = cli.run("similar", "999")
    #expect(unknown.status == 1)
    #expect(unknown.stderr.hasPrefix("error: movie 999 is not in bundle"))
  }
}
