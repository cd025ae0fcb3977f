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
  /// rows fit in 256 KiB of L2; at most 128, and small data gets fewer blocks so that each
  /// still holds about 1,000 ratings or more.
  ///
  /// User rows are not a constraint: a block visits each of its users once, as one run of
  /// ratings, so they stream. More blocks only cost: every user row is fetched once per
  /// block column, and every round ends in a barrier (at 10M ratings 28 blocks ran at
  /// 9.9 M updates/cpu-s, 18 at 10.9, the same RMSE).
  static func blockCount(ratings: Int, users: Int, items: Int, factors: Int) -> Int {
    let rowBytes = DotKernel.chunks(factors) * MemoryLayout<SIMD8<Float>>.stride + 4
    let forItems = (items * rowBytes + (256 << 10) - 1) / (256 << 10)
    let bySize = Int((Double(ratings) / 1000).squareRoot())
    return max(1, min(max(8, forItems), 128, bySize))
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

    // Scatter the ratings (in new indices) by block, in input order: one pass counts the
    // blocks, a second writes each rating to its block's next slot. (At ML-25M's shape a
    // copy of the ratings is 240 MB: the grid keeps one, and builds it in place.)
    @inline(__always) func place(_ k: Int) -> (block: Int, entry: SGDEntry) {
      let u = userIndex[Int(users[k])]
      let i = itemIndex[Int(items[k])]
      return (Int(userBlock[Int(u)]) &* side &+ Int(itemBlock[Int(i)]), SGDEntry(user: u, item: i, rating: ratings[k]))
    }
    var blockStarts = [Int](repeating: 0, count: side * side + 1)
    for k in 0..<n { blockStarts[place(k).block + 1] += 1 }
    for b in 0..<(side * side) { blockStarts[b + 1] += blockStarts[b] }
    var entries = [SGDEntry](repeating: SGDEntry(user: 0, item: 0, rating: 0), count: n)
    var next = blockStarts
    for k in 0..<n {
      let (block, entry) = place(k)
      entries[next[block]] = entry
      next[block] += 1
    }
    // ...then, each block on its own (in parallel, the same result on any core count):
    // group by user with a counting sort and shuffle every group with the block's own
    // generator.
    let layoutSeed = rng.nextUInt64()
    let bounds = blockStarts
    let starts = entries.withUnsafeMutableBufferPointer { buffer in
      let shared = SharedEntries(buffer: buffer)
      return ChunkedWork.run(count: side * side, chunkSize: 1, parallel: true) { chunk in
        let block = chunk.lowerBound
        return Self.groupByUser(
          shared.slice(bounds[block]..<bounds[block + 1]), seed: layoutSeed ^ (UInt64(block) &* 0xD1B5_4A32_D192_ED03))
      }
    }
    var groupStarts: [Int32] = []
    var blockGroups: [Int32] = [0]
    for (block, blockStarts) in starts.enumerated() {
      let base = Int32(bounds[block])
      groupStarts.append(contentsOf: blockStarts.map { $0 + base })
      blockGroups.append(Int32(groupStarts.count))
    }
    groupStarts.append(Int32(n))
    self.entries = entries
    self.groupStarts = groupStarts
    self.blockGroups = blockGroups
    groupOrder = (0..<Int32(groupStarts.count - 1)).map { $0 }
  }

  /// Groups one block's ratings by user (users ascending), in place, and shuffles each
  /// user's ratings.
  ///
  /// - Returns: the start offset of each user group within the block.
  private static func groupByUser(_ block: UnsafeMutableBufferPointer<SGDEntry>, seed: UInt64) -> [Int32] {
    guard let first = block.first else { return [] }
    var low = first.user
    var high = first.user
    for entry in block {
      low = min(low, entry.user)
      high = max(high, entry.user)
    }
    var starts = [Int](repeating: 0, count: Int(high - low) + 2)
    for entry in block { starts[Int(entry.user - low) + 1] += 1 }
    for c in 0..<(starts.count - 1) { starts[c + 1] += starts[c] }
    let input = Array(block)
    var next = starts
    for entry in input {
      let c = Int(entry.user - low)
      block[next[c]] = entry
      next[c] += 1
    }
    var rng = SeededGenerator(seed: seed)
    var groups: [Int32] = []
    for c in 0..<(starts.count - 1) where starts[c + 1] > starts[c] {
      groups.append(Int32(starts[c]))
      var i = starts[c + 1] - 1
      while i > starts[c] {
        block.swapAt(i, starts[c] + rng.nextInt(below: i - starts[c] + 1))
        i -= 1
      }
    }
    return groups
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

/// The grid's ratings while the blocks are grouped side by side.
///
/// `@unchecked Sendable` because several threads write through the pointer at once: that
/// is safe only because each block owns the disjoint range `slice` hands it.
private struct SharedEntries: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<SGDEntry>

  func slice(_ range: Range<Int>) -> UnsafeMutableBufferPointer<SGDEntry> {
    UnsafeMutableBufferPointer(rebasing: buffer[range])
  }
}
