/// Raw dataset ids by dense index, with a sorted permutation for lookups by raw id.
///
/// Valid only while the `BundleReader` it came from is alive.
public struct IDIndexView {
  /// Raw id of each dense index.
  public let ids: UnsafeBufferPointer<Int64>
  /// Dense indices ordered by raw id.
  public let order: UnsafeBufferPointer<Int32>

  /// Number of entries.
  public var count: Int { ids.count }

  /// The dense index of raw id `id`, by binary search (O(log n), no allocation).
  public func index(of id: Int64) -> Int? {
    var low = 0
    var high = order.count
    while low < high {
      let middle = (low + high) / 2
      let candidate = ids[Int(order[middle])]
      if candidate == id { return Int(order[middle]) }
      if candidate < id { low = middle + 1 } else { high = middle }
    }
    return nil
  }
}
