/// Structural checks shared by the writer (on its input arrays) and the reader (on the
/// mapped sections), so both accept exactly the same bundles.
///
/// Each check returns a one-line problem description, or `nil` when the data is fine.
/// Once the reader has run them, query code may index the sections without bounds checks.
enum LayoutCheck {
  /// Checks a CSR structure: `rows + 1` offsets from 0 up to `entries`, never decreasing,
  /// and every column in `0..<columns`.
  static func sparseRows(
    _ name: String, offsets: UnsafeBufferPointer<Int32>, indices: UnsafeBufferPointer<Int32>,
    valueCount: Int, rows: Int, columns: Int
  ) -> String? {
    guard offsets.count == rows + 1 else {
      return "'\(name)' has \(offsets.count) offsets, expected \(rows + 1)"
    }
    guard indices.count == valueCount else {
      return "'\(name)' has \(indices.count) indices but \(valueCount) values"
    }
    guard offsets[0] == 0 else { return "'\(name)' offsets do not start at 0" }
    var previous: Int32 = 0
    for row in 0..<rows {
      let next = offsets[row + 1]
      guard next >= previous else { return "'\(name)' offsets decrease at row \(row)" }
      previous = next
    }
    guard Int(previous) == indices.count else {
      return "'\(name)' offsets end at \(previous), expected \(indices.count)"
    }
    let bound = Int32(truncatingIfNeeded: columns)
    for (position, column) in indices.enumerated() where column < 0 || column >= bound {
      return "'\(name)' entry \(position) points to column \(column), outside 0..<\(columns)"
    }
    return nil
  }

  /// Checks that each CSR row's values never increase.
  static func rowsDescending(
    _ name: String, offsets: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>
  ) -> String? {
    guard offsets.count > 1 else { return nil }
    for row in 0..<(offsets.count - 1) {
      let start = Int(offsets[row])
      let end = Int(offsets[row + 1])
      guard end - start > 1 else { continue }
      for position in (start + 1)..<end where values[position] > values[position - 1] {
        return "'\(name)' row \(row) is not sorted by similarity descending"
      }
    }
    return nil
  }

  /// Checks that no value is NaN or infinite (JSON output and ranking need finite scores).
  static func finite<T: BinaryFloatingPoint>(_ name: String, _ values: UnsafeBufferPointer<T>)
    -> String?
  {
    for (position, value) in values.enumerated() where !value.isFinite {
      return "'\(name)' value \(position) is not finite"
    }
    return nil
  }

  /// Checks that `order` lists every index once with strictly increasing ids, which also
  /// proves the ids are unique.
  static func idOrder(
    _ name: String, ids: UnsafeBufferPointer<Int64>, order: UnsafeBufferPointer<Int32>
  ) -> String? {
    guard order.count == ids.count else {
      return "'\(name)' has \(order.count) entries, expected \(ids.count)"
    }
    var previous: Int64? = nil
    for position in 0..<order.count {
      let index = Int(order[position])
      guard index >= 0, index < ids.count else {
        return "'\(name)' entry \(position) points outside the ids"
      }
      let id = ids[index]
      if let previous, id <= previous {
        return "'\(name)' ids are not unique (id \(id) appears twice)"
      }
      previous = id
    }
    return nil
  }

  /// Checks a string table: `count + 1` non-decreasing offsets from 0 to `bytes`.
  static func stringTable(
    _ name: String, offsets: UnsafeBufferPointer<Int32>, byteCount: Int, count: Int
  ) -> String? {
    guard offsets.count == count + 1 else {
      return "'\(name)' has \(offsets.count) offsets, expected \(count + 1)"
    }
    guard offsets[0] == 0 else { return "'\(name)' offsets do not start at 0" }
    for position in 0..<count where offsets[position + 1] < offsets[position] {
      return "'\(name)' offsets decrease at string \(position)"
    }
    guard Int(offsets[count]) == byteCount else {
      return "'\(name)' offsets end at \(offsets[count]), expected \(byteCount)"
    }
    return nil
  }
}
