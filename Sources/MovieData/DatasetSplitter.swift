import RecsysCore

/// The split stage: divides `ratings.csv` into `train.csv` and `test.csv`.
///
/// Both files keep the input's row order, so a trainer that numbers users and items by
/// first appearance (as Surprise does) numbers them the same way on every run.
public enum DatasetSplitter {
  /// The files `split` writes, relative to its output folder.
  public static let outputFiles = ["test.csv", "train.csv"]

  /// Splits the ratings at `input` (a `ratings.csv`, or a folder holding one) into
  /// `train.csv` and `test.csv` in `output` (created if missing), each written atomically.
  ///
  /// - Returns: counts of the two sides.
  /// - Throws: `MovieDataError.invalidParameter` for a fraction outside `[0, 1)`;
  ///   `RecsysCoreError` for I/O and malformed input.
  public static func split(input: String, output: String, params: SplitParams = SplitParams())
    throws
    -> SplitSummary
  {
    try validate(params)
    let path = FileIO.isDirectory(input) ? FileIO.join(input, "ratings.csv") : input
    let table = try RatingsCSV.read(path: path)
    let isTest = try testMask(table, params)

    try FileIO.createDirectory(output)
    let train = try RatingsCSVWriter(path: FileIO.join(output, "train.csv"))
    let test = try RatingsCSVWriter(path: FileIO.join(output, "test.csv"))
    try RatingsCSVWriter.append(table, where: isTest, to: test, others: train)
    try train.commit()
    try test.commit()

    var users = IdIndex()
    let userCodes = users.encode(table.users)
    var items = IdIndex()
    let itemCodes = items.encode(table.items)
    var userTrain = [Bool](repeating: false, count: users.count)
    var userTest = [Bool](repeating: false, count: users.count)
    var itemTrain = [Bool](repeating: false, count: items.count)
    var itemTest = [Bool](repeating: false, count: items.count)
    for i in 0..<table.count {
      if isTest[i] {
        userTest[Int(userCodes[i])] = true
        itemTest[Int(itemCodes[i])] = true
      } else {
        userTrain[Int(userCodes[i])] = true
        itemTrain[Int(itemCodes[i])] = true
      }
    }
    return SplitSummary(
      method: params.method, trainRatings: train.rowCount, testRatings: test.rowCount,
      users: users.count,
      testUsers: userTest.filter { $0 }.count,
      coldTestUsers: (0..<users.count).filter { userTest[$0] && !userTrain[$0] }.count,
      coldTestMovies: (0..<items.count).filter { itemTest[$0] && !itemTrain[$0] }.count,
      files: outputFiles)
  }

  /// Checks the parameters.
  ///
  /// - Throws: `MovieDataError.invalidParameter`.
  public static func validate(_ params: SplitParams) throws {
    if !(params.testFraction >= 0 && params.testFraction < 1) {
      throw MovieDataError.invalidParameter(
        name: "test_fraction",
        reason: "\(params.testFraction) is not in [0, 1) (use 0.2 for an 80/20 split)")
    }
  }

  /// Which rows of `table` go to the test set.
  ///
  /// - Throws: `MovieDataError.invalidParameter`.
  /// - Complexity: O(n) for `random` and `per_user`, O(n log n) for `temporal`.
  public static func testMask(_ table: RatingTable, _ params: SplitParams) throws -> [Bool] {
    try validate(params)
    let n = table.count
    var isTest = [Bool](repeating: false, count: n)
    var generator = SeededGenerator(seed: params.seed)
    switch params.method {
    case .random:
      // The last `testCount` places of a Fisher-Yates shuffle of 0..<n (the same walk
      // as `SeededGenerator.shuffle`, stopped once those places are final).
      let testCount = min(n, Int((Double(n) * params.testFraction).rounded(.up)))
      var order = (0..<Int32(n)).map { $0 }
      var i = n - 1
      while i >= n - testCount {
        let j = generator.nextInt(below: i + 1)
        order.swapAt(i, j)
        isTest[Int(order[i])] = true
        i -= 1
      }
    case .perUser, .temporal:
      var users = IdIndex()
      let codes = users.encode(table.users)
      // Rows grouped by user, in file order within each user (counting sort).
      var offsets = [Int](repeating: 0, count: users.count + 1)
      for c in codes { offsets[Int(c) + 1] += 1 }
      for u in 0..<users.count { offsets[u + 1] += offsets[u] }
      var fill = Array(offsets[0..<users.count])
      var rows = [Int32](repeating: 0, count: n)
      for (i, c) in codes.enumerated() {
        rows[fill[Int(c)]] = Int32(i)
        fill[Int(c)] += 1
      }
      for u in 0..<users.count {
        let start = offsets[u]
        let count = offsets[u + 1] - start
        let testCount = min(count - 1, Int((Double(count) * params.testFraction).rounded()))
        if testCount <= 0 { continue }
        if params.method == .perUser {
          var i = count - 1
          while i >= count - testCount {
            let j = generator.nextInt(below: i + 1)
            rows.swapAt(start + i, start + j)
            isTest[Int(rows[start + i])] = true
            i -= 1
          }
        } else {
          let byTime = rows[start..<(start + count)].sorted { a, b in
            let ta = table.timestamps[Int(a)]
            let tb = table.timestamps[Int(b)]
            return ta != tb ? ta < tb : a < b
          }
          for r in byTime.suffix(testCount) { isTest[Int(r)] = true }
        }
      }
    }
    return isTest
  }
}
