/// The arithmetic every scorer shares, written once so that evaluation and serving give
/// the same bits (the dot product is RecsysCore's `FloatKernel`, shared with training).
public enum ScoreKernel {
  /// `out[i] += w * row[i]` for `count` floats, in index order.
  @inlinable @inline(__always)
  public static func addScaled(
    _ row: UnsafePointer<Float>, _ w: Float, into out: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count { out[i] += w * row[i] }
  }

  /// `out[i] = (((out[i] + a[i]) + b[i]) + c[i]) + d[i]` for `count` floats: exactly
  /// four `addScaled` calls of weight 1 in that order, in one pass over `out`.
  @inlinable @inline(__always)
  public static func addRows(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>,
    _ d: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count { out[i] = (((out[i] + a[i]) + b[i]) + c[i]) + d[i] }
  }
}
