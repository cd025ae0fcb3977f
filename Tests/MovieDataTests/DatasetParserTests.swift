import Foundation
import RecsysCore
import Testing

@testable import MovieData

@Suite struct DatasetParserTests {
  @Test(arguments: [
    ("ml-100k", DatasetFormat.ml100k, "ml-100k"),
    ("ml-1m", DatasetFormat.ml1m, "."),
    ("ml-10m", DatasetFormat.ml10m, "ml-10M100K"),
    ("ml-latest-small", DatasetFormat.csv, "."),
  ])
  func detectsEachLayout(name: String, format: DatasetFormat, relative: String) throws {
    let found = try DatasetParser.detect(in: fixture(name))
    #expect(found.format == format)
    #expect(found.relativeDirectory == relative)
  }

  @Test func ml1mLatin1TitlesBecomeUTF8AndYearsSplitOff() throws {
    let out = TempDirectory()
    let summary = try DatasetParser.parse(input: fixture("ml-1m"), output: out.path)
    #expect(
      summary
        == ParseSummary(
          format: .ml1m, datasetDirectory: ".", users: 3, movies: 4, ratedMovies: 3, ratings: 5,
          skippedMovieLines: 0, skippedRatingLines: 0,
          files: ["movies.csv", "ratings.csv", "stats.json"]))
    #expect(out.names() == ["movies.csv", "ratings.csv", "stats.json"])
    #expect(
      out.text("movies.csv") == """
        movieId,title,year,genres
        73,"Misérables, Les",1995,Drama|Musical
        661,"Peach Giant, The",1996,Animation|Children's|Musical
        1193,One Flew Home,1975,Drama
        2000,Never Rated,1999,Comedy

        """)
    #expect(
      out.text("ratings.csv") == """
        userId,movieId,rating,timestamp
        1,1193,5,978177303
        1,661,3,978178652
        2,1193,4,978174956
        2,73,2,978175543
        3,661,1,978173543

        """)
    let stats = readJSON(out.file("stats.json"))
    #expect(stats["format"] as? String == "ml-1m")
    #expect(stats["users"] as? Int == 3)
    #expect(stats["movies"] as? Int == 4)
    #expect(stats["rated_movies"] as? Int == 3)
    #expect(stats["ratings"] as? Int == 5)
    #expect(stats["mean_rating"] as? Double == 3)
    #expect((stats["sparsity"] as? Double).map { abs($0 - (1 - 5.0 / 9)) < 1e-6 } == true)
    #expect(
      stats["rating_histogram"] as? [String: Int] == ["1": 1, "2": 1, "3": 1, "4": 1, "5": 1])
    let perUser = stats["ratings_per_user"] as? [String: Double] ?? [:]
    #expect(
      perUser["min"] == 1 && perUser["max"] == 2 && perUser["p50"] == 2 && perUser["p25"] == 1.5)
    let genres = stats["top_genres"] as? [[String: Any]] ?? []
    #expect(
      genres.map { $0["genre"] as? String } == [
        "Drama", "Musical", "Animation", "Children's", "Comedy",
      ])
    #expect(genres.first?["ratings"] as? Int == 3)
  }

  @Test func ml100kGenreFlagsAndReleaseDateYear() throws {
    let out = TempDirectory()
    let summary = try DatasetParser.parse(input: fixture("ml-100k"), output: out.path)
    #expect(summary.format == .ml100k)
    #expect(summary.datasetDirectory == "ml-100k")
    #expect(
      out.text("movies.csv") == """
        movieId,title,year,genres
        10,"Misérables, Les",1995,Drama|Musical
        20,Moon Garden,1996,Action|Adventure
        30,Untitled Reel,1997,

        """)
    #expect(
      out.text("ratings.csv").hasPrefix(
        "userId,movieId,rating,timestamp\n1,10,5,874842301\n1,20,3,"))
  }

  @Test func ml10mHalfStarsAndMixedEncodings() throws {
    let out = TempDirectory()
    _ = try DatasetParser.parse(input: fixture("ml-10m"), output: out.path)
    #expect(
      out.text("movies.csv") == """
        movieId,title,year,genres
        1,Café Stories,1995,Comedy|Romance
        2,Señor Blue,1994,Drama
        3,No Genre Film,2001,

        """)
    #expect(
      out.text("ratings.csv") == """
        userId,movieId,rating,timestamp
        1,1,5,838861589
        1,2,3.5,838860068
        2,3,0.5,838859964
        2,1,4,838859935

        """)
    let stats = readJSON(out.file("stats.json"))
    #expect((stats["rating_histogram"] as? [String: Int])?.count == 10)
    #expect((stats["rating_histogram"] as? [String: Int])?["3.5"] == 1)
    #expect(stats["movies_without_genres"] as? Int == 1)
  }

  @Test func csvQuotedTitlesSeriesYearsAndNoGenres() throws {
    let out = TempDirectory()
    let summary = try DatasetParser.parse(input: fixture("ml-latest-small"), output: out.path)
    #expect(summary.format == .csv)
    #expect(
      out.text("movies.csv") == """
        movieId,title,year,genres
        1,"Garden Party, The",1995,Comedy|Romance
        2,"Say ""Hello"", Again",2004,Drama
        3,Orbit Five,1994,Sci-Fi
        4,Amélie Street,2001,
        5,Untitled Short,,Documentary

        """)
    #expect(
      out.text("ratings.csv") == """
        userId,movieId,rating,timestamp
        1,1,4,964859246
        1,3,4.5,964857790
        5,2,2.5,964858767
        5,1,5,964860358
        1,4,0.5,964859474

        """)
    // The normalized files read back with the shared readers.
    let movies = try MoviesCSV.read(path: out.file("movies.csv"))
    #expect(movies[1].title == "Say \"Hello\", Again")
    #expect(try RatingsCSV.read(path: out.file("ratings.csv")).count == 5)
  }

  @Test func sameInputSameBytes() throws {
    let a = TempDirectory()
    let b = TempDirectory()
    _ = try DatasetParser.parse(input: fixture("ml-latest-small"), output: a.path)
    _ = try DatasetParser.parse(input: fixture("ml-latest-small"), output: b.path)
    for name in DatasetParser.outputFiles { #expect(a.read(name) == b.read(name)) }
  }

  @Test func unknownLayoutListsWhatWasFoundAndWhatIsNeeded() {
    let dir = TempDirectory()
    dir.write("data/ratings.txt", "1 2 3\n")
    dir.write("README", "hi\n")
    #expect(
      throws: MovieDataError.unknownFormat(
        directory: dir.path, found: ["README", "data/", "data/ratings.txt"])
    ) {
      try DatasetParser.parse(input: dir.path, output: dir.file("out"))
    }
    let message = String(
      describing: MovieDataError.unknownFormat(directory: "raw", found: ["README"]))
    #expect(
      message
        == "no movielens dataset found in 'raw' (found: README); ml-100k needs u.data, u.item; ml-1m needs ratings.dat, movies.dat, users.dat; ml-10m needs ratings.dat, movies.dat; ml-20m, ml-25m, ml-32m, ml-latest-small need ratings.csv, movies.csv"
    )
  }

  /// An ML-1M folder whose ratings.dat is `ratings` (movies 1 and 2 exist).
  func ml1m(ratings: String) -> TempDirectory {
    let dir = TempDirectory()
    dir.write("ml-1m/movies.dat", bytes: latin1("1::Alpha (1990)::Drama\n2::Beta (1991)::Comedy\n"))
    dir.write("ml-1m/users.dat", "1::F::1::10::00001\n")
    dir.write("ml-1m/ratings.dat", ratings)
    return dir
  }

  @Test(arguments: [
    ("1::1::5::100\n1::2::4\n", 2, "expected 4 fields separated by '::', found 3"),
    ("1::1::5::100\n1::2::4::100::9\n", 2, "expected 4 fields separated by '::', found 5"),
    ("1::1::5::100\nx::2::4::100\n", 2, "userId 'x' is not an integer"),
    ("1::1::5::100\n1::1::7::100\n", 2, "rating 7 is not allowed (expected 1, 2, 3, 4 or 5)"),
    ("1::1::3.5::100\n", 1, "rating 3.5 is not allowed (expected 1, 2, 3, 4 or 5)"),
    ("1::1::5::100\n1::2::4::100\n1::9::4::100\n", 3, "movie id 9 is not in movies.dat"),
    (
      "1::1::5::100\n1::2::", 2,
      "expected 4 fields separated by '::', found 3 (the file ends inside this line: truncated?)"
    ),
  ])
  func malformedRatingLineNamesFileAndLine(ratings: String, line: Int, reason: String) {
    let dir = ml1m(ratings: ratings)
    let file = dir.file("ml-1m/ratings.dat")
    #expect(throws: MovieDataError.malformedLine(file: file, line: line, reason: reason)) {
      try DatasetParser.parse(input: dir.path, output: dir.file("out"))
    }
    #expect(!FileManager.default.fileExists(atPath: dir.file("out/ratings.csv")))
  }

  @Test(arguments: [
    (
      "1::Alpha (1990)::Drama\n2::Beta (1991)\n", 2,
      "expected 3 fields (MovieID::Title::Genres), found 2"
    ),
    ("1::Alpha (1990)::Drama\nB::Beta (1991)::Comedy\n", 2, "movie id 'B' is not an integer"),
    ("1::Alpha (1990)::Drama\n1::Beta (1991)::Comedy\n", 2, "movie id 1 is listed twice"),
  ])
  func malformedMovieLine(movies: String, line: Int, reason: String) {
    let dir = ml1m(ratings: "1::1::5::100\n")
    dir.write("ml-1m/movies.dat", movies)
    #expect(
      throws: MovieDataError.malformedLine(
        file: dir.file("ml-1m/movies.dat"), line: line, reason: reason)
    ) {
      try DatasetParser.parse(input: dir.path, output: dir.file("out"))
    }
  }

  @Test func malformedCSVMovieAndHeader() {
    let dir = TempDirectory()
    dir.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,5\n")
    dir.write("movies.csv", "movieId,title,genres\n1,\"Open (1999),Drama\n")
    #expect(
      throws: MovieDataError.malformedLine(
        file: dir.file("movies.csv"), line: 2,
        reason:
          "field 2 opens a quote that is never closed (double quotes inside a quoted field are written \"\")"
      )
    ) {
      try DatasetParser.parse(input: dir.path, output: dir.file("out"))
    }
    dir.write("movies.csv", "movieId,title,genres\n1,Open (1999),Drama\n")
    dir.write("ratings.csv", "user,movie,rating,time\n1,1,4.0,5\n")
    #expect(
      throws: MovieDataError.malformedLine(
        file: dir.file("ratings.csv"), line: 1,
        reason:
          "expected the header 'userId,movieId,rating,timestamp', found 'user,movie,rating,time'")
    ) {
      try DatasetParser.parse(input: dir.path, output: dir.file("out"))
    }
  }

  @Test func lenientModeSkipsAndCounts() throws {
    let dir = ml1m(
      ratings: "1::1::5::100\n1::1::7::100\n2::9::3::100\nz::1::3::100\n2::2::4::100\n3::1::2\n")
    dir.write(
      "ml-1m/movies.dat", "1::Alpha (1990)::Drama\n2::Beta (1991)::Comedy\n2::Again (1992)::War\n")
    let summary = try DatasetParser.parse(
      input: dir.path, output: dir.file("out"), params: ParseParams(strict: false))
    #expect(summary.ratings == 2)
    #expect(summary.skippedRatingLines == 4)
    #expect(summary.skippedMovieLines == 1)
    let stats = readJSON(dir.file("out/stats.json"))
    #expect(stats["strict"] as? Bool == false)
    let skipped = stats["skipped_lines"] as? [String: [String: Int]] ?? [:]
    #expect(
      skipped["ratings"] == [
        "field_count": 1, "bad_number": 1, "rating_not_allowed": 1, "unknown_movie": 1,
        "duplicate_movie": 0,
        "bad_text": 0, "total": 4,
      ])
    #expect(skipped["movies"]?["duplicate_movie"] == 1)
    #expect(
      dir.text("out/ratings.csv") == "userId,movieId,rating,timestamp\n1,1,5,100\n2,2,4,100\n")
  }

  @Test func refusesToWriteOverTheSource() throws {
    let dir = TempDirectory()
    dir.write("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,5\n")
    dir.write("movies.csv", "movieId,title,genres\n1,Open (1999),Drama\n")
    #expect(
      throws: MovieDataError.invalidParameter(
        name: "output", reason: "'\(dir.path)/' is the dataset folder itself; write the parsed files to another folder")
    ) {
      try DatasetParser.parse(input: dir.path, output: dir.path + "/")
    }
    #expect(dir.text("movies.csv") == "movieId,title,genres\n1,Open (1999),Drama\n")
  }

  @Test func emptyRatingsIsAnError() {
    let dir = ml1m(ratings: "")
    #expect(throws: MovieDataError.noRatings(file: dir.file("ml-1m/ratings.dat"))) {
      try DatasetParser.parse(input: dir.path, output: dir.file("out"))
    }
  }

  @Test(arguments: [
    ("Toy Story (1995)", "Toy Story", 1995),
    ("American President, The (1995)", "American President, The", 1995),
    (
      "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
      "City of Lost Children, The (Cité des enfants perdus, La)", 1995
    ),
    ("Babylon 5 (1994-1998) ", "Babylon 5", 1994),
    ("Show (2007-)", "Show", 2007),
    ("Serial (2006\u{2013}2007)", "Serial", 2006),
    ("Hyena Road", "Hyena Road", nil),
    ("(500) Days of Summer (2009)", "(500) Days of Summer", 2009),
    ("1900 (Novecento)", "1900 (Novecento)", nil),
    ("(1995)", "(1995)", nil),
    ("Odd (19a5)", "Odd (19a5)", nil),
  ])
  func splitsTrailingYears(raw: String, title: String, year: Int?) {
    let split = SourceText.splitYear(raw)
    #expect(split.title == title)
    #expect(split.year == year)
  }
}
