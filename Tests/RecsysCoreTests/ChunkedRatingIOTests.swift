import Testing

@testable import RecsysCore

/// The block-wise (and parallel) rating reader and writer give the bytes and rows of the
/// one-pass serial ones, for any block size and with one worker or several.
@Suite struct ChunkedRatingIOTests {
  /// A rating file with blank lines, CRLF ends, malformed lines of several kinds spread
  /// over the file, and no newline at the end.
  static let messy: [UInt8] = {
    var text = ""
    for i in 0..<300 {
      switch i % 37 {
      case 5: text += "\(i)::10::7::1\n"  // rating not allowed
      case 11: text += "\n"  // blank
      case 17: text += "\(i)::x::4::1\r\n"  // bad number
      case 23: text += "\(i)::99::4::1\n"  // unknown movie
      case 29: text += "\(i)::10::3\n"  // field count
      default: text += "\(i)::\(10 + i % 3)::\(1 + i % 5)::\(978_000_000 + i)" + (i % 7 == 0 ? "\r\n" : "\n")
      }
    }
    text += "300::10::5::1"
    return Array(text.utf8)
  }()

  static func scanner(strict: Bool) -> RatingScanner {
    RatingScanner(
      separator: .doubleColon, rule: .wholeStars, knownItems: IdIndex([10, 11, 12]),
      knownItemsSource: "movies.dat", stopAtFirstIssue: strict)
  }

  static func expectSame(_ a: RatingScanResult, _ b: RatingScanResult) {
    #expect(a.table == b.table)
    #expect(a.dataLines == b.dataLines)
    #expect(a.skipped == b.skipped)
    #expect(a.firstIssue == b.firstIssue)
  }

  @Test(arguments: [false, true])
  func blockScanEqualsOneScanForAnyBlockSizeAndThreadCount(strict: Bool) {
    let scanner = Self.scanner(strict: strict)
    let whole = scanner.scan(Self.messy, firstLine: 3, chunkBytes: Int.max, parallel: false)
    #expect(whole.table.count > (strict ? 0 : 250))
    #expect(whole.firstIssue?.line == 3 + 5)
    for chunk in [1, 7, 64, 500, 4096] {
      for parallel in [false, true] {
        Self.expectSame(scanner.scan(Self.messy, firstLine: 3, chunkBytes: chunk, parallel: parallel), whole)
      }
    }
  }

  @Test func blockScanNumbersALateIssueByItsLineInTheFile() {
    var text = ""
    for i in 0..<200 { text += "\(i)::10::4::1\n" }
    text += "bad line\n"
    for i in 0..<50 { text += "\(i)::10::4::1\n" }
    let result = Self.scanner(strict: true).scan(Array(text.utf8), firstLine: 2, chunkBytes: 100, parallel: true)
    #expect(result.firstIssue?.line == 202)
    #expect(result.table.count == 200)
    #expect(result.dataLines == 201)
  }

  @Test func blockScanFromAnOffsetEqualsOneScan() throws {
    let bytes = RatingsCSV.encode(Self.table(rows: 1000))
    let start = try CSVRecordReader.checkHeader(bytes, expected: RatingsCSV.header, fileName: "ratings.csv")
    let scanner = RatingScanner(separator: .comma)
    let whole = scanner.scan(bytes, from: start, firstLine: 2, chunkBytes: Int.max, parallel: false)
    #expect(whole.table == Self.table(rows: 1000))
    Self.expectSame(scanner.scan(bytes, from: start, firstLine: 2, chunkBytes: 333, parallel: true), whole)
    Self.expectSame(scanner.scan(bytes, from: bytes.count, chunkBytes: 10), scanner.scan(bytes, from: bytes.count))
  }

  static func table(rows: Int) -> RatingTable {
    var table = RatingTable()
    var generator = SeededGenerator(seed: 9)
    for i in 0..<rows {
      table.append(
        user: Int32(generator.nextInt(below: 5000)), item: Int32(generator.nextInt(below: 4000)),
        rating: Float(1 + generator.nextInt(below: 9)) / 2, timestamp: Int64(978_000_000 + i))
    }
    return table
  }

