import CRankingKernel

/// `C += alpha * op(A) * op(B)` on row-major Float matrices, the one kernel under the
/// dense Cholesky and inverse that EASE needs.
///
/// Both operands are packed first (A into panels of 4 rows, B into panels of 8 columns,
/// each `k` deep and zero-padded), so the micro-kernel streams two contiguous buffers
/// whatever the transposes. Every element of C accumulates its `k` products in
/// ascending `t` into one lane, then adds `alpha * sum` to C: the bits depend only on the
/// shapes, never on threads or on which panel ran first.
enum PackedGemm {
  static let mr = 4
  static let nr = 8
  /// Depth of one packed slab: a 8 x 256 B panel (8 KiB) stays in L1.
  static let kc = 256

  /// Scratch floats `run` needs for its packed panels of `m x k` and `k x n`.
  static func scratchSize(m: Int, n: Int, k: Int) -> Int {
    let depth = min(k, kc)
    return ((m + mr - 1) / mr) * mr * depth + ((n + nr - 1) / nr) * nr * depth
  }

  /// - Parameters:
  ///   - transA: `op(A)(i, t)` is `a[t * lda + i]` when true, `a[i * lda + t]` when false.
  ///   - transB: `op(B)(t, j)` is `b[j * ldb + t]` when true, `b[t * ldb + j]` when false.
  ///   - scratch: at least `scratchSize(m:n:k:)` floats, owned by the calling thread.
  ///   - kernel: `.avx512` and `.avx2` run `Sources/CRankingKernel` when `transB` is false
  ///     (the form the dense solver calls), with the same bits; anything else runs the
  ///     Swift code.
  static func run(
    m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, transA: Bool,
    b: UnsafePointer<Float>, ldb: Int, transB: Bool,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    scratch: UnsafeMutablePointer<Float>, kernel: RankingKernel = .portable
  ) {
    if m == 0 || n == 0 || k == 0 { return }
    if !transB {
      switch kernel {
      case .avx512:
        crank_gemm_avx512(m, n, k, alpha, a, lda, transA ? 1 : 0, b, ldb, c, ldc)
        return
      case .avx2:
        crank_gemm_avx2(m, n, k, alpha, a, lda, transA ? 1 : 0, b, ldb, c, ldc)
        return
      case .portable:
        break
      }
    }
    // Slabs of `kc` in ascending order: each element's sum order is fixed by `k` alone.
    var t0 = 0
    while t0 < k {
      let depth = min(kc, k - t0)
      slab(
        m: m, n: n, k: depth, alpha: alpha, a: transA ? a + t0 * lda : a + t0, lda: lda,
        transA: transA, b: transB ? b + t0 : b + t0 * ldb, ldb: ldb, transB: transB, c: c,
        ldc: ldc, scratch: scratch)
      t0 += depth
    }
  }

  static func slab(
    m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, transA: Bool,
    b: UnsafePointer<Float>, ldb: Int, transB: Bool,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    scratch: UnsafeMutablePointer<Float>
  ) {
    let aPanels = (m + mr - 1) / mr
    let bPanels = (n + nr - 1) / nr
    let packA = scratch
    let packB = scratch + aPanels * mr * k
    if transA {
      // op(A) rows are columns of `a`: walk `a` row by row so reads stay contiguous.
      for t in 0..<k {
        let row = a + t * lda
        for p in 0..<aPanels {
          let dst = packA + p * mr * k + t * mr
          for r in 0..<mr {
            let i = p * mr + r
            dst[r] = i < m ? row[i] : 0
          }
        }
      }
    } else {
      for p in 0..<aPanels {
        let dst = packA + p * mr * k
        for r in 0..<mr {
          let i = p * mr + r
          if i >= m {
            for t in 0..<k { dst[t * mr + r] = 0 }
          } else {
            let row = a + i * lda
            for t in 0..<k { dst[t * mr + r] = row[t] }
          }
        }
      }
    }
    for q in 0..<bPanels {
      let dst = packB + q * nr * k
      let j0 = q * nr
      let width = min(nr, n - j0)
      if transB {
        for cc in 0..<nr {
          if cc >= width {
            for t in 0..<k { dst[t * nr + cc] = 0 }
          } else {
            let col = b + (j0 + cc) * ldb
            for t in 0..<k { dst[t * nr + cc] = col[t] }
          }
        }
      } else {
        for t in 0..<k {
          let row = b + t * ldb + j0
          let out = dst + t * nr
          for cc in 0..<width { out[cc] = row[cc] }
          for cc in width..<nr { out[cc] = 0 }
        }
      }
    }
    let rawB = UnsafeRawPointer(packB)
    let vstride = MemoryLayout<SIMD8<Float>>.stride
    for q in 0..<bPanels {
      let bp = rawB + q * nr * k * 4
      let j0 = q * nr
      let width = min(nr, n - j0)
      for p in 0..<aPanels {
        let ap = packA + p * mr * k
        var c0 = SIMD8<Float>()
        var c1 = SIMD8<Float>()
        var c2 = SIMD8<Float>()
        var c3 = SIMD8<Float>()
        for t in 0..<k {
          let bv = bp.loadUnaligned(fromByteOffset: t * vstride, as: SIMD8<Float>.self)
          let av = ap + t * mr
          c0 += SIMD8(repeating: av[0]) * bv
          c1 += SIMD8(repeating: av[1]) * bv
          c2 += SIMD8(repeating: av[2]) * bv
          c3 += SIMD8(repeating: av[3]) * bv
        }
        let i0 = p * mr
        let rows = min(mr, m - i0)
        let scale = SIMD8<Float>(repeating: alpha)
        @inline(__always) func store(_ v: SIMD8<Float>, _ r: Int) {
          let out = c + (i0 + r) * ldc + j0
          if width == nr {
            let raw = UnsafeMutableRawPointer(out)
            let old = raw.loadUnaligned(as: SIMD8<Float>.self)
            raw.storeBytes(of: old + scale * v, as: SIMD8<Float>.self)
          } else {
            for cc in 0..<width { out[cc] += alpha * v[cc] }
          }
        }
        store(c0, 0)
        if rows > 1 { store(c1, 1) }
        if rows > 2 { store(c2, 2) }
        if rows > 3 { store(c3, 3) }
      }
    }
  }
}
