/// An immutable array that scorers share between threads without copying: either memory
/// it owns (copied once from a Swift array) or memory borrowed from an owner object that
/// it keeps alive (a memory-mapped bundle).
///
/// Scoring reads it through `pointer` in hot loops; no bounds checks, so the builders
/// check every shape before wrapping.
public final class SharedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
  /// The elements; valid for the buffer's lifetime.
  public let pointer: UnsafeBufferPointer<Element>
  private let owned: UnsafeMutableBufferPointer<Element>?
  private let owner: AnyObject?

  /// Copies `array` into memory this buffer owns.
  public init(_ array: [Element]) {
    let memory = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(array.count, 1))
    _ = memory.initialize(from: array)
    owned = memory
    owner = nil
    pointer = UnsafeBufferPointer(rebasing: memory[0..<array.count])
  }

  /// Borrows `pointer`, keeping `owner` (which must keep the memory valid) alive.
  public init(borrowing pointer: UnsafeBufferPointer<Element>, owner: AnyObject) {
    self.pointer = pointer
    self.owner = owner
    owned = nil
  }

  deinit { owned?.deallocate() }

  public var count: Int { pointer.count }

  @inlinable public subscript(_ i: Int) -> Element { pointer[i] }
}
