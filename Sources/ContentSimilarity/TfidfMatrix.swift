import Foundation

/// TF-IDF vectors of a set of documents, equal to scikit-learn's
/// `TfidfVectorizer().fit_transform(documents)` with its defaults.
///
/// Defaults reproduced: lowercase, token pattern `(?u)\b\w\w+\b` (see
/// `TfidfTokenizer`), raw counts as term frequency, smooth idf
/// `ln((1 + n) / (1 + df)) + 1`, every row scaled to unit L2 norm (an all-zero row stays
/// zero), vocabulary sorted by code point, no min/max df pruning.
///
/// Storage is CSR: row `i` holds `columns[rowOffsets[i]..<rowOffsets[i+1]]` in
/// ascending order, with `values` alongside. Weights and norms are computed in `Double`
/// in scikit-learn's order and stored as `Float` (error below 6e-8 on values in
/// [0, 1]); `Float` halves the memory traffic of the similarity products.
public struct TfidfMatrix: Sendable, Equatable {
  /// The terms, sorted by code point; column `j` is `vocabulary[j]`.
  public let vocabulary: [String]
  /// Inverse document frequency of each column, `ln((1 + n) / (1 + df)) + 1`.
  public let idf: [Double]
  /// Row starts in `columns`/`values`; `rowCount + 1` entries, first 0.
  public let rowOffsets: [Int32]
  /// Column of each stored value, ascending within a row.
  public let columns: [Int32]
  /// The unit-normalized TF-IDF weights.
  public let values: [Float]
  /// The raw term counts behind `values` (scikit-learn's `CountVectorizer` output).
  public let termCounts: [Int32]

  /// The number of documents.
  public var rowCount: Int { rowOffsets.count - 1 }
  /// The number of terms.
  public var columnCount: Int { vocabulary.count }
  /// The number of stored (non-zero) weights.
  public var nonZeroCount: Int { values.count }

  /// Fits the vocabulary and idf on `documents` and returns their vectors.
  ///
  /// - Parameter documents: one text per row, e.g. from `MovieDocument.text`.
  /// - Complexity: O(total tokens · log) for sorting terms within rows.
  public init(documents: [String]) {
    var termIds: [[UInt8]: Int32] = [:]  // lookup only; ids follow first appearance
    var terms: [[UInt8]] = []
    var tokenIds: [Int32] = []
    var tokenOffsets: [Int] = [0]
    tokenOffsets.reserveCapacity(documents.count + 1)
    for text in documents {
      for token in TfidfTokenizer.tokenBytes(text) {
        if let id = termIds[token] {
          tokenIds.append(id)
        } else {
          let id = Int32(terms.count)
          termIds[token] = id
          terms.append(token)
          tokenIds.append(id)
        }
      }
      tokenOffsets.append(tokenIds.count)
    }

    let order = terms.indices.sorted { terms[$0].lexicographicallyPrecedes(terms[$1]) }
    var rank = [Int32](repeating: 0, count: terms.count)
    for (position, id) in order.enumerated() { rank[id] = Int32(position) }

    let rowCount = documents.count
    var offsets: [Int32] = [0]
    offsets.reserveCapacity(rowCount + 1)
    var columns: [Int32] = []
    var counts: [Int32] = []
    var documentFrequency = [Int](repeating: 0, count: terms.count)
    var row: [Int32] = []
    for d in 0..<rowCount {
      row.removeAll(keepingCapacity: true)
      for t in tokenOffsets[d]..<tokenOffsets[d + 1] { row.append(rank[Int(tokenIds[t])]) }
      row.sort()
      var i = 0
      while i < row.count {
        var j = i + 1
        while j < row.count && row[j] == row[i] { j += 1 }
        columns.append(row[i])
        counts.append(Int32(j - i))
        documentFrequency[Int(row[i])] += 1
        i = j
      }
      offsets.append(Int32(columns.count))
    }

    let samples = Double(rowCount + 1)
    let idf = documentFrequency.map { Foundation.log(samples / Double($0 + 1)) + 1 }
    var values = [Float](repeating: 0, count: columns.count)
    var weights: [Double] = []
    for d in 0..<rowCount {
      let start = Int(offsets[d])
      let end = Int(offsets[d + 1])
      weights.removeAll(keepingCapacity: true)
      var sumOfSquares = 0.0
      for p in start..<end {
        let w = Double(counts[p]) * idf[Int(columns[p])]
        weights.append(w)
        sumOfSquares += w * w
      }
      let norm = sumOfSquares.squareRoot()
      for p in start..<end { values[p] = Float(weights[p - start] / norm) }
    }

    self.vocabulary = order.map { String(decoding: terms[$0], as: UTF8.self) }
    self.idf = idf
    self.rowOffsets = offsets
    self.columns = columns
    self.values = values
    self.termCounts = counts
  }

  /// The L2 norm of row `i` before normalization, summed in column order as in `init`.
  func unnormalizedNorm(ofRow i: Int) -> Double {
    var sumOfSquares = 0.0
    for p in Int(rowOffsets[i])..<Int(rowOffsets[i + 1]) {
      let w = Double(termCounts[p]) * idf[Int(columns[p])]
      sumOfSquares += w * w
    }
    return sumOfSquares.squareRoot()
  }
}
