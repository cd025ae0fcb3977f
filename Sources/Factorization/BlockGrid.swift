import RecsysCore

/// A fixed `B x B` partition of the rating matrix for parallel SGD (LIBMF's FPSG), with
/// users and items renumbered so each block's rows are contiguous in memory.
///
/// `B` depends only on the data and the factor count (`blockCount`), never on the number
/// of threads: which block runs on which thread cannot change a bit of the result. Users
/// and items are permuted by the seeded generator, then cut into `B` contiguous ranges of
/// about equal rating counts, so blocks are balanced. Inside a block the ratings are
/// grouped by user (each user's ratings in a seeded random order), so the user's factor
/// row stays in L1 while its ratings stream by and the block's item rows stay in L2.
struct BlockGrid: Sendable {
  /// Blocks per side.
  let side: Int
  /// New (blocked) index of each original user, and of each original item.
  let userIndex: [Int32]
  let itemIndex: [Int32]
  /// The ratings in new indices, block after block (row-major in the grid), each block
  /// grouped by user.
  var entries: [SGDEntry]
  /// Start offset in `entries` of each user group, plus a final end offset.
  let groupStarts: [Int32]
  /// Index in `groupStarts` of each block's first group, plus a final end (`side * side + 1`).
  let blockGroups: [Int32]
  /// The order each block visits its groups this epoch; block `k` owns
  /// `groupOrder[blockGroups[k]..<blockGroups[k + 1]]`, a permutation of its groups.
  var groupOrder: [Int32]

  /// The number of blocks per side for a data set of this shape.
  ///
  /// At least 8 (enough concurrent blocks for 8 threads) and enough that one block's item
  /// rows fit in 256 KiB and its user rows in 1 MiB of cache; at most 128, and small data
  /// gets fewer blocks so that each still holds about 1,000 ratings or more.
  static func blockCount(ratings: Int, users: Int, items: Int, factors: Int) -> Int {
    let rowBytes = DotKernel.chunks(factors) * MemoryLayout<SIMD8<Float>>.stride + 4
    let forItems = (items * rowBytes + (256 << 10) - 1) / (256 << 10)
    let forUsers = (users * rowBytes + (1 << 20) - 1) / (1 << 20)
    let bySize = Int((Double(ratings) / 1000).squareRoot())
    return max(1, min(max(8, forItems, forUsers), 128, bySize))
  }

  /// Partitions the ratings.
  ///
  /// - Parameters:
  ///   - side: blocks per side (`blockCount` unless the config fixes it).
  ///   - rng: the training's generator; the permutations draw from it.
  init(
    users: [Int32], items: [Int32], ratings: [Float], userCount: Int, itemCount: Int, side: Int,
    rng: inout SeededGenerator
  ) {
    self.side = side
    let n = ratings.count
    var userCounts = [Int](repeating: 0, count: userCount)
    var itemCounts = [Int](repeating: 0, count: itemCount)
    for k in 0..<n {
      userCounts[Int(users[k])] += 1
      itemCounts[Int(items[k])] += 1
    }
    let (userIndex, userBlock) = Self.cut(counts: userCounts, total: n, side: side, rng: &rng)
    let (itemIndex, itemBlock) = Self.cut(counts: itemCounts, total: n, side: side, rng: &rng)
    self.userIndex = userIndex
    self.itemIndex = itemIndex

    // Shuffle the input order once, then a stable counting sort by (block, new user): each
    // user's ratings end up together in a random order.
    var order = Array(0..<n)
    order.withUnsafeMutableBufferPointer { buffer in
      var i = buffer.count - 1
      while i > 0 {
        buffer.swapAt(i, rng.nextInt(below: i + 1))
        i -= 1
      }
    }
    // Key: block major, user minor. Users of one row block are contiguous in new indices,
    // so sorting by (column block, new user) inside each row block is a counting sort over
    // `side * userCount` keys that never exceeds memory: do it in two stable passes.
    func key1(_ k: Int) -> Int { Int(userIndex[Int(users[k])]) }
    func key2(_ k: Int) -> Int {
      Int(userBlock[Int(userIndex[Int(users[k])])]) * side + Int(itemBlock[Int(itemIndex[Int(items[k])])])
    }
    order = Self.stableSort(order, keyCount: max(userCount, 1), key: key1)
    order = Self.stableSort(order, keyCount: side * side, key: key2)

    var entries = [SGDEntry]()
    entries.reserveCapacity(n)
    var groupStarts: [Int32] = []
    var blockGroups = [Int32](repeating: 0, count: side * side + 1)
    var lastBlock = -1
    var lastUser: Int32 = -1
    for k in order {
      let u = userIndex[Int(users[k])]
      let i = itemIndex[Int(items[k])]
      let block = Int(userBlock[Int(u)]) * side + Int(itemBlock[Int(i)])
      if block != lastBlock || u != lastUser {
        if block != lastBlock {
          for b in (lastBlock + 1)...block { blockGroups[b] = Int32(groupStarts.count) }
          lastBlock = block
        }
        groupStarts.append(Int32(entries.count))
        lastUser = u
      }
      entries.append(SGDEntry(user: u, item: i, rating: ratings[k]))
    }
    for b in (lastBlock + 1)...(side * side) { blockGroups[b] = Int32(groupStarts.count) }
    groupStarts.append(Int32(entries.count))
    self.entries = entries
    self.groupStarts = groupStarts
    self.blockGroups = blockGroups
    groupOrder = (0..<Int32(groupStarts.count - 1)).map { $0 }
  }

