import Dispatch
import RecsysCore

/// Blocked Cholesky factorization and inverse of a dense symmetric positive definite
/// Float matrix, the closed form under EASE, in place.
///
/// `A = L Lᵀ` right-looking in blocks of `block` (diagonal blocks unblocked in Double,
/// panels and trailing updates through `PackedGemm`), then `W = L⁻¹` column block by
/// column block, then `A⁻¹ = Wᵀ W`. About `n³` flops in all. One `n x n` matrix holds
/// everything: L fills the lower triangle, `U = Wᵀ` the upper one (each diagonal block's
/// inverse is kept on the side until L is no longer read), and the inverse's lower
/// blocks go where L was. Parallel work is split by block rows or columns fixed by `n`
/// alone and every element is summed in one fixed order, so the result has the same bits
/// on one thread or many, and on either `RankingKernel`.
public enum DenseCholesky {
  /// Block size: 64 x 64 Float tiles (16 KiB) stay in L1 with room for the packed panels.
  static let block = 64

  /// The inverse of the symmetric positive definite `n x n` row-major `matrix` (only its
  /// lower triangle is read); the result is exactly symmetric.
  ///
  /// - Throws: `RankingError.notPositiveDefinite` naming the failing pivot,
  ///   `.modelShape` when `matrix` does not hold `n * n` values.
  /// - Complexity: O(n³) time; memory the result plus O(n) block panels per thread.
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
  static func invertInPlace(
    _ a: inout [Float], n: Int, parallel: Bool, kernel: RankingKernel = .best
  ) throws(RankingError) {
    if n == 0 { return }
    let failed: Int? = a.withUnsafeMutableBufferPointer { ab in
      let ap = SharedBuffer(ab.baseAddress!)
      let (diagonal, badPivot) = factor(ap, n: n, parallel: parallel, kernel: kernel)
      if let badPivot { return badPivot }
      invertTriangular(ap, diagonal: diagonal, n: n, parallel: parallel, kernel: kernel)
      multiplyTransposed(ap, n: n, parallel: parallel, kernel: kernel)
      return nil
    }
    if let failed { throw .notPositiveDefinite(index: failed) }
  }

  /// Runs `body(index)` for `0..<count`, in parallel (on the CPU budget's threads) when
  /// asked; each index owns its output.
  static func forEach(_ count: Int, parallel: Bool, _ body: @Sendable (Int) -> Void) {
    if parallel && count > 1 {
      ParallelWork.forEach(count, body)
    } else {
      for i in 0..<count { body(i) }
    }
  }

  /// `PackedGemm.run` with a scratch buffer of its own (only the Swift kernel reads it).
  static func gemm(
    m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int, transA: Bool,
    b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int,
    kernel: RankingKernel
  ) {
    let size = kernel == .portable ? PackedGemm.scratchSize(m: m, n: n, k: k) : 0
    withUnsafeTemporaryAllocation(of: Float.self, capacity: max(size, 1)) { scratch in
      PackedGemm.run(
        m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, transA: transA, b: b, ldb: ldb,
        transB: false, c: c, ldc: ldc, scratch: scratch.baseAddress!, kernel: kernel)
    }
  }

  /// `rows x columns` row-major at `source` (leading dimension `ld`) into `destination`
  /// as `columns x rows`, leading dimension `ldOut` (default `rows`).
  @inline(__always)
  static func transpose(
    _ source: UnsafePointer<Float>, ld: Int, rows: Int, columns: Int,
    into destination: UnsafeMutablePointer<Float>, ldOut: Int? = nil
  ) {
    let out = ldOut ?? rows
    for r in 0..<rows {
      let row = source + r * ld
      for c in 0..<columns { destination[c * out + r] = row[c] }
    }
  }

