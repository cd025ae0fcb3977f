import RecsysCore
extension Neighbours {
  /// The top-`k` cosine neighbours of every row of `matrix`, without ever forming the
  /// dense N x N similarity matrix.
  ///
  /// Rows are unit vectors, so cosine is the dot product. Each query row is multiplied
  /// against an inverted index (term -> rows holding it) into a dense scratch array of
  /// N floats that is reused across rows; the best `k` are kept with a small heap.
  /// Terms held by many rows (genres, "the") go through groups of rows that share them
  /// instead of postings; see `SimilarityIndex`. Sums run over the query's terms in
  /// column order, so a pair's similarity has the same bits whichever thread computes
  /// it. Similarities are clamped to at most 1 (rounding can give 1.0000001 for
  /// identical documents).
  ///
  /// - Parameters:
  ///   - matrix: unit-normalized TF-IDF rows.
  ///   - k: the most neighbours to keep per row.
  ///   - chunkSize: rows per parallel work item; results do not depend on it.
  ///   - parallel: `false` runs every chunk on the calling thread.
  /// - Throws: `ContentSimilarityError.invalidNeighbourCount` when `k < 1`.
  /// - Complexity: per row, the postings of its rare terms plus about one probe per
  ///   group of rows sharing one of its common terms; never O(N²) memory.
  public init(
    cosineOf matrix: TfidfMatrix, k: Int = 20, chunkSize: Int = 256, parallel: Bool = true
  ) throws {
    try self.init(
      cosineOf: matrix, k: k, chunkSize: chunkSize, parallel: parallel,
      plan: .standard(rowCount: matrix.rowCount))
  }

  /// As above, with an explicit split between postings and groups (tests force both
  /// paths with it; the result is the same up to rounding).
  init(
    cosineOf matrix: TfidfMatrix, k: Int, chunkSize: Int, parallel: Bool,
    plan: SimilarityIndex.Plan
  ) throws {
    guard k >= 1 else { throw ContentSimilarityError.invalidNeighbourCount(k) }
    let n = matrix.rowCount
    let index = SimilarityIndex(matrix, plan: plan)
    let chunks = ChunkedWork.run(count: n, chunkSize: chunkSize, parallel: parallel) {
      rows in
      index.topK(rows: rows, of: matrix, k: k)
    }
    var offsets: [Int32] = [0]
    offsets.reserveCapacity(n + 1)
    var indices: [Int32] = []
    var similarities: [Float] = []
    for chunk in chunks {
      for length in chunk.lengths {
        offsets.append(offsets[offsets.count - 1] + length)
      }
      indices.append(contentsOf: chunk.indices)
      similarities.append(contentsOf: chunk.similarities)
    }
    self.init(unchecked: k, offsets: offsets, indices: indices, similarities: similarities)
  }

  struct RowBlock: Sendable {
    var lengths: [Int32] = []
    var indices: [Int32] = []
    var similarities: [Float] = []
  }
}
