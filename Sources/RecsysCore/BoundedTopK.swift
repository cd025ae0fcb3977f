/// The `Float` heap every scorer uses.
public typealias TopKHeap = BoundedTopK<Float>

/// A bounded min-heap that keeps the `capacity` best (score, index) pairs, where better
/// means a higher score, or an equal score and a lower index.
public struct BoundedTopK<Score: BinaryFloatingPoint & Sendable>: Sendable {
  public let capacity: Int
  public var count = 0
  @usableFromInline var scores: [Score]
  @usableFromInline var items: [Int32]

  @inlinable public init(capacity: Int) {
    self.capacity = capacity
    scores = [Score](repeating: 0, count: capacity)
    items = [Int32](repeating: 0, count: capacity)
  }

  @inlinable public var isFull: Bool { count == capacity }
  /// The worst kept score; meaningful only when the heap is not empty.
  @inlinable public var worstScore: Score { scores[0] }
  /// The index of the worst kept pair; meaningful only when the heap is not empty.
  @inlinable public var worstItem: Int32 { items[0] }

  @inlinable public mutating func removeAll() { count = 0 }

  @inlinable @inline(__always)
  func isWorse(_ a: Int, than b: Int) -> Bool {
    scores[a] < scores[b] || (scores[a] == scores[b] && items[a] > items[b])
  }

  /// Offers a pair; kept if the heap has room or it beats the worst kept pair.
  @inlinable @inline(__always)
  public mutating func offer(_ item: Int32, _ score: Score) {
    if count < capacity {
      var c = count
      scores[c] = score
      items[c] = item
      count += 1
      while c > 0 {
        let parent = (c - 1) / 2
        guard isWorse(c, than: parent) else { break }
        scores.swapAt(c, parent)
        items.swapAt(c, parent)
        c = parent
      }
      return
    }
    guard score > scores[0] || (score == scores[0] && item < items[0]) else { return }
    scores[0] = score
    items[0] = item
    var c = 0
    while true {
      let left = 2 * c + 1
      if left >= count { break }
      var worst = left
      if left + 1 < count && isWorse(left + 1, than: left) { worst = left + 1 }
      guard isWorse(worst, than: c) else { break }
      scores.swapAt(c, worst)
      items.swapAt(c, worst)
      c = worst
    }
  }

  /// The kept pairs, best first.
  @inlinable public func sorted() -> [(item: Int32, score: Score)] {
    var pairs: [(item: Int32, score: Score)] = []
    pairs.reserveCapacity(count)
    for p in 0..<count { pairs.append((items[p], scores[p])) }
    pairs.sort { $0.score > $1.score || ($0.score == $1.score && $0.item < $1.item) }
    return pairs
  }
}
