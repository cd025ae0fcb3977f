/// Collaborative explanations: which of a user's liked movies ties a recommended movie to
/// them in the collaborative model, for the items content similarity cannot explain.
extension CollaborativeModel {
  /// How strongly the model links `source` (a movie the user liked) to `item`:
  /// - item weights (EASE): `B[source, item]`, exactly what rating `source` adds to
  ///   `item`'s score;
  /// - sparse item weights (item-kNN): `source`'s neighbour weight for `item` (0 when
  ///   `item` is not among its neighbours);
  /// - factors (ALS, SVD): the cosine of the two movies' item factors (0 for a zero
  ///   vector), summed in factor order.
  public func affinity(of item: Int, to source: Int) -> Float {
    guard item >= 0, item < itemCount, source >= 0, source < itemCount else { return 0 }
    switch kind {
    case .itemWeights(let w):
      return w.weights[source * w.itemCount + item]
    case .sparseItemWeights(let w):
      for q in Int(w.offsets[source])..<Int(w.offsets[source + 1]) where Int(w.neighbours[q]) == item {
        return w.weights[q]
      }
      return 0
    case .factors(let f):
      let k = f.factorCount
      let v = f.itemFactors.pointer
      var dot: Float = 0
      var a: Float = 0
      var b: Float = 0
      for c in 0..<k {
        let x = v[item * k + c]
        let y = v[source * k + c]
        dot += x * y
        a += x * x
        b += y * y
      }
      guard a > 0, b > 0 else { return 0 }
      return dot / (a.squareRoot() * b.squareRoot())
    }
  }

  /// The liked movie with the highest positive `affinity` to `item` (ties: the lower
  /// movie index); nil when none has one. `item` itself is never its own reason.
  public func explain(item: Int, liked: [Int32]) -> (source: Int, affinity: Float)? {
    explain(items: [item], liked: liked)[0]
  }

  /// `explain(item:liked:)` for several items in one pass over the liked movies (each
  /// liked movie's row or factors read once), with the same answers bit for bit.
  public func explain(items: [Int], liked: [Int32]) -> [(source: Int, affinity: Float)?] {
    let n = itemCount
    // Per item: the best source so far (-1: none) and its affinity. Sources are offered
    // in ascending order and only a strictly higher affinity wins, so ties keep the
    // lower index; the first offer must beat 0.
    var source = [Int](repeating: -1, count: items.count)
    var value = [Float](repeating: 0, count: items.count)
    @inline(__always) func offer(_ r: Int, _ j: Int, _ s: Float) {
      if s > value[r], items[r] != j {
        source[r] = j
        value[r] = s
      }
    }
    let targets = items.indices.filter { items[$0] >= 0 && items[$0] < n }
    let sources = liked.map(Int.init).filter { $0 >= 0 && $0 < n }.sorted()
    switch kind {
    case .itemWeights(let w):
      let b = w.weights.pointer
      for j in sources {
        for r in targets { offer(r, j, b[j * n + items[r]]) }
      }
    case .sparseItemWeights(let w):
      for j in sources {
        for q in Int(w.offsets[j])..<Int(w.offsets[j + 1]) {
          let x = Int(w.neighbours[q])
          for r in targets where items[r] == x { offer(r, j, w.weights[q]) }
        }
      }
    case .factors(let f):
      let k = f.factorCount
      let v = f.itemFactors.pointer
      @inline(__always) func squaredNorm(_ i: Int) -> Float {
        var sum: Float = 0
        for c in 0..<k { sum += v[i * k + c] * v[i * k + c] }
        return sum
      }
      let roots = items.map { $0 >= 0 && $0 < n ? squaredNorm($0).squareRoot() : 0 }
      let live = targets.filter { roots[$0] > 0 }
      for j in sources {
        let nj = squaredNorm(j)
        guard nj > 0 else { continue }
        let rj = nj.squareRoot()
        let row = j * k
        for r in live {
          let i = items[r] * k
          var dot: Float = 0
          for c in 0..<k { dot += v[i + c] * v[row + c] }
          offer(r, j, dot / (roots[r] * rj))
        }
      }
    }
    return items.indices.map { source[$0] < 0 ? nil : (source[$0], value[$0]) }
  }
}
