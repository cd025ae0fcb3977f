import Dispatch

/// Blocked Cholesky factorization and inverse of a dense symmetric positive definite
/// Float matrix, the closed form under EASE.
///
/// `A = L Lᵀ` right-looking in blocks of `block` (diagonal blocks unblocked in Double,
/// panels and trailing updates through `PackedGemm`), then `W = L⁻¹` column block by
/// column block, then `A⁻¹ = Wᵀ W`. About `n³` flops in all. Parallel work is split by
/// block rows or columns fixed by `n` alone and every element is summed in one fixed
/// order, so the result has the same bits on one thread or many.
public enum DenseCholesky {
  /// Block size: 64 x 64 Float tiles (16 KiB) stay in L1 with room for the packed panels.
  static let block = 64

  /// The inverse of the symmetric positive definite `n x n` row-major `matrix` (only its
  /// lower triangle is read); the result is exactly symmetric.
  ///
  /// - Throws: `RankingError.notPositiveDefinite` naming the failing pivot,
  ///   `.modelShape` when `matrix` does not hold `n * n` values.
  /// - Complexity: O(n³) time, memory two `n x n` matrices.
  public static func inverse(_ matrix: [Float], n: Int, parallel: Bool = true) throws(RankingError)
    -> [Float]
  {
    guard matrix.count == n * n else {
      throw .modelShape(field: "matrix", expected: n * n, actual: matrix.count)
    }
    var a = matrix
    try invertInPlace(&a, n: n, parallel: parallel)
    return a
  }

  /// Replaces the SPD matrix in `a` (lower triangle read) with its inverse.
  static func invertInPlace(_ a: inout [Float], n: Int, parallel: Bool) throws(RankingError) {
    if n == 0 { return }
    var w = [Float](repeating: 0, count: n * n)
    let failed: Int? = a.withUnsafeMutableBufferPointer { ab in
      w.withUnsafeMutableBufferPointer { wb in
        let ap = SharedBuffer(ab.baseAddress!)
        let wp = SharedBuffer(wb.baseAddress!)
        let (diagonal, badPivot) = factor(ap, n: n, parallel: parallel)
        if let badPivot { return badPivot }
        invertTriangular(ap, into: wp, diagonal: diagonal, n: n, parallel: parallel)
        multiplyTransposed(wp, into: ap, n: n, parallel: parallel)
        return nil
      }
    }
    if let failed { throw .notPositiveDefinite(index: failed) }
  }

  /// Runs `body(index)` for `0..<count`, in parallel when asked; each index owns its output.
  static func forEach(_ count: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
    if parallel && count > 1 {
      DispatchQueue.concurrentPerform(iterations: count, execute: body)
    } else {
      for i in 0..<count { body(i) }
    }
  }

  /// Factors in place: the lower triangle of `a` becomes L. Returns the inverse of each
  /// diagonal block of L (`kb x kb` row-major, lower), or the index of the first pivot
  /// that is not positive.
  static func factor(_ a: SharedBuffer<Float>, n: Int, parallel: Bool) -> ([[Float]], Int?) {
    let nb = block
    let blocks = (n + nb - 1) / nb
    var diagonal: [[Float]] = []
    diagonal.reserveCapacity(blocks)
    for k in 0..<blocks {
      let k0 = k * nb
      let kb = min(nb, n - k0)
      let (inv, bad) = factorDiagonal(a.base + k0 * n + k0, kb: kb, ld: n)
      if let bad { return (diagonal, k0 + bad) }
      diagonal.append(inv)
      let below = n - (k0 + kb)
      if below == 0 { break }
      // Panel: L[below, k] = A[below, k] * inv(Lkk)ᵀ, in fixed chunks of one block of rows.
      let panelChunks = (below + nb - 1) / nb
      inv.withUnsafeBufferPointer { ib in
        let invp = SharedConstBuffer(ib.baseAddress!)
        forEach(panelChunks, parallel: parallel) { c in
          let r0 = k0 + kb + c * nb
          let rows = min(nb, n - r0)
          var temp = [Float](repeating: 0, count: rows * kb)
          var scratch = [Float](repeating: 0, count: PackedGemm.scratchSize(m: rows, n: kb, k: kb))
          for r in 0..<rows {
            let row = a.base + (r0 + r) * n + k0
            for t in 0..<kb {
              temp[r * kb + t] = row[t]
              row[t] = 0
            }
          }
          temp.withUnsafeBufferPointer { tb in
            scratch.withUnsafeMutableBufferPointer { sb in
              PackedGemm.run(
                m: rows, n: kb, k: kb, alpha: 1, a: tb.baseAddress!, lda: kb, transA: false,
                b: invp.base, ldb: kb, transB: true, c: a.base + r0 * n + k0, ldc: n,
                scratch: sb.baseAddress!)
            }
          }
        }
      }
      // Trailing update of the lower triangle: A[i, k+1...i] -= L[i, k] L[k+1...i, k]ᵀ.
      let trailing = blocks - k - 1
      let c0 = k0 + kb
      forEach(trailing, parallel: parallel) { t in
        let i0 = c0 + t * nb
        let ib = min(nb, n - i0)
        let width = i0 + ib - c0
        var scratch = [Float](repeating: 0, count: PackedGemm.scratchSize(m: ib, n: width, k: kb))
        scratch.withUnsafeMutableBufferPointer { sb in
          PackedGemm.run(
            m: ib, n: width, k: kb, alpha: -1, a: UnsafePointer(a.base + i0 * n + k0), lda: n,
            transA: false, b: UnsafePointer(a.base + c0 * n + k0), ldb: n, transB: true,
            c: a.base + i0 * n + c0, ldc: n, scratch: sb.baseAddress!)
        }
      }
    }
    return (diagonal, nil)
  }

