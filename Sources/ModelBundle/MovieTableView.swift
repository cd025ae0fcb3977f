/// Movie metadata read in place: ids, titles, years and genres.
///
/// Valid only while the `BundleReader` it came from is alive.
public struct MovieTableView {
  /// Raw movie ids and the lookup by raw id.
  public let ids: IDIndexView
  /// Titles (without the year).
  public let titles: StringTableView
  /// Release year, 0 when unknown.
  public let years: UnsafeBufferPointer<Int32>
  /// CSR offsets into `genreIDs`.
  public let genreOffsets: UnsafeBufferPointer<Int32>
  /// Genre indices (into `genreNames`) of each movie.
  public let genreIDs: UnsafeBufferPointer<Int32>
  /// Genre names, sorted by their UTF-8 bytes.
  public let genreNames: StringTableView

  /// Number of movies.
  public var count: Int { ids.count }

  /// The title of movie `index`.
  public func title(_ index: Int) -> String { titles[index] }

  /// The release year of movie `index`, if known.
  public func year(_ index: Int) -> Int? {
    let year = years[index]
    return year == 0 ? nil : Int(year)
  }

  /// The genre indices of movie `index`, without copying.
  public func genreIndices(_ index: Int) -> UnsafeBufferPointer<Int32> {
    UnsafeBufferPointer(rebasing: genreIDs[Int(genreOffsets[index])..<Int(genreOffsets[index + 1])])
  }

  /// The genre names of movie `index`, in the dataset's order.
  public func genres(_ index: Int) -> [String] {
    genreIndices(index).map { genreNames[Int($0)] }
  }

  /// "Title (Year)", or the bare title when the year is unknown or already in it.
  public func displayTitle(_ index: Int) -> String {
    let title = titles[index]
    guard let year = year(index) else { return title }
    let suffix = "(\(year))"
    return title.hasSuffix(suffix) ? title : "\(title) \(suffix)"
  }
}
