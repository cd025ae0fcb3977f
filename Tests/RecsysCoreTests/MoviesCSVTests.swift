import Testing

@testable import RecsysCore

@Suite struct MoviesCSVTests {
  let movies = [
    Movie(id: 1, title: "Toy Story", year: 1995, genres: ["Animation", "Children's", "Comedy"]),
    Movie(id: 11, title: "American President, The", year: 1995, genres: ["Comedy", "Drama"]),
    Movie(id: 12, title: "Say \"Hi\", Now", year: nil, genres: []),
    Movie(id: 73, title: "Misérables, Les", year: 1995, genres: ["Drama", "Musical"]),
  ]

  @Test func quotesOnlyWhereNeeded() {
    let text = String(decoding: MoviesCSV.encode(movies), as: UTF8.self)
    #expect(
      text == """
        movieId,title,year,genres
        1,Toy Story,1995,Animation|Children's|Comedy
        11,"American President, The",1995,Comedy|Drama
        12,"Say ""Hi"", Now",,
        73,"Misérables, Les",1995,Drama|Musical

        """)
  }

  @Test func roundTrips() throws {
    let dir = TempDirectory()
    try MoviesCSV.write(movies, to: dir.file("movies.csv"))
    #expect(try MoviesCSV.read(path: dir.file("movies.csv")) == movies)
    #expect(movies[0].displayTitle == "Toy Story (1995)")
    #expect(movies[2].displayTitle == "Say \"Hi\", Now")
  }

  @Test(arguments: [
    (
      "movieId,title,year,genres\n1,A,1995\n", 2,
      "expected 4 fields (movieId,title,year,genres), found 3"
    ),
    ("movieId,title,year,genres\n1,A,1995,X\nz,B,1995,X\n", 3, "movieId 'z' is not an integer"),
    ("movieId,title,year,genres\n1,A,95a,X\n", 2, "year '95a' is not an integer"),
    ("movieId,title,year,genres\n1,A,,X\n1,B,,Y\n", 3, "movieId 1 is listed twice"),
    (
      "movieId,title,year,genres\n1,\"A,,X\n2,B,,Y\n", 2,
      "field 2 opens a quote that is never closed (double quotes inside a quoted field are written \"\")"
    ),
    (
      "movieId,title,year,genres\n1,\"A\"x,,X\n", 2,
      "unexpected text after the closing quote of field 2 (quote the whole field and double inner quotes)"
    ),
    (
      "movieId,title,genres\n1,A,X\n", 1,
      "expected the header 'movieId,title,year,genres', found 'movieId,title,genres'"
    ),
  ])
  func malformedRecords(text: String, line: Int, reason: String) {
    #expect(throws: RecsysCoreError.malformed(file: "m.csv", line: line, reason: reason)) {
      try MoviesCSV.decode(Array(text.utf8), fileName: "m.csv")
    }
  }

  @Test func invalidUTF8TitleIsAnError() {
    var bytes = Array("movieId,title,year,genres\n1,Mis".utf8)
    bytes += [0xE9] + Array("rables,,\n".utf8)
    #expect(
      throws: RecsysCoreError.malformed(
        file: "m.csv", line: 2, reason: "the title is not valid UTF-8")
    ) {
      try MoviesCSV.decode(bytes, fileName: "m.csv")
    }
  }

  @Test func readerKeepsLineNumbersAcrossQuotedNewlines() {
    let text = "a,\"two\nlines\",c\r\nd,e,f\n\n\"g\"\"h\",,\n"
    var reader = CSVRecordReader(bytes: Array(text.utf8))
    var got: [CSVRecordReader.Next] = []
    while let next = reader.next() { got.append(next) }
    #expect(
      got == [
        .record(line: 1, fields: [Array("a".utf8), Array("two\nlines".utf8), Array("c".utf8)]),
        .record(line: 3, fields: [Array("d".utf8), Array("e".utf8), Array("f".utf8)]),
        .record(line: 5, fields: [Array("g\"h".utf8), [], []]),
      ])
  }

  @Test func readerSkipsPastABadRecordAndGoesOn() {
    var reader = CSVRecordReader(bytes: Array("1,\"x\"y,2\n3,4\n".utf8))
    guard case .malformed(let issue) = reader.next() else {
      Issue.record("expected a malformed record")
      return
    }
    #expect(issue.line == 1)
    #expect(reader.next() == .record(line: 2, fields: [Array("3".utf8), Array("4".utf8)]))
    #expect(reader.next() == nil)
  }
}
