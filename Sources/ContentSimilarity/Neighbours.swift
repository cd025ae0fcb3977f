/// The top-K most similar movies of every movie, as a CSR table.
///
/// Row `i` lists `indices[offsets[i]..<offsets[i+1]]` with `similarities` alongside,
/// sorted by similarity descending, then by movie index ascending. A row never holds
/// the movie itself or a zero similarity, so it may be shorter than `k`.
public struct Neighbours: Sendable, Equatable {
  /// The most neighbours a row may hold.
  public let k: Int
  /// Row starts; `rowCount + 1` entries, first 0, last `indices.count`.
  public let offsets: [Int32]
  /// Neighbour movie indices (rows of the matrix they were computed from).
  public let indices: [Int32]
  /// Cosine similarities in (0, 1], alongside `indices`.
  public let similarities: [Float]

  /// The number of movies.
  public var rowCount: Int { offsets.count - 1 }

  /// Wraps arrays read back from disk after checking every invariant, so that
  /// `contentScores` can trust them.
  ///
  /// - Throws: `ContentSimilarityError` naming the first broken invariant.
  public init(k: Int, offsets: [Int32], indices: [Int32], similarities: [Float]) throws {
    guard k >= 1 else { throw ContentSimilarityError.invalidNeighbourCount(k) }
    guard let first = offsets.first, first == 0 else {
      throw ContentSimilarityError.malformedNeighbours("offsets must start with 0")
    }
    guard indices.count == similarities.count else {
      throw ContentSimilarityError.malformedNeighbours(
        "\(indices.count) indices but \(similarities.count) similarities")
    }
    guard Int(offsets[offsets.count - 1]) == indices.count else {
      throw ContentSimilarityError.malformedNeighbours(
        "last offset \(offsets[offsets.count - 1]) is not the entry count \(indices.count)")
    }
    let rows = offsets.count - 1
    for i in 0..<rows {
      let start = Int(offsets[i])
      let end = Int(offsets[i + 1])
      guard start <= end, end - start <= k else {
        throw ContentSimilarityError.malformedNeighbours(
          "row \(i) has bad bounds \(start)..<\(end) for k = \(k)")
      }
      for p in start..<end {
        let j = indices[p]
        let s = similarities[p]
        guard j >= 0, Int(j) < rows, Int(j) != i else {
          throw ContentSimilarityError.malformedNeighbours("row \(i) lists movie index \(j)")
        }
        guard s > 0, s <= 1 else {
          throw ContentSimilarityError.malformedNeighbours("row \(i) has similarity \(s)")
        }
        if p > start {
          let previous = similarities[p - 1]
          guard previous > s || (previous == s && indices[p - 1] < j) else {
            throw ContentSimilarityError.malformedNeighbours("row \(i) is not sorted")
          }
        }
      }
    }
    self.init(unchecked: k, offsets: offsets, indices: indices, similarities: similarities)
  }

  init(unchecked k: Int, offsets: [Int32], indices: [Int32], similarities: [Float]) {
    self.k = k
    self.offsets = offsets
    self.indices = indices
    self.similarities = similarities
  }

  /// The neighbours of movie `i`, best first.
  public func row(_ i: Int) -> (indices: ArraySlice<Int32>, similarities: ArraySlice<Float>) {
    let range = Int(offsets[i])..<Int(offsets[i + 1])
    return (indices[range], similarities[range])
  }

  /// The similarity of movie `m` in movie `j`'s list, or 0 when it is not there.
  public func similarity(of m: Int, in j: Int) -> Float {
    let (row, values) = row(j)
    for (p, candidate) in zip(row.indices, row) where Int(candidate) == m {
      return values[p]
    }
    return 0
  }
}
