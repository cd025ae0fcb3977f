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
  /// The file is read in segments of about `segmentBytes` (`RatingScanner.scanFile`):
  /// the table, and the first bad line, are those of `decode` on the whole file.
  public static func read(path: String, segmentBytes: Int = 64 << 20) throws -> RatingTable {
    let result = try RatingScanner(separator: .comma).scanFile(path: path, segmentBytes: segmentBytes, firstLine: 2) {
      try CSVRecordReader.checkHeader($0, expected: header, fileName: path)
    }
    if let issue = result.firstIssue {
      throw RecsysCoreError.malformed(file: path, line: issue.line, reason: issue.reason)
    }
    return result.table
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
