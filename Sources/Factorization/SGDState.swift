import CSGDKernel
import Dispatch
import RecsysCore

/// Which code runs the SGD pass; both give the same bits (the C kernel does the same IEEE
/// operations per lane, on 256-bit registers).
enum SGDKernel: Sendable, Equatable {
  /// `SIMD8<Float>` in Swift, built for the baseline ISA (two SSE registers per chunk).
  case portable
  /// `Sources/CSGDKernel` on AVX, chosen when cpuid and the OS say it can run.
  case avx

  /// The fastest kernel this CPU runs.
  static let best: SGDKernel = csgd_avx_available() != 0 ? .avx : .portable
}

/// The parameters during training, in zero-padded rows of 8-float chunks.
///
/// Padding lanes start at zero and stay zero (their gradient is `e·0 − λ·0`), so the
/// kernel never needs a scalar tail. The buffers are raw allocations owned by `train`,
/// which calls `deallocate()`; nothing in the epoch loop allocates.
struct SGDState {
  let userCount: Int
  let itemCount: Int
  let factors: Int
  let chunks: Int
  let userRows: UnsafeMutablePointer<SIMD8<Float>>
  let itemRows: UnsafeMutablePointer<SIMD8<Float>>
  let userBias: UnsafeMutablePointer<Float>
  let itemBias: UnsafeMutablePointer<Float>
  let kernel: SGDKernel

  init(userCount: Int, itemCount: Int, factors: Int, chunks: Int, kernel: SGDKernel = .best) {
    self.kernel = kernel
    self.userCount = userCount
    self.itemCount = itemCount
    self.factors = factors
    self.chunks = chunks
    userRows = .allocate(capacity: max(userCount * chunks, 1))
    userRows.initialize(repeating: SIMD8<Float>(), count: max(userCount * chunks, 1))
    itemRows = .allocate(capacity: max(itemCount * chunks, 1))
    itemRows.initialize(repeating: SIMD8<Float>(), count: max(itemCount * chunks, 1))
    userBias = .allocate(capacity: max(userCount, 1))
    userBias.initialize(repeating: 0, count: max(userCount, 1))
    itemBias = .allocate(capacity: max(itemCount, 1))
    itemBias.initialize(repeating: 0, count: max(itemCount, 1))
  }

  func deallocate() {
    userRows.deallocate()
    itemRows.deallocate()
    userBias.deallocate()
    itemBias.deallocate()
  }

  /// Draws every user row, then every item row, in row-major order (numpy's fill order for
  /// Surprise's `rng.normal(size=(n, k))`).
  ///
  /// - Parameter layout: where each original user and item row lives (the blocked order
  ///   renumbers them); nil keeps the original numbering. The draws are the same either way.
  func initializeFactors(
    mean: Double, std: Double, rng: inout SeededGenerator, layout: (users: [Int32], items: [Int32])? = nil
  ) {
    let width = DotKernel.width
    for (rows, count, index) in [(userRows, userCount, layout?.users), (itemRows, itemCount, layout?.items)] {
      for r in 0..<count {
        let row = rows + (index.map { Int($0[r]) } ?? r) * chunks
        for f in 0..<factors {
          row[f / width][f % width] = Float(rng.nextGaussian(mean: mean, std: std))
        }
      }
    }
  }

  /// One pass of SGD over `entries`; returns the sum of squared pre-update errors.
  func runEpoch(
    _ entries: UnsafeBufferPointer<SGDEntry>, mean: Float, biased: Bool, rates: SGDRates
  ) -> Double {
    if kernel == .avx, let base = entries.baseAddress {
      return csgd_run_avx(
        UnsafeMutableRawPointer(userRows).assumingMemoryBound(to: Float.self),
        UnsafeMutableRawPointer(itemRows).assumingMemoryBound(to: Float.self), userBias, itemBias,
        UnsafeRawPointer(base).assumingMemoryBound(to: csgd_entry.self), entries.count, Int32(chunks), mean,
        biased ? 1 : 0, rates.lrBias, rates.regBias, rates.lrFactors, rates.lrFactors * rates.regFactors)
    }
    let chunks = self.chunks
    let userRows = self.userRows
    let itemRows = self.itemRows
    let userBias = self.userBias
    let itemBias = self.itemBias
    let lrBias = rates.lrBias
    let regBias = rates.regBias
    let shrink = SIMD8<Float>(repeating: rates.lrFactors * rates.regFactors)
    var sse = 0.0
    for entry in entries {
      let u = Int(truncatingIfNeeded: entry.user)
      let i = Int(truncatingIfNeeded: entry.item)
      let p = userRows + u &* chunks
      let q = itemRows + i &* chunks
      let dot = FloatKernel.dot(padded: p, q, chunks: chunks)
      let err: Float
      if biased {
        let bu = userBias[u]
        let bi = itemBias[i]
        err = entry.rating - (mean + bu + bi + dot)
        userBias[u] = bu + lrBias * (err - regBias * bu)
        itemBias[i] = bi + lrBias * (err - regBias * bi)
      } else {
        err = entry.rating - dot
      }
      sse += Double(err) * Double(err)
      // p + γ(e·q − λp) = p + ((γe)·q − (γλ)·p): the same update with 4 operations per
      // lane instead of 5. Folding further into (1 − γλ)·p would round γλ away in Float
      // once it drops below ~1e-5.
      let step = SIMD8<Float>(repeating: rates.lrFactors * err)
      for c in 0..<chunks {
        let pc = p[c]
        let qc = q[c]
        p[c] = pc + (step * qc - shrink * pc)
        q[c] = qc + (step * pc - shrink * qc)
      }
    }
    return sse
  }