  /// Unblocked Cholesky of one diagonal block (Double sums, ascending), returning the
  /// inverse of its L factor, or the local index of the first pivot that is not positive.
  static func factorDiagonal(_ d: UnsafeMutablePointer<Float>, kb: Int, ld: Int) -> ([Float], Int?)
  {
    var l = [Double](repeating: 0, count: kb * kb)
    for j in 0..<kb {
      var s = Double(d[j * ld + j])
      for t in 0..<j { s -= l[j * kb + t] * l[j * kb + t] }
      guard s > 0, s.isFinite else { return ([], j) }
      let pivot = s.squareRoot()
      l[j * kb + j] = pivot
      for i in (j + 1)..<max(j + 1, kb) {
        var v = Double(d[i * ld + j])
        for t in 0..<j { v -= l[i * kb + t] * l[j * kb + t] }
        l[i * kb + j] = v / pivot
      }
    }
    var inv = [Double](repeating: 0, count: kb * kb)
    for j in 0..<kb {
      inv[j * kb + j] = 1 / l[j * kb + j]
      for i in (j + 1)..<max(j + 1, kb) {
        var s = 0.0
        for t in j..<i { s += l[i * kb + t] * inv[t * kb + j] }
        inv[i * kb + j] = -s / l[i * kb + i]
      }
    }
    for i in 0..<kb {
      for j in 0..<kb { d[i * ld + j] = j <= i ? Float(l[i * kb + j]) : 0 }
    }
    return (inv.map { Float($0) }, nil)
  }

  /// `W = L⁻¹`, one block column per task: W[j][j] = inv(Ljj), then going down,
  /// W[i][j] = -inv(Lii) * (L[i, j..<i] W[j..<i, j]).
  static func invertTriangular(
    _ l: SharedBuffer<Float>, into w: SharedBuffer<Float>, diagonal: [[Float]], n: Int,
    parallel: Bool
  ) {
    let nb = block
    let blocks = (n + nb - 1) / nb
    forEach(blocks, parallel: parallel) { j in
      let j0 = j * nb
      let jb = min(nb, n - j0)
      let dj = diagonal[j]
      for r in 0..<jb {
        for c in 0..<jb { w.base[(j0 + r) * n + j0 + c] = dj[r * jb + c] }
      }
      var s = [Float](repeating: 0, count: nb * jb)
      var scratch = [Float](
        repeating: 0, count: PackedGemm.scratchSize(m: nb, n: jb, k: min(n, PackedGemm.kc)))
      for i in (j + 1)..<max(j + 1, blocks) {
        let i0 = i * nb
        let ib = min(nb, n - i0)
        for p in 0..<(ib * jb) { s[p] = 0 }
        s.withUnsafeMutableBufferPointer { sb in
          scratch.withUnsafeMutableBufferPointer { scr in
            PackedGemm.run(
              m: ib, n: jb, k: i0 - j0, alpha: 1, a: UnsafePointer(l.base + i0 * n + j0), lda: n,
              transA: false, b: UnsafePointer(w.base + j0 * n + j0), ldb: n, transB: false,
              c: sb.baseAddress!, ldc: jb, scratch: scr.baseAddress!)
            diagonal[i].withUnsafeBufferPointer { db in
              PackedGemm.run(
                m: ib, n: jb, k: ib, alpha: -1, a: db.baseAddress!, lda: ib, transA: false,
                b: UnsafePointer(sb.baseAddress!), ldb: jb, transB: false,
                c: w.base + i0 * n + j0, ldc: n, scratch: scr.baseAddress!)
            }
          }
        }
      }
    }
  }

  /// `P = Wᵀ W` for lower-triangular W: lower blocks one block row per task, then mirrored.
  static func multiplyTransposed(
    _ w: SharedBuffer<Float>, into p: SharedBuffer<Float>, n: Int, parallel: Bool
  ) {
    let nb = block
    let blocks = (n + nb - 1) / nb
    forEach(blocks, parallel: parallel) { a in
      let a0 = a * nb
      let ab = min(nb, n - a0)
      for r in a0..<(a0 + ab) {
        for c in 0..<n { p.base[r * n + c] = 0 }
      }
      var scratch = [Float](
        repeating: 0, count: PackedGemm.scratchSize(m: nb, n: nb, k: min(n, PackedGemm.kc)))
      scratch.withUnsafeMutableBufferPointer { scr in
        for b in 0...a {
          let b0 = b * nb
          let bb = min(nb, n - b0)
          PackedGemm.run(
            m: ab, n: bb, k: n - a0, alpha: 1, a: UnsafePointer(w.base + a0 * n + a0), lda: n,
            transA: true, b: UnsafePointer(w.base + a0 * n + b0), ldb: n, transB: false,
            c: p.base + a0 * n + b0, ldc: n, scratch: scr.baseAddress!)
        }
      }
    }
    // Mirror: the upper triangle from the lower one, in fixed row chunks.
    forEach(blocks, parallel: parallel) { a in
      let a0 = a * nb
      for r in a0..<min(n, a0 + nb) {
        for c in (r + 1)..<max(r + 1, n) { p.base[r * n + c] = p.base[c * n + r] }
      }
    }
  }
}
