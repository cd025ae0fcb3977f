/// The normalized movie catalog shared by all stages:
///
/// ```
/// movieId,title,year,genres
/// 1,Toy Story,1995,Animation|Children's|Comedy
/// 11,"American President, The",1995,Comedy|Drama|Romance
/// 99,Untitled,,
/// ```
///
/// UTF-8, RFC 4180 quoting where a field needs it, the year empty when unknown, genres
/// separated by `|` (empty when none).
public enum MoviesCSV {
  /// The header line, without its newline.
  public static let header = "movieId,title,year,genres"

  /// Reads a movies file, keeping the file order.
  ///
  /// - Throws: `RecsysCoreError.cannotRead`, or `.malformed` naming the file and line.
  public static func read(path: String) throws -> [Movie] {
    try decode(FileIO.readBytes(atPath: path), fileName: path)
  }

  /// Parses the bytes of a movies file; `fileName` names it in errors.
  ///
  /// - Throws: `RecsysCoreError.malformed` for a bad header, a record without 4 fields,
  ///   a non-integer id or year, invalid UTF-8, bad quoting or a duplicate id.
  public static func decode(_ bytes: [UInt8], fileName: String) throws -> [Movie] {
    let start = try CSVRecordReader.checkHeader(bytes, expected: header, fileName: fileName)
    var reader = CSVRecordReader(bytes: bytes, from: start, firstLine: 2)
    var movies: [Movie] = []
    var seen = IdIndex()
    func fail(_ line: Int, _ reason: String) -> RecsysCoreError {
      .malformed(file: fileName, line: line, reason: reason)
    }
    while let next = reader.next() {
      switch next {
      case .malformed(let issue):
        throw fail(issue.line, issue.reason)
      case .record(let line, let fields):
        if fields.count != 4 {
          throw fail(line, "expected 4 fields (movieId,title,year,genres), found \(fields.count)")
        }
        guard let id = Int32(String(decoding: fields[0], as: UTF8.self)) else {
          throw fail(
            line, "movieId '\(String(decoding: fields[0], as: UTF8.self))' is not an integer")
        }
        guard let title = String(validating: fields[1], as: UTF8.self) else {
          throw fail(line, "the title is not valid UTF-8")
        }
        var year: Int?
        if !fields[2].isEmpty {
          guard let y = Int(String(decoding: fields[2], as: UTF8.self)) else {
            throw fail(
              line, "year '\(String(decoding: fields[2], as: UTF8.self))' is not an integer")
          }
          year = y
        }
        guard let genreText = String(validating: fields[3], as: UTF8.self) else {
          throw fail(line, "the genres are not valid UTF-8")
        }
        let genres =
          genreText.isEmpty
          ? [] : genreText.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        if !seen.insert(id).inserted { throw fail(line, "movieId \(id) is listed twice") }
        movies.append(Movie(id: id, title: title, year: year, genres: genres))
      }
    }
    return movies
  }

  /// The file's bytes for `movies`, in the given order.
  public static func encode(_ movies: [Movie]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(32 + movies.count * 48)
    out.appendText(header)
    out.append(10)
    for movie in movies {
      out.appendDecimal(movie.id)
      out.append(44)
      CSVRecordReader.appendField(movie.title, to: &out)
      out.append(44)
      if let year = movie.year { out.appendDecimal(year) }
      out.append(44)
      CSVRecordReader.appendField(movie.genres.joined(separator: "|"), to: &out)
      out.append(10)
    }
    return out
  }

  /// Writes `movies` to `path` atomically, in the given order.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite`.
  public static func write(_ movies: [Movie], to path: String) throws {
    try AtomicFileWriter.write(encode(movies), to: path)
  }
}