  @Test func blockWriterWritesTheBytesOfEncodeForAnyBlockSizeAndThreadCount() throws {
    let table = Self.table(rows: 2500)
    let expected = RatingsCSV.encode(table)
    let dir = TempDirectory()
    for blockRows in [1, 3, 100, 1 << 16] {
      for parallel in [false, true] {
        let path = dir.file("ratings-\(blockRows)-\(parallel).csv")
        let writer = try RatingsCSVWriter(path: path)
        try writer.append(table, blockRows: blockRows, parallel: parallel)
        try writer.commit()
        #expect(writer.rowCount == table.count)
        #expect(try FileIO.readBytes(atPath: path) == expected)
      }
    }
  }

  @Test func maskedWriterKeepsRowOrderOnBothSides() throws {
    let table = Self.table(rows: 2500)
    var generator = SeededGenerator(seed: 4)
    let mask = (0..<table.count).map { _ in generator.nextInt(below: 5) == 0 }
    let chosen = RatingsCSV.encode(table.rows((0..<table.count).filter { mask[$0] }))
    let rest = RatingsCSV.encode(table.rows((0..<table.count).filter { !mask[$0] }))
    let dir = TempDirectory()
    for blockRows in [1, 7, 1 << 16] {
      for parallel in [false, true] {
        let a = try RatingsCSVWriter(path: dir.file("a.csv"))
        let b = try RatingsCSVWriter(path: dir.file("b.csv"))
        try RatingsCSVWriter.append(table, where: mask, to: a, others: b, blockRows: blockRows, parallel: parallel)
        try a.commit()
        try b.commit()
        #expect(a.rowCount + b.rowCount == table.count)
        #expect(a.rowCount == mask.filter { $0 }.count)
        #expect(try FileIO.readBytes(atPath: dir.file("a.csv")) == chosen)
        #expect(try FileIO.readBytes(atPath: dir.file("b.csv")) == rest)
      }
    }
  }

  /// Reading a file segment by segment gives the table `decode` gives for its bytes, and
  /// the same first bad line, for segments down to one byte (lines cut anywhere).
  @Test func segmentedFileReadEqualsDecodingTheWholeFile() throws {
    var text = "\u{FEFF}userId,movieId,rating,timestamp\r\n"
    for i in 0..<120 { text += i % 13 == 4 ? "\n" : "\(i),\(i % 9),\(1 + i % 5),\(978_000_000 + i)" + (i % 5 == 0 ? "\r\n" : "\n") }
    text += "999,1,2.5,7"  // no newline at the end
    let dir = TempDirectory()
    let good = dir.file("good.csv")
    try AtomicFileWriter.write(Array(text.utf8), to: good)
    let whole = try RatingsCSV.decode(Array(text.utf8), fileName: good)
    #expect(whole.count == 112)  // 120 lines, 9 of them blank, and the last
    for segment in [1, 2, 7, 64, 1000, 64 << 20] {
      #expect(try RatingsCSV.read(path: good, segmentBytes: segment) == whole)
    }
    // A bad line late in the file, and a bad header: the same error as decoding.
    let bad = dir.file("bad.csv")
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines[78] = "77,x,3,1"
    try AtomicFileWriter.write(Array(lines.joined(separator: "\n").utf8), to: bad)
    let header = dir.file("header.csv")
    try AtomicFileWriter.write(Array("userId,movieId\n1,2\n".utf8), to: header)
    let empty = dir.file("empty.csv")
    try AtomicFileWriter.write([], to: empty)
    for path in [bad, header, empty] {
      let error = try #require(throws: RecsysCoreError.self) {
        try RatingsCSV.decode(FileIO.readBytes(atPath: path), fileName: path)
      }
      let expected = "\(error)"
      #expect(expected.contains(path))
      for segment in [1, 5, 300, 64 << 20] {
        let got = #expect(throws: RecsysCoreError.self) { try RatingsCSV.read(path: path, segmentBytes: segment) }
        #expect(got.map { "\($0)" } == expected)
      }
    }
  }

  /// A missing file and a folder are `cannotRead` errors that name the path and say why.
  @Test func segmentedReadOfAMissingFileOrAFolderSaysWhy() throws {
    let dir = TempDirectory()
    for (path, reason) in [(dir.file("missing.csv"), "no such file or directory"), (dir.path, "it is a directory")] {
      let error = try #require(throws: RecsysCoreError.self) { try RatingsCSV.read(path: path) }
      #expect("\(error)".contains(path) && "\(error)".contains(reason), "\(error)")
    }
  }
}
