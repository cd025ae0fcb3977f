/// The bytes of one section as the writer holds them: a reference to an array, so
/// planning a bundle copies nothing.
enum SectionData: Sendable {
  case bytes([UInt8])
  case int32([Int32])
  case int64([Int64])
  case float32([Float])
  case float64([Double])

  var kind: SectionKind {
    switch self {
    case .bytes: return .bytes
    case .int32: return .int32
    case .int64: return .int64
    case .float32: return .float32
    case .float64: return .float64
    }
  }

  /// Length in bytes.
  var byteCount: Int {
    switch self {
    case .bytes(let a): return a.count
    case .int32(let a): return a.count * 4
    case .int64(let a): return a.count * 8
    case .float32(let a): return a.count * 4
    case .float64(let a): return a.count * 8
    }
  }

  /// Calls `body` with the raw little-endian bytes (the host order; big-endian hosts
  /// are rejected at compile time in `BundleFormat`).
  func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(BundleError) -> R) throws(BundleError)
    -> R
  {
    // `withUnsafeBytes` only rethrows untyped errors; carry ours in a Result.
    func run(_ raw: UnsafeRawBufferPointer) -> Result<R, BundleError> {
      do throws(BundleError) { return .success(try body(raw)) } catch { return .failure(error) }
    }
    switch self {
    case .bytes(let a): return try a.withUnsafeBytes(run).get()
    case .int32(let a): return try a.withUnsafeBytes(run).get()
    case .int64(let a): return try a.withUnsafeBytes(run).get()
    case .float32(let a): return try a.withUnsafeBytes(run).get()
    case .float64(let a): return try a.withUnsafeBytes(run).get()
    }
  }
}
