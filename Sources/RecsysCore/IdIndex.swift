/// A two-way map between raw ids (as in the files) and dense indices `0..<count`,
/// numbered in order of first appearance.
///
/// Lookups for ids in `0..<smallIdLimit` go through a flat array, which is what
/// MovieLens ids are (users up to ~200k, movies up to ~300k); other ids fall back to
/// a dictionary. The dictionary is only ever used for lookups, never iterated, so
/// the numbering does not depend on hashing.
public struct IdIndex: Sendable {
  /// Raw ids below this bound are looked up in a flat array (4 bytes per id up to the largest seen).
  public static let smallIdLimit: Int32 = 1 << 24

  /// The raw id of each dense index.
  public private(set) var rawIds: [Int32]
  /// `dense + 1` for raw ids in `0..<smallIdLimit`, 0 when absent.
  @usableFromInline var small: [Int32]
  @usableFromInline var large: [Int32: Int32]

  /// An empty index.
  public init() {
    rawIds = []
    small = []
    large = [:]
  }

  /// An index of the distinct ids of `ids`, numbered by first appearance.
  public init<S: Sequence>(_ ids: S) where S.Element == Int32 {
    self.init()
    for id in ids { _ = insert(id) }
  }

  /// The number of distinct ids.
  public var count: Int { rawIds.count }

  /// The dense index of `rawId`, or nil when it was never inserted.
  @inlinable
  public func index(of rawId: Int32) -> Int32? {
    if rawId >= 0 && Int(rawId) < small.count {
      let v = small[Int(rawId)]
      return v == 0 ? nil : v - 1
    }
    if rawId >= 0 && rawId < IdIndex.smallIdLimit { return nil }
    return large[rawId]
  }

  /// Whether `rawId` was inserted.
  @inlinable
  public func contains(_ rawId: Int32) -> Bool { index(of: rawId) != nil }

  /// The raw id at a dense index.
  ///
  /// - Precondition: `index` is in `0..<count`.
  @inlinable
  public func rawId(at index: Int) -> Int32 { rawIds[index] }

  /// The dense index of `rawId`, adding it at the end when new.
  @discardableResult
  public mutating func insert(_ rawId: Int32) -> (index: Int32, inserted: Bool) {
    if let existing = index(of: rawId) { return (existing, false) }
    let next = Int32(rawIds.count)
    rawIds.append(rawId)
    if rawId >= 0 && rawId < IdIndex.smallIdLimit {
      let needed = Int(rawId) + 1
      if needed > small.count {
        let grown = min(max(needed, small.count * 2, 1024), Int(IdIndex.smallIdLimit))
        small.append(contentsOf: repeatElement(0, count: grown - small.count))
      }
      small[Int(rawId)] = next + 1
    } else {
      large[rawId] = next
    }
    return (next, true)
  }

  /// Inserts every id of `rawIds` and returns the dense index of each, in order.
  ///
  /// This is how a stage turns a ratings column into dense user or item indices.
  public mutating func encode(_ rawIds: [Int32]) -> [Int32] {
    var out = [Int32](repeating: 0, count: rawIds.count)
    out.withUnsafeMutableBufferPointer { dst in
      rawIds.withUnsafeBufferPointer { src in
        for i in 0..<src.count { dst[i] = insert(src[i]).index }
      }
    }
    return out
  }
}

extension IdIndex: Equatable {
  /// Two indexes are equal when they number the same ids in the same order.
  public static func == (a: IdIndex, b: IdIndex) -> Bool { a.rawIds == b.rawIds }
}
