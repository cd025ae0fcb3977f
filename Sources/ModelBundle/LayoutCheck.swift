import StrictJSON

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

  /// Checks that every value lies in `range` (which also rules out NaN).
  static func within<T: BinaryFloatingPoint>(
    _ name: String, _ values: UnsafeBufferPointer<T>, _ range: ClosedRange<T>
  ) -> String? {
    for (position, value) in values.enumerated() where !range.contains(value) {
      return "'\(name)' value \(position) is \(value), outside \(range.lowerBound)...\(range.upperBound)"
    }
    return nil
  }

  /// Checks that every integer lies in `range`.
  static func within(_ name: String, _ values: UnsafeBufferPointer<Int32>, _ range: ClosedRange<Int32>)
    -> String?
  {
    for (position, value) in values.enumerated() where !range.contains(value) {
      return "'\(name)' value \(position) is \(value), outside \(range.lowerBound)...\(range.upperBound)"
    }
    return nil
  }

  /// Checks that every string of a table is valid UTF-8, and, with `sorted`, that the
  /// strings are strictly increasing by bytes (so unique).
  static func strings(
    _ name: String, offsets: UnsafeBufferPointer<Int32>, bytes: UnsafeBufferPointer<UInt8>, sorted: Bool
  ) -> String? {
    var previous: UnsafeBufferPointer<UInt8>? = nil
    for index in 0..<max(0, offsets.count - 1) {
      let text = UnsafeBufferPointer(rebasing: bytes[Int(offsets[index])..<Int(offsets[index + 1])])
      if String(validating: text, as: UTF8.self) == nil {
        return "'\(name)' string \(index) is not valid utf-8"
      }
      if sorted, let previous, !previous.lexicographicallyPrecedes(text) {
        return "'\(name)' strings are not sorted and unique at \(index)"
      }
      previous = text
    }
    return nil
  }

  /// Checks that the popularity section describes the rating rows: each movie's count is
  /// how often the rows hold it, a movie without ratings has mean 0, and every other mean
  /// lies between that movie's lowest and highest rating.
  ///
  /// Call after `sparseRows` has checked the rows (every item a valid movie index).
  static func popularity(
    counts: UnsafeBufferPointer<Int32>, means: UnsafeBufferPointer<Float>, items: UnsafeBufferPointer<Int32>,
    values: UnsafeBufferPointer<Float>
  ) -> String? {
    let movies = counts.count
    var seen = [Int32](repeating: 0, count: movies)
    var low = [Float](repeating: .infinity, count: movies)
    var high = [Float](repeating: -.infinity, count: movies)
    for (item, value) in zip(items, values) {
      let movie = Int(item)
      seen[movie] &+= 1
      low[movie] = min(low[movie], value)
      high[movie] = max(high[movie], value)
    }
    let slack = BundleLimits.meanSlack
    for movie in 0..<movies {
      guard counts[movie] == seen[movie] else {
        return "'popularity.counts' says movie \(movie) has \(counts[movie]) ratings, the rating rows hold \(seen[movie])"
      }
      let mean = means[movie]
      if seen[movie] == 0 {
        guard mean == 0 else { return "'popularity.means' value \(movie) is \(mean) for a movie without ratings" }
      } else {
        guard mean >= low[movie] - slack, mean <= high[movie] + slack else {
          return "'popularity.means' value \(movie) is \(mean), outside its ratings \(low[movie])...\(high[movie])"
        }
      }
    }
    return nil
  }

  /// Checks the manifest against the sections: its `counts` equal theirs, and every
  /// param in `BundleLimits.params` that is present is a number in its range.
  static func manifest(_ manifest: JSON, counts: [(String, Int)]) -> String? {
    guard case .object = manifest["counts"] ?? .null else { return "manifest has no 'counts' object" }
    for (name, count) in counts {
      guard let recorded = manifest["counts"]?[name]?.doubleValue, recorded == Double(count) else {
        return "manifest 'counts.\(name)' does not match the sections (\(count))"
      }
    }
    let params = manifest["params"] ?? .null
    for (key, range) in BundleLimits.params {
      var node: JSON? = params[key]
      if node == nil {
        node = params
        for part in key.split(separator: ".") { node = node?[String(part)] }
      }
      guard let node else { continue }
      guard let value = node.doubleValue, range.contains(value) else {
        return "manifest param '\(key)' must be a number in \(range.lowerBound)...\(range.upperBound)"
      }
    }
    return nil
  }
}

