import RecsysCore

/// The training buffers' layout: rows of `chunks(factors)` zero-padded SIMD8 values. The
/// arithmetic over them is RecsysCore's `FloatKernel`, the one dot product that training,
/// `predict`, the rankers, evaluation and serving share.
enum DotKernel {
  static let width = 8

  /// Number of 8-float chunks that hold `factors` values.
  @inline(__always)
  static func chunks(_ factors: Int) -> Int { (factors + width - 1) / width }
}
