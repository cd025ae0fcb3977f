/// The arithmetic every scorer shares, written once so that evaluation and serving give
/// the same bits.
public enum ScoreKernel {
  /// `a . b` over `count` floats: 8-float lanes into two accumulators (chunk `c` into
  /// accumulator `c % 2`), a zero-filled partial last chunk, the accumulators added and
  /// the lanes reduced in a fixed tree; the same order as the training kernel.
  @inlinable @inline(__always)
  public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float
  {
    let width = 8
    let full = count / width
    let ra = UnsafeRawPointer(a)
    let rb = UnsafeRawPointer(b)
    let stride = MemoryLayout<SIMD8<Float>>.stride
    var acc0 = SIMD8<Float>()
    var acc1 = SIMD8<Float>()
    var c = 0
    while c + 1 < full {
      acc0 +=
        ra.loadUnaligned(fromByteOffset: c * stride, as: SIMD8<Float>.self)
        * rb.loadUnaligned(fromByteOffset: c * stride, as: SIMD8<Float>.self)
      acc1 +=
        ra.loadUnaligned(fromByteOffset: (c + 1) * stride, as: SIMD8<Float>.self)
        * rb.loadUnaligned(fromByteOffset: (c + 1) * stride, as: SIMD8<Float>.self)
      c += 2
    }
    if c < full {
      acc0 +=
        ra.loadUnaligned(fromByteOffset: c * stride, as: SIMD8<Float>.self)
        * rb.loadUnaligned(fromByteOffset: c * stride, as: SIMD8<Float>.self)
      c += 1
    }
    let rest = count - full * width
    if rest > 0 {
      var ta = SIMD8<Float>()
      var tb = SIMD8<Float>()
      for lane in 0..<rest {
        ta[lane] = a[full * width + lane]
        tb[lane] = b[full * width + lane]
      }
      if c % 2 == 0 { acc0 += ta * tb } else { acc1 += ta * tb }
    }
    let v = acc0 + acc1
    let s4 = v.lowHalf + v.highHalf
    let s2 = s4.lowHalf + s4.highHalf
    return s2[0] + s2[1]
  }

  /// `out[i] += w * row[i]` for `count` floats, in index order.
  @inlinable @inline(__always)
  public static func addScaled(
    _ row: UnsafePointer<Float>, _ w: Float, into out: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count { out[i] += w * row[i] }
  }
}
