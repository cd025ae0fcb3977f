import ContentSimilarity
import Testing

struct MovieDocumentTests {
  @Test func genreTokens() {
    #expect(MovieDocument.genreToken("Sci-Fi") == "genre_sci_fi")
    #expect(MovieDocument.genreToken("Children's") == "genre_children_s")
    #expect(MovieDocument.genreToken("Film-Noir") == "genre_film_noir")
    #expect(MovieDocument.genreToken("IMAX") == "genre_imax")
    #expect(MovieDocument.genreToken("  --Weird__Genre!! ") == "genre_weird_genre")
    #expect(MovieDocument.genreToken("(no genres listed)") == nil)
    #expect(MovieDocument.genreToken("--") == nil)
  }

  @Test func documentJoinsTitleAndGenres() {
    #expect(
      document(title: "Toy Story", genres: ["Animation", "Children's", "Comedy"])
        == "Toy Story genre_animation genre_children_s genre_comedy")
    #expect(document(title: "", genres: ["Drama"]) == "genre_drama")
    #expect(document(title: "Heat", genres: []) == "Heat")
  }

  @Test func tokenizerMatchesPythonOnSimpleCases() {
    #expect(
      TfidfTokenizer.tokens("Star Wars: Episode IV - A New Hope") == [
        "star", "wars", "episode", "iv", "new", "hope",
      ])
    #expect(TfidfTokenizer.lowercased("ΟΔΟΣ") == "οδος")
  }
}
