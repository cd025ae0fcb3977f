/// The content score of every movie for one user: for movie `m`,
/// `content(m) = (1 / |L|) * sum over j in L of sim_j(m)`, where `L` is the user's liked
/// movies (rated >= 4) and `sim_j(m)` is `m`'s similarity in `j`'s neighbour list, or 0.
///
/// Computed by scattering the neighbour lists of `L` (in the order given) into
/// `scores`, so the cost is `|L| * k`, plus one pass to clear and scale the array.
/// Every value lies in [0, 1]. An empty `liked` gives all zeros. Entries of `liked`
/// outside `0..<neighbours.rowCount` have no neighbour list: they add nothing but still
/// count in `|L|`. Pass each liked movie once; a repeat counts twice.
///
/// - Parameters:
///   - liked: indices of the movies the user liked.
///   - neighbours: the top-K table from the tfidf stage.
///   - scores: resized to `neighbours.rowCount` if needed, then overwritten.
public func contentScores(liked: [Int32], neighbours: Neighbours, into scores: inout [Float]) {
  let n = neighbours.rowCount
  if scores.count != n {
    scores = [Float](repeating: 0, count: n)
  } else {
    scores.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
  }
  guard !liked.isEmpty else { return }
  scores.withUnsafeMutableBufferPointer { out in
    neighbours.offsets.withUnsafeBufferPointer { offsets in
      neighbours.indices.withUnsafeBufferPointer { indices in
        neighbours.similarities.withUnsafeBufferPointer { similarities in
          for j in liked where j >= 0 && Int(j) < n {
            for p in Int(offsets[Int(j)])..<Int(offsets[Int(j) + 1]) {
              out[Int(indices[p])] += similarities[p]
            }
          }
          // Dividing (rather than multiplying by a rounded 1/|L|) keeps a sum of |L|
          // ones at exactly 1.
          let count = Float(liked.count)
          for m in 0..<n where out[m] != 0 { out[m] /= count }
        }
      }
    }
  }
}
