/// A sparse matrix in compressed sparse row form: for each row, the columns it touches
/// (ascending) and one value each.
///
/// Rows are users and columns items (or the transpose, from `transposed()`). Values are
/// what the models read as strength: EASE and item-kNN use only the pattern, implicit ALS
/// turns a value `r` into confidence `1 + alpha * r`.
public struct InteractionMatrix: Sendable, Equatable {
  public let rowCount: Int
  public let columnCount: Int
  /// `rowCount + 1` offsets into `columns` and `values`.
  public let offsets: [Int]
  /// Column of each entry, ascending within a row.
  public let columns: [Int32]
  /// Value of each entry.
  public let values: [Float]

  /// The number of stored entries.
  public var entryCount: Int { columns.count }

  /// A matrix from coordinate lists (any order).
  ///
  /// - Parameters:
  ///   - values: one value per entry, or nil for a binary matrix (all ones).
  /// - Throws: `RankingError.lengthMismatch`, `.indexOutOfRange`, `.invalidValue`,
  ///   `.duplicateEntry`.
  /// - Complexity: O(entries + rows + columns): two stable counting sorts.
  public init(
    rows: [Int32], columns: [Int32], values: [Float]? = nil, rowCount: Int, columnCount: Int
  ) throws(RankingError) {
    let n = rows.count
    guard columns.count == n, values == nil || values!.count == n else {
      throw .lengthMismatch(rows: n, columns: columns.count, values: values?.count ?? n)
    }
    for p in 0..<n {
      let r = Int(rows[p])
      let c = Int(columns[p])
      if r < 0 || r >= rowCount {
        throw .indexOutOfRange(kind: "row", position: p, index: r, count: rowCount)
      }
      if c < 0 || c >= columnCount {
        throw .indexOutOfRange(kind: "column", position: p, index: c, count: columnCount)
      }
      if let values, !(values[p].isFinite && values[p] >= 0) {
        throw .invalidValue(position: p, value: values[p])
      }
    }
    // Pass 1: stable sort by column; pass 2: stable sort by row, so columns ascend in a row.
    var byColumn = [Int](repeating: 0, count: columnCount + 1)
    for c in columns { byColumn[Int(c) + 1] += 1 }
    for c in 0..<columnCount { byColumn[c + 1] += byColumn[c] }
    var order = [Int32](repeating: 0, count: n)
    var fill = byColumn
    for p in 0..<n {
      let c = Int(columns[p])
      order[fill[c]] = Int32(p)
      fill[c] += 1
    }
    var offsets = [Int](repeating: 0, count: rowCount + 1)
    for r in rows { offsets[Int(r) + 1] += 1 }
    for r in 0..<rowCount { offsets[r + 1] += offsets[r] }
    var outColumns = [Int32](repeating: 0, count: n)
    var outValues = [Float](repeating: 1, count: n)
    fill = offsets
    for p in order {
      let r = Int(rows[Int(p)])
      outColumns[fill[r]] = columns[Int(p)]
      if let values { outValues[fill[r]] = values[Int(p)] }
      fill[r] += 1
    }
    for r in 0..<rowCount where offsets[r + 1] - offsets[r] > 1 {
      for q in (offsets[r] + 1)..<offsets[r + 1] where outColumns[q] == outColumns[q - 1] {
        throw .duplicateEntry(row: r, column: Int(outColumns[q]))
      }
    }
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.offsets = offsets
    self.columns = outColumns
    self.values = outValues
  }

  init(unchecked rowCount: Int, columnCount: Int, offsets: [Int], columns: [Int32], values: [Float])
  {
    self.rowCount = rowCount
    self.columnCount = columnCount
    self.offsets = offsets
    self.columns = columns
    self.values = values
  }

  /// The columns of row `r`, ascending.
  @inlinable
  public func columns(ofRow r: Int) -> ArraySlice<Int32> { columns[offsets[r]..<offsets[r + 1]] }

  /// The number of entries in row `r`.
  @inlinable
  public func count(ofRow r: Int) -> Int { offsets[r + 1] - offsets[r] }

  /// The same entries with rows and columns swapped (items x users from users x items).
  ///
  /// - Complexity: O(entries + rows + columns).
  public func transposed() -> InteractionMatrix {
    var tOffsets = [Int](repeating: 0, count: columnCount + 1)
    for c in columns { tOffsets[Int(c) + 1] += 1 }
    for c in 0..<columnCount { tOffsets[c + 1] += tOffsets[c] }
    var tColumns = [Int32](repeating: 0, count: columns.count)
    var tValues = [Float](repeating: 0, count: columns.count)
    var fill = tOffsets
    for r in 0..<rowCount {
      for p in offsets[r]..<offsets[r + 1] {
        let c = Int(columns[p])
        tColumns[fill[c]] = Int32(r)
        tValues[fill[c]] = values[p]
        fill[c] += 1
      }
    }
    return InteractionMatrix(
      unchecked: columnCount, columnCount: rowCount, offsets: tOffsets, columns: tColumns,
      values: tValues)
  }
}
