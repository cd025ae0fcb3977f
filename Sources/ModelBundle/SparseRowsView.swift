/// A CSR section read in place: row `r` is `indices/values[offsets[r]..<offsets[r + 1]]`.
///
/// The reader has checked every offset and column, so rows can be walked without bounds
/// checks. Valid only while the `BundleReader` it came from is alive.
public struct SparseRowsView {
  /// `rowCount + 1` offsets.
  public let offsets: UnsafeBufferPointer<Int32>
  /// Dense movie index of each entry.
  public let indices: UnsafeBufferPointer<Int32>
  /// Value of each entry (similarity or rating).
  public let values: UnsafeBufferPointer<Float>

  /// Number of rows.
  public var rowCount: Int { offsets.count - 1 }

  /// The entries of row `row`, without copying.
  @inlinable
  public func row(_ row: Int) -> (
    indices: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>
  ) {
    let range = Int(offsets[row])..<Int(offsets[row + 1])
    return (
      UnsafeBufferPointer(rebasing: indices[range]), UnsafeBufferPointer(rebasing: values[range])
    )
  }
}
