/// Keeps the `capacity` best (score, index) pairs of a stream: higher score first, lower
/// index first among equal scores.
///
/// Feeding indices in increasing order makes the tie rule free: an equal score arriving
/// later never displaces an earlier one. O(n) for a stream of n with a small capacity.
struct TopSelection<Score: Comparable> {
  private(set) var items: [(score: Score, index: Int)] = []
  let capacity: Int

  init(capacity: Int) {
    self.capacity = max(capacity, 0)
    items.reserveCapacity(min(self.capacity, 1 << 16) + 1)
  }

  /// Offers a candidate; indices must arrive in increasing order.
  @inline(__always)
  mutating func offer(_ score: Score, _ index: Int) {
    if items.count == capacity {
      guard capacity > 0, score > items[capacity - 1].score else { return }
      items.removeLast()
    }
    var position = items.count
    while position > 0, items[position - 1].score < score { position -= 1 }
    items.insert((score, index), at: position)
  }
}
