import RecsysCore

extension DatasetSplitter {
  /// The test fold (`0..<count`) of every row of `table`, for k-fold cross-validation:
  /// each rating is tested in exactly one fold and trained on in the others.
  ///
  /// The partition is fixed by each rating's (user, movie) pair and the seed, not by
  /// the file's row order: rows are ordered by a seeded hash of their pair (ties, such
  /// as a pair rated twice, by row) and dealt to the folds in turn, so fold sizes differ
  /// by at most one.
  ///
  /// - Throws: `MovieDataError.invalidParameter` for `count < 2` or more folds than rows.
  /// - Complexity: O(n log n).
  public static func folds(_ table: RatingTable, count: Int, seed: UInt64) throws -> [Int32] {
    guard count >= 2, count <= table.count else {
      throw MovieDataError.invalidParameter(
        name: "folds", reason: "\(count) is not in 2...\(table.count) (the number of ratings); use 5 for 5-fold")
    }
    var salted = SeededGenerator(seed: seed)
    let salt = salted.nextUInt64()
    let keys = (0..<table.count).map { row -> UInt64 in
      let pair = UInt64(UInt32(bitPattern: table.users[row])) << 32 | UInt64(UInt32(bitPattern: table.items[row]))
      var hash = SeededGenerator(seed: pair ^ salt)
      return hash.nextUInt64()
    }
    let order = (0..<table.count).sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
    var fold = [Int32](repeating: 0, count: table.count)
    for (position, row) in order.enumerated() { fold[row] = Int32(position % count) }
    return fold
  }
}