  /// Factors in place: the lower triangle of `a` becomes L (diagonal blocks with zeros
  /// above their diagonal). Returns the inverse of each diagonal block of L (`kb x kb`
  /// row-major, lower), or the index of the first pivot that is not positive.
  static func factor(_ a: SharedBuffer<Float>, n: Int, parallel: Bool, kernel: RankingKernel)
    -> ([[Float]], Int?)
  {
    let nb = block
    let blocks = (n + nb - 1) / nb
    var diagonal: [[Float]] = []
    diagonal.reserveCapacity(blocks)
    // The panel below the diagonal block, transposed: the trailing update's B operand.
    var panel = [Float](repeating: 0, count: nb * n)
    for k in 0..<blocks {
      let k0 = k * nb
      let kb = min(nb, n - k0)
      let (inv, bad) = factorDiagonal(a.base + k0 * n + k0, kb: kb, ld: n)
      if let bad { return (diagonal, k0 + bad) }
      diagonal.append(inv)
      let below = n - (k0 + kb)
      if below == 0 { break }
      var invT = [Float](repeating: 0, count: kb * kb)
      inv.withUnsafeBufferPointer {
        transpose($0.baseAddress!, ld: kb, rows: kb, columns: kb, into: &invT)
      }
      // Panel: L[below, k] = A[below, k] * inv(Lkk)ᵀ, in fixed chunks of one block of rows.
      let panelChunks = (below + nb - 1) / nb
      invT.withUnsafeBufferPointer { ib in
        let invp = SharedConstBuffer(ib.baseAddress!)
        forEach(panelChunks, parallel: parallel) { c in
          let r0 = k0 + kb + c * nb
          let rows = min(nb, n - r0)
          var temp = [Float](repeating: 0, count: rows * kb)
          for r in 0..<rows {
            let row = a.base + (r0 + r) * n + k0
            for t in 0..<kb {
              temp[r * kb + t] = row[t]
              row[t] = 0
            }
          }
          temp.withUnsafeBufferPointer { tb in
            gemm(
              m: rows, n: kb, k: kb, alpha: 1, a: tb.baseAddress!, lda: kb, transA: false,
              b: invp.base, ldb: kb, c: a.base + r0 * n + k0, ldc: n, kernel: kernel)
          }
        }
      }
      let c0 = k0 + kb
      panel.withUnsafeMutableBufferPointer { pb in
        transpose(a.base + c0 * n + k0, ld: n, rows: below, columns: kb, into: pb.baseAddress!)
      }
      // Trailing update of the lower triangle: A[i, k+1...i] -= L[i, k] L[k+1...i, k]ᵀ.
      let trailing = blocks - k - 1
      panel.withUnsafeBufferPointer { pb in
        let p = SharedConstBuffer(pb.baseAddress!)
        forEach(trailing, parallel: parallel) { t in
          let i0 = c0 + t * nb
          let ib = min(nb, n - i0)
          gemm(
            m: ib, n: i0 + ib - c0, k: kb, alpha: -1, a: UnsafePointer(a.base + i0 * n + k0),
            lda: n, transA: false, b: p.base, ldb: below, c: a.base + i0 * n + c0, ldc: n,
            kernel: kernel)
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
  /// W[i][j] = -inv(Lii) * (L[i, j..<i] W[j..<i, j]). A task builds its block column
  /// in a buffer of its own and stores it transposed in the upper triangle (block row
  /// `j` from the diagonal on), which no task reads: L's off-diagonal blocks stay intact
  /// for the others.
  static func invertTriangular(
    _ l: SharedBuffer<Float>, diagonal: [[Float]], n: Int, parallel: Bool, kernel: RankingKernel
  ) {
    let nb = block
    let blocks = (n + nb - 1) / nb
    forEach(blocks, parallel: parallel) { j in
      let j0 = j * nb
      let jb = min(nb, n - j0)
      let height = n - j0
      // W[j0..<n, j0..<j0+jb], row-major with leading dimension jb.
      var column = [Float](repeating: 0, count: height * jb)
      for p in 0..<(jb * jb) { column[p] = diagonal[j][p] }
      var s = [Float](repeating: 0, count: nb * jb)
      column.withUnsafeMutableBufferPointer { wb in
        let w = wb.baseAddress!
        for i in (j + 1)..<max(j + 1, blocks) {
          let i0 = i * nb
          let ib = min(nb, n - i0)
          for p in 0..<(ib * jb) { s[p] = 0 }
          s.withUnsafeMutableBufferPointer { sb in
            gemm(
              m: ib, n: jb, k: i0 - j0, alpha: 1, a: UnsafePointer(l.base + i0 * n + j0), lda: n,
              transA: false, b: UnsafePointer(w), ldb: jb, c: sb.baseAddress!, ldc: jb,
              kernel: kernel)
            diagonal[i].withUnsafeBufferPointer { db in
              gemm(
                m: ib, n: jb, k: ib, alpha: -1, a: db.baseAddress!, lda: ib, transA: false,
                b: UnsafePointer(sb.baseAddress!), ldb: jb, c: w + (i0 - j0) * jb, ldc: jb,
                kernel: kernel)
            }
          }
        }
        // U[j0 + c, j0 + q] = W[j0 + q, j0 + c]: zeros below U's diagonal come from W's
        // zeros above its own.
        for c in 0..<jb {
          let row = l.base + (j0 + c) * n + j0
          for q in 0..<height { row[q] = w[q * jb + c] }
        }
      }
    }
  }

  /// `P = Wᵀ W = U Uᵀ` from `U = Wᵀ` in the upper triangle. Block row `a` of P is one
  /// task: `P[a][b]ᵀ = U[b] U[a]ᵀ` over columns from `a`'s start, for `b = 0...a`,
  /// written into the lower blocks (where L was; block `a`'s diagonal last, after its
  /// own reads), then mirrored into the upper triangle once every task is done.
  static func multiplyTransposed(
    _ u: SharedBuffer<Float>, n: Int, parallel: Bool, kernel: RankingKernel
  ) {
    let nb = block
    let blocks = (n + nb - 1) / nb
    forEach(blocks, parallel: parallel) { a in
      let a0 = a * nb
      let ab = min(nb, n - a0)
      let depth = n - a0
      // U[a0..<a0+ab, a0..<n] transposed: depth x ab.
      var right = [Float](repeating: 0, count: depth * ab)
      right.withUnsafeMutableBufferPointer {
        transpose(u.base + a0 * n + a0, ld: n, rows: ab, columns: depth, into: $0.baseAddress!)
      }
      var product = [Float](repeating: 0, count: nb * ab)
      right.withUnsafeBufferPointer { rb in
        product.withUnsafeMutableBufferPointer { cb in
          for b in 0...a {
            let b0 = b * nb
            let bb = min(nb, n - b0)
            for p in 0..<(bb * ab) { cb[p] = 0 }
            gemm(
              m: bb, n: ab, k: depth, alpha: 1, a: UnsafePointer(u.base + b0 * n + a0), lda: n,
              transA: false, b: rb.baseAddress!, ldb: ab, c: cb.baseAddress!, ldc: ab,
              kernel: kernel)
            transpose(
              cb.baseAddress!, ld: ab, rows: bb, columns: ab, into: u.base + a0 * n + b0, ldOut: n)
          }
        }
      }
    }
    // Mirror: the upper triangle from the lower one, in fixed row chunks.
    forEach(blocks, parallel: parallel) { a in
      let a0 = a * nb
      for r in a0..<min(n, a0 + nb) {
        for c in (r + 1)..<max(r + 1, n) { u.base[r * n + c] = u.base[c * n + r] }
      }
    }
  }
}
