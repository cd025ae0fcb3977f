import CRankingKernel
import RecsysCore

extension ALSModel {
  /// Rows per parallel task in the solves, and per partial sum in the Gramian.
  static let rowChunk = 256

  /// Trains implicit ALS on `matrix` (users x items): `iterations` times, every user
  /// vector then every item vector is moved by `cgSteps` conjugate-gradient steps
  /// toward its least-squares solution with the other side fixed.
  ///
  /// Memory: the two factor matrices plus the matrix and its transpose.
  ///
  /// - Throws: `RankingError.invalidConfig` (also for an unknown `RECSYS_RANKING_KERNEL`).
  /// - Complexity: O(iterations x cgSteps x (entries x factors + (users + items) x factors²)).
  public static func train(_ matrix: InteractionMatrix, config: ALSConfig = ALSConfig())
    throws(RankingError) -> ALSModel
  {
    try config.validate()
    try RankingKernel.checkVariable()
    let f = config.factors
    let chunks = (f + 7) / 8
    let users = matrix.rowCount
    let items = matrix.columnCount
    var x = [SIMD8<Float>](repeating: SIMD8(), count: users * chunks)
    var y = [SIMD8<Float>](repeating: SIMD8(), count: items * chunks)
    // Small positive start, as the implicit library does; users first, then items.
    var g = SeededGenerator(seed: config.seed)
    for u in 0..<users {
      for d in 0..<f { x[u * chunks + d / 8][d % 8] = Float(g.nextDouble() * 0.01) }
    }
    for i in 0..<items {
      for d in 0..<f { y[i * chunks + d / 8][d % 8] = Float(g.nextDouble() * 0.01) }
    }
    let byItem = matrix.transposed()
    for _ in 0..<config.iterations {
      solve(&x, fixed: y, matrix, config: config)
      solve(&y, fixed: x, byItem, config: config)
    }
    func unpad(_ v: [SIMD8<Float>], _ rows: Int) -> [Float] {
      var out = [Float](repeating: 0, count: rows * f)
      for r in 0..<rows {
        for d in 0..<f { out[r * f + d] = v[r * chunks + d / 8][d % 8] }
      }
      return out
    }
    return try ALSModel(
      factors: f, userFactors: unpad(x, users), itemFactors: unpad(y, items),
      regularization: config.regularization, alpha: config.alpha)
  }

  /// `Σ_rows v vᵀ + λI` over padded rows, `factors` rows of `chunks` SIMD8 each: partial
  /// sums over fixed row chunks, added in chunk order.
  static func gramian(_ v: [SIMD8<Float>], rows: Int, factors f: Int, reg: Double, parallel: Bool)
    -> [SIMD8<Float>]
  {
    let chunks = (f + 7) / 8
    let parts = v.withUnsafeBufferPointer { vb in
      let base = SharedConstBuffer(vb.baseAddress!)
      return ChunkedWork.run(count: rows, chunkSize: rowChunk * 4, parallel: parallel) { range in
        var part = [SIMD8<Float>](repeating: SIMD8(), count: f * chunks)
        part.withUnsafeMutableBufferPointer { pb in
          for r in range {
            let row = base.base + r * chunks
            for d in 0..<f {
              let s = row[d / 8][d % 8]
              if s != 0 {
                VectorKernel.axpy(s, row, pb.baseAddress! + d * chunks, chunks: chunks)
              }
            }
          }
        }
        return part
      }
    }
    var total = [SIMD8<Float>](repeating: SIMD8(), count: f * chunks)
    for part in parts {
      for q in 0..<(f * chunks) { total[q] += part[q] }
    }
    for d in 0..<f { total[d * chunks + d / 8][d % 8] += Float(reg) }
    return total
  }

