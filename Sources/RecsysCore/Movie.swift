/// One movie of the catalog, as in the normalized `movies.csv`.
public struct Movie: Sendable, Equatable {
  /// The raw MovieLens id.
  public var id: Int32
  /// The title without its trailing year (`"American President, The"`).
  public var title: String
  /// The release year split off the title, when it had one.
  public var year: Int?
  /// Genre names in source order; empty when the source lists none.
  public var genres: [String]

  public init(id: Int32, title: String, year: Int?, genres: [String]) {
    self.id = id
    self.title = title
    self.year = year
    self.genres = genres
  }

  /// The title as MovieLens shows it, with the year in parentheses when known
  /// (`"Toy Story (1995)"`).
  public var displayTitle: String {
    guard let year else { return title }
    return title.isEmpty ? "(\(year))" : "\(title) (\(year))"
  }
}
