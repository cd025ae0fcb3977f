/// The text that TF-IDF sees for one movie: its title words, then one token per genre.
///
/// Genres become single tokens (`"Sci-Fi"` -> `genre_sci_fi`, `"Children's"` ->
/// `genre_children_s`) so that a genre never matches a title word ("War" the genre is
/// not "war" in "Star Wars") and multi-word genres stay whole.
public enum MovieDocument {
  /// The genre label MovieLens 20M+ uses for "no genre"; it yields no token, because
  /// sharing the absence of genres says nothing about two movies.
  public static let noGenresLabel = "(no genres listed)"

  /// The document for a movie: `title`, a space, and the genre tokens joined by spaces.
  ///
  /// - Parameters:
  ///   - title: the title without its year ("Toy Story", not "Toy Story (1995)").
  ///   - genres: genre labels in the order the data lists them.
  /// - Returns: the document text; empty parts are left out, so no stray spaces.
  public static func text(title: String, genres: [String]) -> String {
    var parts: [String] = title.isEmpty ? [] : [title]
    for genre in genres {
      if let token = genreToken(genre) { parts.append(token) }
    }
    return parts.joined(separator: " ")
  }

  /// The token of one genre label: `genre_` plus the label lowercased, with each run of
  /// non-word characters or underscores replaced by one `_` and the ends trimmed.
  ///
  /// - Returns: `nil` for the "no genres" label and for labels with no word character.
  public static func genreToken(_ genre: String) -> String? {
    if genre == noGenresLabel { return nil }
    var core = String.UnicodeScalarView()
    var pendingSeparator = false
    TfidfTokenizer.forEachLowercasedScalar(genre) { scalar in
      if scalar != "_" && TfidfTokenizer.isWordCharacter(scalar) {
        if pendingSeparator && !core.isEmpty { core.append("_") }
        pendingSeparator = false
        core.append(scalar)
      } else {
        pendingSeparator = true
      }
    }
    return core.isEmpty ? nil : "genre_" + String(core)
  }
}

/// The TF-IDF document of a movie; see `MovieDocument.text(title:genres:)`.
public func document(title: String, genres: [String]) -> String {
  MovieDocument.text(title: title, genres: genres)
}