  /// RMSE of clipped predictions on `test`, with Surprise's handling of unknown indices.
  func rmse(
    _ test: MFTestSet, globalMean: Double, biased: Bool, range: ClosedRange<Double>
  ) -> Double {
    guard test.count > 0 else { return 0 }
    // The squared errors are computed on the CPU budget's threads in fixed chunks, then added in test
    // order on one thread: the same bits as a sequential loop.
    let chunkSize = 8192
    let chunkCount = (test.count + chunkSize - 1) / chunkSize
    var squared = [Double](repeating: 0, count: test.count)
    squared.withUnsafeMutableBufferPointer { squared in
      let shared = SharedRMSE(state: self, squared: squared)
      ParallelWork.forEach(chunkCount) { c in
        shared.squaredErrors(
          test, (c * chunkSize)..<min(test.count, (c + 1) * chunkSize), globalMean: globalMean, biased: biased,
          range: range)
      }
    }
    var sse = 0.0
    for value in squared { sse += value }
    return (sse / Double(test.count)).squareRoot()
  }

  /// Writes the squared error of each test rating in `span` to `squared`.
  func squaredErrors(
    _ test: MFTestSet, _ span: Range<Int>, globalMean: Double, biased: Bool, range: ClosedRange<Double>,
    into squared: UnsafeMutableBufferPointer<Double>
  ) {
    for n in span {
      let u = Int(test.users[n])
      let i = Int(test.items[n])
      let knownUser = u >= 0 && u < userCount
      let knownItem = i >= 0 && i < itemCount
      var estimate: Double
      if !biased && !(knownUser && knownItem) {
        estimate = globalMean
      } else {
        estimate = biased ? globalMean : 0
        if biased && knownUser { estimate += Double(userBias[u]) }
        if biased && knownItem { estimate += Double(itemBias[i]) }
        if knownUser && knownItem && chunks > 0 {
          let p = userRows + u * chunks
          let q = itemRows + i * chunks
          estimate += Double(
            kernel == .avx
              ? csgd_dot_avx(
                UnsafeRawPointer(p).assumingMemoryBound(to: Float.self),
                UnsafeRawPointer(q).assumingMemoryBound(to: Float.self), Int32(chunks))
              : FloatKernel.dot(padded: p, q, chunks: chunks))
        }
      }
      estimate = min(max(estimate, range.lowerBound), range.upperBound)
      let err = Double(test.ratings[n]) - estimate
      squared[n] = err * err
    }
  }

  /// The biases in original row order; `index` maps an original row to its stored row.
  func exportBiases(user: Bool, index: [Int32]? = nil) -> [Float] {
    let (source, count) = user ? (userBias, userCount) : (itemBias, itemCount)
    guard let index else { return Array(UnsafeBufferPointer(start: source, count: count)) }
    return (0..<count).map { source[Int(index[$0])] }
  }

  /// Strips the padding: the public matrices have exactly `factors` columns, in original
  /// row order (`index` maps an original row to its stored row).
  func exportFactors(user: Bool, index: [Int32]? = nil) -> [Float] {
    let (rows, count) = user ? (userRows, userCount) : (itemRows, itemCount)
    let factors = self.factors
    let chunks = self.chunks
    return [Float](unsafeUninitializedCapacity: count * factors) { out, initialized in
      let floats = UnsafeRawPointer(rows)
      for r in 0..<count {
        let stored = index.map { Int($0[r]) } ?? r
        let src = floats + stored * chunks * MemoryLayout<SIMD8<Float>>.stride
        for f in 0..<factors {
          out[r * factors + f] = src.load(fromByteOffset: f * 4, as: Float.self)
        }
      }
      initialized = count * factors
    }
  }
}

/// The state and the output buffer of a parallel RMSE; `@unchecked Sendable` because the
/// chunks only read the parameters and write disjoint ranges of `squared`.
private struct SharedRMSE: @unchecked Sendable {
  let state: SGDState
  let squared: UnsafeMutableBufferPointer<Double>

  func squaredErrors(
    _ test: MFTestSet, _ span: Range<Int>, globalMean: Double, biased: Bool, range: ClosedRange<Double>
  ) {
    state.squaredErrors(test, span, globalMean: globalMean, biased: biased, range: range, into: squared)
  }
}
