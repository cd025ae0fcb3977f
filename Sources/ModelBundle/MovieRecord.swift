/// One movie as the writer stores it.
public struct MovieRecord: Sendable, Equatable {
  /// The dataset's movie id.
  public var id: Int64
  /// The title without the release year (MovieLens style, e.g. "American President, The").
  public var title: String
  /// The release year, if known.
  public var year: Int?
  /// Genre names in the dataset's order.
  public var genres: [String]

  public init(id: Int64, title: String, year: Int?, genres: [String]) {
    self.id = id
    self.title = title
    self.year = year
    self.genres = genres
  }
}
