/// The one dot product of the project: training, `predict`, the rankers, evaluation and
/// serving all add in this order, so they agree to the bit.
///
/// Lanes are 8 floats wide. Chunk `k` accumulates into accumulator `k % 2` (two
/// accumulators hide the add latency), the accumulators are added, and the 8 lanes are
/// reduced in a fixed tree. A partial last chunk is zero-filled, which is exactly what the
/// zero padding of padded rows holds, so padded and dense rows give the same bits.
public enum FloatKernel {
  /// The fixed lane reduction: halves added, then quarters, then the last two lanes.
  @inlinable @inline(__always)
  public static func reduce(_ v: SIMD8<Float>) -> Float {
    let s4 = v.lowHalf + v.highHalf
    let s2 = s4.lowHalf + s4.highHalf
    return s2[0] + s2[1]
  }

  /// Dot product of two zero-padded rows of `chunks` SIMD8 values.
  @inlinable @inline(__always)
  public static func dot(
    padded a: UnsafePointer<SIMD8<Float>>, _ b: UnsafePointer<SIMD8<Float>>, chunks: Int
  ) -> Float {
    var acc0 = SIMD8<Float>()
    var acc1 = SIMD8<Float>()
    var c = 0
    while c + 1 < chunks {
      acc0 += a[c] * b[c]
      acc1 += a[c + 1] * b[c + 1]
      c += 2
    }
    if c < chunks { acc0 += a[c] * b[c] }
    return reduce(acc0 + acc1)
  }

  /// Dot product of two dense rows of `count` floats (no alignment or padding needed).
  @inlinable @inline(__always)
  public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
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
    return reduce(acc0 + acc1)
  }
}
