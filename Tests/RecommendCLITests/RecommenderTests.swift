import ModelBundle
import RecommendCLI
import StrictJSON
import Testing
import TinyBundleFixture

@Suite struct RecommenderTests {
  @Test func foldsCaseAccentsAndApostrophes() {
    #expect(
      TitleSearch.words("Amélie (Le Fabuleux Destin d'Amélie Poulain)") == [
        "amelie", "le", "fabuleux", "destin", "damelie", "poulain",
      ])
    #expect(TitleSearch.words("Schindler's List") == ["schindlers", "list"])
    #expect(TitleSearch.words("SCHINDLER’S LIST") == ["schindlers", "list"])
    #expect(TitleSearch.words("Straße, Æon & Ørsted") == ["strasse", "aeon", "orsted"])
    #expect(
      TitleSearch.words("Crouching Tiger, Hidden Dragon (Wo hu cang long)") == [
        "crouching", "tiger", "hidden", "dragon", "wo", "hu", "cang", "long",
      ])
    #expect(TitleSearch.words("  ") == [])
  }

  @Test func outOfRangeIndicesGiveEmptyAnswers() throws {
    let recommender = Recommender(bundle: try BundleReader(bytes: TinyBundle.bytes()))
    #expect(try recommender.recommend(user: 4, count: 10, alpha: 0.5).isEmpty)
    #expect(try recommender.recommend(user: -1, count: 10, alpha: 0.5).isEmpty)
    #expect(try recommender.recommend(user: 0, count: 0, alpha: 0.5).isEmpty)
    #expect(try recommender.recommend(user: 0, count: Int.max, alpha: 0.5).count == 4)
    #expect(recommender.similar(movie: 6, count: 10).isEmpty)
    #expect(recommender.popular(count: Int.max, genre: nil, minRatings: 0, damping: 0).count == 6)
  }

  @Test func flatParamKeysAndDefaultDampingAreHonoured() throws {
    var contents = TinyBundle.contents()
    contents.params = .object([:])
    contents.scoring.alpha = 1
    let directory = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(directory) }
    let written = try BundleWriter.write(contents, toDirectory: directory)
    let path = "\(directory)/\(written.fileName)"
    let user = try JSONParser.parse(
      RecommendCLI.execute(arguments: ["user", "10", "--json", "--bundle", path]).stdout,
      file: "stdout")
    #expect(user["alpha"]?.doubleValue == 1)
    #expect(CLIHarness.ids(user) == [2, 13, 5, 8])
    // C = 10: (35 + 9) / 12 first, then (35 + 5) / 11 for ids 5 and 13.
    let popular = try JSONParser.parse(
      RecommendCLI.execute(arguments: ["popular", "--json", "--bundle", path]).stdout,
      file: "stdout")
    #expect(popular["damping"]?.doubleValue == 10)
    #expect(CLIHarness.ids(popular) == [1, 5, 13, 2, 8, 3])
  }
}
