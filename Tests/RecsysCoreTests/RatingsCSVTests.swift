import Testing

@testable import RecsysCore

@Suite struct RatingsCSVTests {
  let sample = RatingTable(
    users: [1, 1, 7, 70000],
    items: [1193, 661, 5, 1],
    ratings: [5, 3.5, 0.5, 4],
    timestamps: [978_000_001, 978_000_002, 0, 1_700_000_000])

  @Test func encodesWholeStarsWithoutFractionAndHalvesWithOne() {
    let text = String(decoding: RatingsCSV.encode(sample), as: UTF8.self)
    #expect(
      text == """
        userId,movieId,rating,timestamp
        1,1193,5,978000001
        1,661,3.5,978000002
        7,5,0.5,0
        70000,1,4,1700000000

        """)
  }

  @Test func ratingTextForOtherValues() {
    var out: [UInt8] = []
    out.appendRating(3.25)
    out.append(32)
    out.appendRating(-0.5)
    out.append(32)
    out.appendRating(10)
    #expect(String(decoding: out, as: UTF8.self) == "3.25 -0.5 10")
  }

  @Test func roundTripsThroughAFile() throws {
    let dir = TempDirectory()
    try RatingsCSV.write(sample, to: dir.file("ratings.csv"))
    #expect(dir.names() == ["ratings.csv"])
    #expect(try RatingsCSV.read(path: dir.file("ratings.csv")) == sample)
  }

  @Test func acceptsCRLFMissingFinalNewlineBlankLinesAndDecimals() throws {
    let text = "userId,movieId,rating,timestamp\r\n1,2,4.0,10\r\n\r\n3,4,2.50,20"
    let table = try RatingsCSV.decode(Array(text.utf8), fileName: "r.csv")
    #expect(table.users == [1, 3])
    #expect(table.ratings == [4, 2.5])
    #expect(table.timestamps == [10, 20])
  }

  @Test func emptyBodyIsAnEmptyTable() throws {
    let table = try RatingsCSV.decode(
      Array("userId,movieId,rating,timestamp\n".utf8), fileName: "r.csv")
    #expect(table.isEmpty)
  }

  @Test(arguments: [
    (
      "userId,movieId,rating\n1,2,3\n", 1,
      "expected the header 'userId,movieId,rating,timestamp', found 'userId,movieId,rating'"
    ),
    ("", 1, "expected the header 'userId,movieId,rating,timestamp', found an empty line"),
    (
      "userId,movieId,rating,timestamp\n1,2,3,4\n1,2,3\n", 3,
      "expected 4 fields separated by ',', found 3"
    ),
    (
      "userId,movieId,rating,timestamp\n1,2,3,4\n1,2", 3,
      "expected 4 fields separated by ',', found 2 (the file ends inside this line: truncated?)"
    ),
    ("userId,movieId,rating,timestamp\n1,x,3,4\n", 2, "movieId 'x' is not an integer"),
    (
      "userId,movieId,rating,timestamp\n1,2,3,4,5\n", 2,
      "expected 4 fields separated by ',', found 5"
    ),
    ("userId,movieId,rating,timestamp\n\n1,2,three,4\n", 3, "rating 'three' is not a number"),
    (
      "userId,movieId,rating,timestamp\n99999999999,2,3,4\n", 2,
      "userId '99999999999' is out of range"
    ),
    ("userId,movieId,rating,timestamp\n1,2,3.,4\n", 2, "rating '3.' is not a number"),
  ])
  func malformedLinesNameFileAndLine(text: String, line: Int, reason: String) {
    #expect(throws: RecsysCoreError.malformed(file: "data/r.csv", line: line, reason: reason)) {
      try RatingsCSV.decode(Array(text.utf8), fileName: "data/r.csv")
    }
  }

  @Test func errorTextLooksLikeACompilerDiagnostic() {
    let error = RecsysCoreError.malformed(
      file: "a/ratings.csv", line: 3, reason: "rating 'x' is not a number")
    #expect(String(describing: error) == "a/ratings.csv:3: error: rating 'x' is not a number")
  }

  @Test func missingFileIsACannotReadError() {
    #expect(
      throws: RecsysCoreError.cannotRead(
        path: "/nonexistent/r.csv", reason: "no such file or directory")
    ) {
      try RatingsCSV.read(path: "/nonexistent/r.csv")
    }
  }

  @Test func scannerSkipsAndCountsWhenNotStopping() {
    let text =
      "1::10::5::1\n2::10::7::1\n3::99::4::1\n4::x::4::1\n5::10::3\n6::10::3.5::1\n7::10::1::1\n"
    let scanner = RatingScanner(
      separator: .doubleColon, rule: .wholeStars, knownItems: IdIndex([10]),
      knownItemsSource: "movies.dat", stopAtFirstIssue: false)
    let result = scanner.scan(Array(text.utf8))
    #expect(result.table.users == [1, 7])
    #expect(result.dataLines == 7)
    #expect(result.skippedCount(.ratingNotAllowed) == 2)
    #expect(result.skippedCount(.unknownMovie) == 1)
    #expect(result.skippedCount(.badNumber) == 1)
    #expect(result.skippedCount(.fieldCount) == 1)
    #expect(result.totalSkipped == 5)
    #expect(
      result.firstIssue
        == LineIssue(
          line: 2, kind: .ratingNotAllowed,
          reason: "rating 7 is not allowed (expected 1, 2, 3, 4 or 5)"))
  }

  @Test func scannerReadsTabsAndHalfStars() {
    let scanner = RatingScanner(separator: .tab, rule: .halfStars)
    let result = scanner.scan(Array("196\t242\t3\t881250949\n186\t302\t0.5\t891717742\n".utf8))
    #expect(
      result.table
        == RatingTable(
          users: [196, 186], items: [242, 302], ratings: [3, 0.5],
          timestamps: [881_250_949, 891_717_742]))
    #expect(result.firstIssue == nil)
  }

  @Test func rowsSelectsInGivenOrder() {
    let picked = sample.rows([3, 0])
    #expect(picked.users == [70000, 1])
    #expect(picked.ratings == [4, 5])
  }
}

@Suite struct NewlineCountTests {
  @Test func countsEveryNewlineAtEveryAlignment() {
    var g = SeededGenerator(seed: 3)
    let bytes = (0..<1000).map { _ -> UInt8 in
      let r = g.nextInt(below: 6)
      return r == 0
        ? 10
        : r == 1
          ? 0x8A : r == 2 ? 0x0B : r == 3 ? 0x09 : UInt8(truncatingIfNeeded: g.nextInt(below: 256))
    }
    bytes.withUnsafeBufferPointer { b in
      for offset in [0, 1, 3, 7, 8, 13, 999, 1000] {
        #expect(
          RatingScanner.countNewlines(b, from: offset) == bytes[offset...].filter { $0 == 10 }.count
        )
      }
    }
  }
}
