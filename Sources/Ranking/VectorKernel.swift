/// The small vector loops the models share, SIMD8 with one fixed lane order, so the same
/// inputs always give the same bits.
enum VectorKernel {
  /// `out[0..<count] += row[0..<count]`, element by element (no reduction, exact order).
  @inline(__always)
  static func add(_ row: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
    let full = count / 8 * 8
    let src = UnsafeRawPointer(row)
    let dst = UnsafeMutableRawPointer(out)
    var j = 0
    while j < full {
      let v =
        dst.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
        + src.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
      dst.storeBytes(of: v, toByteOffset: j * 4, as: SIMD8<Float>.self)
      j += 8
    }
    while j < count {
      out[j] += row[j]
      j += 1
    }
  }

  /// `y += s * x` over `chunks` SIMD8 values of zero-padded rows.
  @inline(__always)
  static func axpy(
    _ s: Float, _ x: UnsafePointer<SIMD8<Float>>, _ y: UnsafeMutablePointer<SIMD8<Float>>,
    chunks: Int
  ) {
    let v = SIMD8<Float>(repeating: s)
    for c in 0..<chunks { y[c] += v * x[c] }
  }

  /// Dot product of zero-padded rows: two accumulators (even and odd chunks), then a
  /// fixed tree over the 8 lanes.
  @inline(__always)
  static func dot(
    _ a: UnsafePointer<SIMD8<Float>>, _ b: UnsafePointer<SIMD8<Float>>, chunks: Int
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
    let v = acc0 + acc1
    let s4 = v.lowHalf + v.highHalf
    let s2 = s4.lowHalf + s4.highHalf
    return s2[0] + s2[1]
  }
}