  /// One pass of CG updates of every row of `target` with `fixed` held.
  static func solve(
    _ target: inout [SIMD8<Float>], fixed: [SIMD8<Float>], _ matrix: InteractionMatrix,
    config: ALSConfig
  ) {
    let f = config.factors
    let chunks = (f + 7) / 8
    let gram = gramian(
      fixed, rows: matrix.columnCount, factors: f, reg: config.regularization,
      parallel: config.parallel)
    let alpha = Float(config.alpha)
    let useValues = config.useValues
    let steps = config.cgSteps
    let rows = matrix.rowCount
    target.withUnsafeMutableBufferPointer { tb in
      let out = SharedBuffer(tb.baseAddress!)
      fixed.withUnsafeBufferPointer { fb in
        let yBase = SharedConstBuffer(fb.baseAddress!)
        gram.withUnsafeBufferPointer { gb in
          let gBase = SharedConstBuffer(gb.baseAddress!)
          matrix.offsets.withUnsafeBufferPointer { ob in
            matrix.columns.withUnsafeBufferPointer { cb in
              matrix.values.withUnsafeBufferPointer { vb in
                let offsets = SharedConstBuffer(ob.baseAddress!)
                let columns = SharedConstBuffer(cb.baseAddress!)
                let values = SharedConstBuffer(vb.baseAddress!)
                let tasks = (rows + rowChunk - 1) / rowChunk
                let kernel = config.kernel
                DenseCholesky.forEach(tasks, parallel: config.parallel) { t in
                  if kernel != .portable {
                    func floats(_ p: UnsafePointer<SIMD8<Float>>) -> UnsafePointer<Float> {
                      UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
                    }
                    let rowsKernel = kernel == .avx512 ? crank_als_rows_avx512 : crank_als_rows_avx2
                    rowsKernel(
                      UnsafeMutableRawPointer(out.base).assumingMemoryBound(to: Float.self),
                      floats(yBase.base), floats(gBase.base), offsets.base, columns.base, values.base,
                      t * rowChunk, min(rows, (t + 1) * rowChunk), Int32(f), Int32(chunks), alpha,
                      useValues ? 1 : 0, Int32(steps))
                    return
                  }
                  var scratch = [SIMD8<Float>](repeating: SIMD8(), count: 4 * chunks)
                  scratch.withUnsafeMutableBufferPointer { sb in
                    let r = sb.baseAddress!
                    let p = r + chunks
                    let ap = p + chunks
                    let x = ap + chunks
                    for u in (t * rowChunk)..<min(rows, (t + 1) * rowChunk) {
                      let target = out.base + u * chunks
                      for c in 0..<chunks { x[c] = target[c] }
                      let start = offsets.base[u]
                      let end = offsets.base[u + 1]
                      // r = b - A x
                      multiply(gBase.base, x, into: ap, factors: f, chunks: chunks)
                      for c in 0..<chunks { r[c] = -ap[c] }
                      for q in start..<end {
                        let conf = 1 + alpha * (useValues ? values.base[q] : 1)
                        let y = yBase.base + Int(columns.base[q]) * chunks
                        let yx = FloatKernel.dot(padded: y, x, chunks: chunks)
                        VectorKernel.axpy(conf - (conf - 1) * yx, y, r, chunks: chunks)
                      }
                      for c in 0..<chunks { p[c] = r[c] }
                      var rs = FloatKernel.dot(padded: r, r, chunks: chunks)
                      for _ in 0..<steps {
                        if rs < 1e-20 { break }
                        multiply(gBase.base, p, into: ap, factors: f, chunks: chunks)
                        for q in start..<end {
                          let conf = 1 + alpha * (useValues ? values.base[q] : 1)
                          let y = yBase.base + Int(columns.base[q]) * chunks
                          let yp = FloatKernel.dot(padded: y, p, chunks: chunks)
                          VectorKernel.axpy((conf - 1) * yp, y, ap, chunks: chunks)
                        }
                        let pap = FloatKernel.dot(padded: p, ap, chunks: chunks)
                        if !(pap > 0) { break }
                        let step = rs / pap
                        VectorKernel.axpy(step, p, x, chunks: chunks)
                        VectorKernel.axpy(-step, ap, r, chunks: chunks)
                        let rsNew = FloatKernel.dot(padded: r, r, chunks: chunks)
                        let beta = SIMD8<Float>(repeating: rsNew / rs)
                        for c in 0..<chunks { p[c] = r[c] + beta * p[c] }
                        rs = rsNew
                      }
                      for c in 0..<chunks { target[c] = x[c] }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// `out = G v` for the padded `factors x factors` Gramian (pad lanes stay zero).
  @inline(__always)
  static func multiply(
    _ g: UnsafePointer<SIMD8<Float>>, _ v: UnsafePointer<SIMD8<Float>>,
    into out: UnsafeMutablePointer<SIMD8<Float>>, factors f: Int, chunks: Int
  ) {
    for c in 0..<chunks { out[c] = SIMD8() }
    // G is symmetric: out = Σ_d v[d] * G[d], row by row, which vectorizes along lanes.
    for d in 0..<f {
      let s = v[d / 8][d % 8]
      VectorKernel.axpy(s, g + d * chunks, out, chunks: chunks)
    }
  }

  /// The implicit ALS objective on `matrix`:
  /// `Σ_{u,i} c_ui (p_ui - x_u·y_i)² + λ (Σ|x_u|² + Σ|y_i|²)`, with `p = 1` and
  /// `c = 1 + alpha r` on observed entries and `p = 0`, `c = 1` elsewhere (in Double,
  /// through `Σ_u x_uᵀ (YᵀY) x_u` for the unobserved part).
  public func loss(on matrix: InteractionMatrix, useValues: Bool = false) -> Double {
    let f = factors
    var yty = [Double](repeating: 0, count: f * f)
    for a in 0..<f {
      for b in 0..<f { yty[a * f + b] = gramian[a * f + b] - (a == b ? regularization : 0) }
    }
    var total = 0.0
    for u in 0..<matrix.rowCount {
      let xu = (0..<f).map { Double(userFactors[u * f + $0]) }
      for a in 0..<f {
        var s = 0.0
        for b in 0..<f { s += yty[a * f + b] * xu[b] }
        total += xu[a] * s
      }
      for q in matrix.offsets[u]..<matrix.offsets[u + 1] {
        let i = Int(matrix.columns[q])
        var xy = 0.0
        for d in 0..<f { xy += xu[d] * Double(itemFactors[i * f + d]) }
        let c = 1 + alpha * Double(useValues ? matrix.values[q] : 1)
        total += c * (1 - xy) * (1 - xy) - xy * xy
      }
    }
    var norms = 0.0
    for v in userFactors { norms += Double(v) * Double(v) }
    for v in itemFactors { norms += Double(v) * Double(v) }
    return total + regularization * norms
  }
}
