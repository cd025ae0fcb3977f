/// A raw pointer that parallel workers may share because each writes a disjoint range.
///
/// `DispatchQueue.concurrentPerform` closures are `@Sendable`, and unsafe pointers are not;
/// every use of this type writes rows that no other chunk touches, fixed before the work
/// starts, so results never depend on which thread ran what.
struct SharedBuffer<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>

  init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}

/// A read-only raw pointer shared by parallel workers.
struct SharedConstBuffer<T>: @unchecked Sendable {
  let base: UnsafePointer<T>

  init(_ base: UnsafePointer<T>) { self.base = base }
}