  /// A seeded permutation of `counts.count` rows cut into `side` contiguous ranges of about
  /// `total / side` ratings each.
  ///
  /// - Returns: the new index of each row and the block of each new index.
  private static func cut(
    counts: [Int], total: Int, side: Int, rng: inout SeededGenerator
  ) -> (index: [Int32], block: [Int32]) {
    var permutation = Array(0..<counts.count)
    var i = permutation.count - 1
    while i > 0 {
      permutation.swapAt(i, rng.nextInt(below: i + 1))
      i -= 1
    }
    var index = [Int32](repeating: 0, count: counts.count)
    var block = [Int32](repeating: 0, count: counts.count)
    var cumulative = 0
    for (position, row) in permutation.enumerated() {
      index[row] = Int32(position)
      // The block of a row is where the middle of its ratings falls.
      let middle = cumulative + counts[row] / 2
      block[position] = Int32(min(side - 1, total == 0 ? 0 : middle * side / total))
      cumulative += counts[row]
    }
    return (index, block)
  }

  /// A stable counting sort of `order` by `key` (values in `0..<keyCount`).
  private static func stableSort(_ order: [Int], keyCount: Int, key: (Int) -> Int) -> [Int] {
    var starts = [Int](repeating: 0, count: keyCount + 1)
    for k in order { starts[key(k) + 1] += 1 }
    for c in 0..<keyCount { starts[c + 1] += starts[c] }
    var sorted = [Int](repeating: 0, count: order.count)
    for k in order {
      let c = key(k)
      sorted[starts[c]] = k
      starts[c] += 1
    }
    return sorted
  }

  /// The blocks of one epoch in rounds: round `r` holds block `(a, columns[(a + r) % side])`
  /// for every row block `a`, so no two blocks of a round share a row or a column, and the
  /// `side` rounds cover every block once. Rows and columns of the schedule are drawn
  /// afresh each epoch.
  static func schedule(side: Int, rng: inout SeededGenerator) -> [[Int]] {
    var columns = Array(0..<side)
    var rounds = Array(0..<side)
    for permutation in [0, 1] {
      var i = side - 1
      while i > 0 {
        let j = rng.nextInt(below: i + 1)
        if permutation == 0 { columns.swapAt(i, j) } else { rounds.swapAt(i, j) }
        i -= 1
      }
    }
    return rounds.map { r in (0..<side).map { a in a * side + columns[(a + r) % side] } }
  }
}
