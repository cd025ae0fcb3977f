#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics

/// The normalized ratings file shared by all stages:
///
/// ```
/// userId,movieId,rating,timestamp
/// 1,1193,5,978000001
/// 1,661,3.5,978302109
/// ```
///
/// Raw ids, ratings without a fraction when whole, `\n` line ends, rows in the order
/// the stage chose (parse keeps the source order). pandas reads it with `read_csv`,
/// Surprise with `Reader(line_format='user item rating timestamp', sep=',', skip_lines=1)`.
public enum RatingsCSV {
  /// The header line, without its newline.
  public static let header = "userId,movieId,rating,timestamp"

  /// Reads a ratings file into a table, keeping the file order.
  ///
  /// - Throws: `RecsysCoreError.cannotRead`, or `.malformed` naming the file and line
  ///   of the first bad line (wrong header, wrong field count, a non-number).
  ///
  /// The file is read in segments of about `segmentBytes` (each ending at a line end)
  /// and each is parsed before the next is read, so the bytes of a large file are never
  /// all in memory beside the table (at ML-25M's shape 490 MB of text for a 400 MB
  /// table). The table, and the first bad line, are those of `decode` on the whole file.
  public static func read(path: String, segmentBytes: Int = 64 << 20) throws -> RatingTable {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw RecsysCoreError.cannotRead(path: path, reason: FileIO.errnoText()) }
    defer { close(fd) }
    var info = stat()
    if fstat(fd, &info) != 0 { throw RecsysCoreError.cannotRead(path: path, reason: FileIO.errnoText()) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw RecsysCoreError.cannotRead(path: path, reason: "it is a directory, expected a file")
    }
    let scanner = RatingScanner(separator: .comma)
    var table = RatingTable()
    var pending: [UInt8] = []  // read, not parsed yet: ends inside a line unless at the end
    var bodyStart: Int?  // nil until the header line is checked
    var line = 2
    var atEnd = false
    while !atEnd {
      let before = pending.count
      pending.append(contentsOf: repeatElement(0, count: max(1, segmentBytes)))
      let got = try pending.withUnsafeMutableBytes { buffer throws(RecsysCoreError) -> Int in
        do throws(SystemError) {
          return try Syscall.readFully(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[before...]), path: path)
        } catch { throw RecsysCoreError.cannotRead(path: path, reason: error.reason) }
      }
      pending.removeSubrange((before + got)...)
      atEnd = got == 0
      // Parse up to the last line end (everything once the file ended).
      let cut = atEnd ? pending.count : (pending.lastIndex(of: 10).map { $0 + 1 } ?? 0)
      if cut == 0 && (!atEnd || bodyStart != nil) { continue }
      let segment = Array(pending[..<cut])
      pending.removeSubrange(..<cut)
      let start = try bodyStart ?? CSVRecordReader.checkHeader(segment, expected: header, fileName: path)
      bodyStart = 0
      let result = scanner.scan(segment, from: start, firstLine: line)
      if let issue = result.firstIssue {
        throw RecsysCoreError.malformed(file: path, line: issue.line, reason: issue.reason)
      }
      if table.count == 0 {
        // Room for the whole file at this segment's rows per byte, so the columns are
        // not copied as they grow (pages are only touched as rows arrive).
        let estimate = Double(result.table.count) / Double(max(1, cut - start)) * Double(info.st_size)
        table.reserveCapacity(Int(estimate * 1.05) + 1024)
      }
      table.append(contentsOf: result.table)
      line += segment.withUnsafeBufferPointer { RatingScanner.countNewlines($0, from: start) }
    }
    return table
  }

  /// Parses the bytes of a ratings file; `fileName` names it in errors.
  ///
  /// - Throws: `RecsysCoreError.malformed`.
  public static func decode(_ bytes: [UInt8], fileName: String) throws -> RatingTable {
    let bodyStart = try CSVRecordReader.checkHeader(bytes, expected: header, fileName: fileName)
    let result = RatingScanner(separator: .comma).scan(bytes, from: bodyStart, firstLine: 2)
    if let issue = result.firstIssue {
      throw RecsysCoreError.malformed(file: fileName, line: issue.line, reason: issue.reason)
    }
    return result.table
  }

  /// The file's bytes for `table` (all rows, in order).
  public static func encode(_ table: RatingTable) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(32 + table.count * 24)
    out.appendText(header)
    out.append(10)
    for i in 0..<table.count { appendRow(table, i, to: &out) }
    return out
  }

  /// Writes `table` to `path` atomically.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite`.
  public static func write(_ table: RatingTable, to path: String) throws {
    let writer = try RatingsCSVWriter(path: path)
    try writer.append(table)
    try writer.commit()
  }

  /// Appends row `i` of `table` as one line.
  @inlinable
  public static func appendRow(_ table: RatingTable, _ i: Int, to out: inout [UInt8]) {
    out.appendDecimal(table.users[i])
    out.append(44)
    out.appendDecimal(table.items[i])
    out.append(44)
    out.appendRating(table.ratings[i])
    out.append(44)
    out.appendDecimal(table.timestamps[i])
    out.append(10)
  }
}
