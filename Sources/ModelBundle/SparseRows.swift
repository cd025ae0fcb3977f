/// Rows of (column, value) pairs in compressed sparse row form.
///
/// Row `r` holds `indices[offsets[r]..<offsets[r + 1]]` and the matching `values`.
public struct SparseRows: Sendable, Equatable {
  /// `rows + 1` non-decreasing offsets, starting at 0 and ending at `indices.count`.
  public var offsets: [Int32]
  /// Column of each entry (a dense movie index in every bundle section).
  public var indices: [Int32]
  /// Value of each entry (a similarity or a rating).
  public var values: [Float]

  public init(offsets: [Int32], indices: [Int32], values: [Float]) {
    self.offsets = offsets
    self.indices = indices
    self.values = values
  }

  /// Builds rows from per-row arrays of (column, value) pairs, keeping their order.
  ///
  /// - Parameter rows: one array per row.
  public init(rows: [[(Int32, Float)]]) {
    var offsets: [Int32] = [0]
    offsets.reserveCapacity(rows.count + 1)
    var indices: [Int32] = []
    var values: [Float] = []
    for row in rows {
      for (column, value) in row {
        indices.append(column)
        values.append(value)
      }
      offsets.append(Int32(truncatingIfNeeded: indices.count))
    }
    self.init(offsets: offsets, indices: indices, values: values)
  }

  /// Number of rows.
  public var rowCount: Int { max(offsets.count - 1, 0) }
}
