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
  /// - Throws: `RecsysCoreError.cannotWrite`.
  public func append(_ table: RatingTable) throws {
    for i in 0..<table.count { try append(table, row: i) }
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
