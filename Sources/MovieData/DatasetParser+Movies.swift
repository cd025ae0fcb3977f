import RecsysCore

extension DatasetParser {
  /// ML-100K's genre flags, in `u.item` column order. "unknown" means no genre.
  static let ml100kGenres = [
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
    "Drama",
    "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War",
    "Western",
  ]

  /// Reads the movie file of `format`; malformed lines go to `issues` (and reading stops
  /// at the first one when `strict`).
  static func readMovies(
    _ format: DatasetFormat, _ bytes: [UInt8], path: String, strict: Bool, issues: inout IssueTally
  ) throws -> [Movie] {
    var movies: [Movie] = []
    var seen = IdIndex()
    var stop = false
    func record(
      _ line: Int, _ id: Int32, _ rawTitle: String, _ genres: [String], fallbackYear: Int? = nil
    ) {
      if !seen.insert(id).inserted {
        issues.add(
          LineIssue(line: line, kind: .duplicateMovie, reason: "movie id \(id) is listed twice"))
        stop = strict
        return
      }
      var (title, year) = SourceText.splitYear(rawTitle)
      if year == nil { year = fallbackYear }
      movies.append(Movie(id: id, title: title, year: year, genres: genres))
    }
    func fail(_ issue: LineIssue) {
      issues.add(issue)
      stop = strict
    }
    func genreList(_ text: String) -> [String] {
      if text.isEmpty || text == "(no genres listed)" { return [] }
      return text.split(separator: "|").map(String.init)
    }

    switch format {
    case .ml1m, .ml10m:
      let decode: (ArraySlice<UInt8>) -> String =
        format == .ml1m ? { SourceText.latin1($0) } : { SourceText.utf8OrLatin1($0) }
      SourceText.forEachLine(bytes) { line, range in
        if stop { return }
        let fields = SourceText.split(bytes[range], by: [58, 58])
        guard fields.count == 3 else {
          return fail(
            LineIssue(
              line: line, kind: .fieldCount,
              reason: "expected 3 fields (MovieID::Title::Genres), found \(fields.count)"))
        }
        guard let id = SourceText.int32(fields[0]) else {
          return fail(badId(line, fields[0]))
        }
        record(line, id, decode(fields[1]), genreList(decode(fields[2])))
      }
    case .ml100k:
      SourceText.forEachLine(bytes) { line, range in
        if stop { return }
        let fields = SourceText.split(bytes[range], by: [124])
        guard fields.count == 5 + ml100kGenres.count else {
          return fail(
            LineIssue(
              line: line, kind: .fieldCount,
              reason:
                "expected \(5 + ml100kGenres.count) fields separated by '|' (id, title, release date, video date, url, 19 genre flags), found \(fields.count)"
            ))
        }
        guard let id = SourceText.int32(fields[0]) else { return fail(badId(line, fields[0])) }
        var genres: [String] = []
        for (g, flag) in fields[5...].enumerated() {
          if flag.elementsEqual([49]) {
            if g > 0 { genres.append(ml100kGenres[g]) }
          } else if !flag.elementsEqual([48]) {
            return fail(
              LineIssue(
                line: line, kind: .badNumber,
                reason:
                  "genre flag '\(ml100kGenres[g])' is '\(SourceText.latin1(flag))', expected 0 or 1"
              ))
          }
        }
        // "01-Jan-1995": the release date's year, for titles without one.
        let date = SourceText.latin1(fields[2])
        let fallback = date.count >= 4 ? Int(date.suffix(4)) : nil
        record(line, id, SourceText.latin1(fields[1]), genres, fallbackYear: fallback)
      }
    case .csv:
      let start: Int
      do {
        start = try CSVRecordReader.checkHeader(
          bytes, expected: "movieId,title,genres", fileName: path)
      } catch RecsysCoreError.malformed(let file, let line, let reason) {
        throw MovieDataError.malformedLine(file: file, line: line, reason: reason)
      }
      var reader = CSVRecordReader(bytes: bytes, from: start, firstLine: 2)
      while !stop, let next = reader.next() {
        switch next {
        case .malformed(let issue):
          fail(issue)
        case .record(let line, let fields):
          guard fields.count == 3 else {
            fail(
              LineIssue(
                line: line, kind: .fieldCount,
                reason:
                  "expected 3 fields (movieId,title,genres), found \(fields.count) (quote titles that hold commas)"
              ))
            continue
          }
          guard let id = SourceText.int32(fields[0]) else {
            fail(badId(line, fields[0][...]))
            continue
          }
          record(
            line, id, SourceText.utf8OrLatin1(fields[1]),
            genreList(SourceText.utf8OrLatin1(fields[2])))
        }
      }
    }
    return movies
  }

  private static func badId(_ line: Int, _ field: ArraySlice<UInt8>) -> LineIssue {
    LineIssue(
      line: line, kind: .badNumber,
      reason: "movie id '\(String(decoding: field.prefix(40), as: UTF8.self))' is not an integer")
  }
}
