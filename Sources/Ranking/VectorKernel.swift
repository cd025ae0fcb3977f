/// The small vector loops the models share, SIMD8 with one fixed lane order, so the same
/// inputs always give the same bits. (Their dot product is RecsysCore's `FloatKernel`.)
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
}
