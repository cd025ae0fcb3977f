/// The items one user must not be recommended (their rated items), as marks that never
/// need clearing: `set` bumps a generation number, so reusing the mask for the next user
/// costs only that user's items.
public struct ExclusionMask: Sendable {
  private var marks: [UInt32]
  /// Starts at 1 so that a fresh mask (all marks 0) excludes nothing.
  private var generation: UInt32 = 1

  public init(itemCount: Int) {
    marks = [UInt32](repeating: 0, count: itemCount)
  }

  /// Replaces the excluded set with `items` (those outside the catalog are ignored).
  public mutating func set(_ items: some Sequence<Int32>) {
    generation &+= 1
    if generation == 0 {
      marks = [UInt32](repeating: 0, count: marks.count)
      generation = 2
    }
    let g = generation
    marks.withUnsafeMutableBufferPointer { m in
      for item in items where item >= 0 && Int(item) < m.count { m[Int(item)] = g }
    }
  }

  @inlinable public func contains(_ item: Int) -> Bool { marksContain(item) }

  @usableFromInline func marksContain(_ item: Int) -> Bool { marks[item] == generation }

  public var itemCount: Int { marks.count }

  /// Calls `body` with the raw marks and the current generation (`marks[i] == generation`
  /// means excluded), for loops that test every item.
  func withMarks<R>(_ body: (UnsafeBufferPointer<UInt32>, UInt32) -> R) -> R {
    marks.withUnsafeBufferPointer { body($0, generation) }
  }
}
