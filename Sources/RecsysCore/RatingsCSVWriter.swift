/// Streams rows into a ratings file in the `RatingsCSV` format, atomically.
///
/// Rows are formatted into a 1 MiB buffer and written as it fills, so a 25M-row split
/// never holds its output in memory. Nothing is visible at `path` before `commit()`.
public final class RatingsCSVWriter {
  private let file: AtomicFileWriter
  private var buffer: [UInt8] = []
  private static let flushSize = 1 << 20
  /// Rows appended so far.
  public private(set) var rowCount = 0

  /// Starts the file with its header.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite`.
  public init(path: String) throws {
    file = try AtomicFileWriter(path: path)
    buffer.reserveCapacity(RatingsCSVWriter.flushSize + 256)
    buffer.appendText(RatingsCSV.header)
    buffer.append(10)
  }

  /// Appends row `i` of `table`.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite` when a flush fails.
  @inline(__always)
  public func append(_ table: RatingTable, row i: Int) throws {
    RatingsCSV.appendRow(table, i, to: &buffer)
    rowCount += 1
    if buffer.count >= RatingsCSVWriter.flushSize { try flush() }
  }

  /// Appends one rating.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite` when a flush fails.
  public func append(user: Int32, item: Int32, rating: Float, timestamp: Int64) throws {
    buffer.appendDecimal(user)
    buffer.append(44)
    buffer.appendDecimal(item)
    buffer.append(44)
    buffer.appendRating(rating)
    buffer.append(44)
    buffer.appendDecimal(timestamp)
    buffer.append(10)
    rowCount += 1
    if buffer.count >= RatingsCSVWriter.flushSize { try flush() }
  }

  /// Appends every row of `table`, in order.
  ///
  /// Fixed blocks of `blockRows` rows are formatted side by side when `parallel` and
  /// written in row order, a few blocks at a time: the bytes do not depend on either.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite`.
  public func append(_ table: RatingTable, blockRows: Int = 1 << 16, parallel: Bool = true) throws {
    try RatingsCSVWriter.write(table, to: [self], blockRows: blockRows, parallel: parallel) { block in
      [(RatingsCSVWriter.format(table, block), block.count)]
    }
  }

  /// Appends each row of `table` to `selected` where `mask` is true and to `others`
  /// where it is false, keeping the row order in both (the split's train and test files).
  ///
  /// Formatted in fixed blocks like `append(_:blockRows:parallel:)`, so the bytes do not
  /// depend on the block size or the thread count.
  ///
  /// - Precondition: `mask.count == table.count`.
  /// - Throws: `RecsysCoreError.cannotWrite`.
  public static func append(
    _ table: RatingTable, where mask: [Bool], to selected: RatingsCSVWriter, others: RatingsCSVWriter,
    blockRows: Int = 1 << 16, parallel: Bool = true
  ) throws {
    precondition(mask.count == table.count, "mask and table differ in length")
    try write(table, to: [selected, others], blockRows: blockRows, parallel: parallel) { block in
      var chosen: [UInt8] = []
      var rest: [UInt8] = []
      var chosenRows = 0
      for i in block {
        if mask[i] {
          RatingsCSV.appendRow(table, i, to: &chosen)
          chosenRows += 1
        } else {
          RatingsCSV.appendRow(table, i, to: &rest)
        }
      }
      return [(chosen, chosenRows), (rest, block.count - chosenRows)]
    }
  }

  /// The lines of rows `rows` of `table`.
  static func format(_ table: RatingTable, _ rows: Range<Int>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(rows.count * 24)
    for i in rows { RatingsCSV.appendRow(table, i, to: &out) }
    return out
  }

  /// Formats `table` in blocks of `blockRows` rows (`format` returns one text and its
  /// row count per writer) and appends them to `writers` in block order, `groupBlocks` blocks at a time
  /// so a 25M-row table never has its whole text in memory.
  private static func write(
    _ table: RatingTable, to writers: [RatingsCSVWriter], blockRows: Int, parallel: Bool, groupBlocks: Int = 16,
    format: @Sendable (Range<Int>) -> [([UInt8], Int)]
  ) throws {
    let size = max(1, blockRows)
    let groupRows = size * groupBlocks
    var start = 0
    while start < table.count {
      let end = min(table.count, start + groupRows)
      let base = start
      let blocks = ChunkedWork.run(count: end - start, chunkSize: size, parallel: parallel) { range in
        format((base + range.lowerBound)..<(base + range.upperBound))
      }
      for texts in blocks {
        for (writer, (text, rows)) in zip(writers, texts) { try writer.appendLines(text, count: rows) }
      }
      start = end
    }
  }

  /// Appends `count` already formatted lines.
  private func appendLines(_ text: [UInt8], count: Int) throws {
    if text.isEmpty { return }
    try flush()
    try file.write(text)
    rowCount += count
  }

  /// Writes the rest and renames the file into place.
  ///
  /// - Throws: `RecsysCoreError.cannotWrite`.
  public func commit() throws {
    try flush()
    try file.commit()
  }

  private func flush() throws {
    try file.write(buffer)
    buffer.removeAll(keepingCapacity: true)
  }
}
