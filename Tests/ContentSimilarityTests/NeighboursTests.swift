import ContentSimilarity
import Testing

struct NeighboursTests {
  /// Brute force in Double over dense rows: the reference the sparse path must match.
  static func bruteForce(_ m: TfidfMatrix, k: Int) -> [[(Int, Double)]] {
    var dense = [[Double]](
      repeating: [Double](repeating: 0, count: m.columnCount), count: m.rowCount)
    for i in 0..<m.rowCount {
      for p in Int(m.rowOffsets[i])..<Int(m.rowOffsets[i + 1]) {
        dense[i][Int(m.columns[p])] = Double(m.values[p])
      }
    }
    return (0..<m.rowCount).map { i in
      var row: [(Int, Double)] = []
      for j in 0..<m.rowCount where j != i {
        let s = zip(dense[i], dense[j]).reduce(0) { $0 + $1.0 * $1.1 }
        if s > 0 { row.append((j, s)) }
      }
      row.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
      return Array(row.prefix(k))
    }
  }

  static func syntheticDocuments(count: Int) -> [String] {
    let words = ["alpha", "beta", "gamma", "delta", "omega", "night", "day", "love", "war"]
    let genres = ["Drama", "Comedy", "Action", "Sci-Fi", "Children's", "Horror"]
    var state: UInt64 = 12345
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    return (0..<count).map { _ in
      let title = (0..<(1 + next(3))).map { _ in words[next(words.count)] }.joined(separator: " ")
      let g = (0..<next(3)).map { _ in genres[next(genres.count)] }
      return document(title: title, genres: g)
    }
  }

  @Test func sparsePathMatchesBruteForce() throws {
    let m = TfidfMatrix(documents: Self.syntheticDocuments(count: 120))
    let nb = try Neighbours(cosineOf: m, k: 6, chunkSize: 16)
    let reference = Self.bruteForce(m, k: 6)
    for i in 0..<m.rowCount {
      let (indices, sims) = nb.row(i)
      #expect(indices.count == reference[i].count)
      for (r, (j, s)) in zip(indices, sims).enumerated() where r < reference[i].count {
        #expect(abs(Double(s) - min(reference[i][r].1, 1)) <= 1e-6)
        if Int(j) != reference[i][r].0 {
          // Only a genuine tie (equal to 1e-6) may swap places.
          let other = reference[i].first { $0.0 == Int(j) }
          #expect(other.map { abs($0.1 - reference[i][r].1) <= 1e-6 } == true)
        }
      }
    }
  }

  @Test func resultDoesNotDependOnChunkingOrThreads() throws {
    let m = TfidfMatrix(documents: Self.syntheticDocuments(count: 200))
    let serial = try Neighbours(cosineOf: m, k: 10, chunkSize: 1000, parallel: false)
    for size in [1, 3, 64] {
      #expect(try Neighbours(cosineOf: m, k: 10, chunkSize: size) == serial)
    }
  }

  @Test func tiesGoToTheLowerIndexAndSelfIsExcluded() throws {
    // Rows 0, 1, 3 are identical and row 2 differs; for row 3 the ties 0 and 1 (both
    // similarity 1) come in index order, and row 3 never lists itself.
    let m = TfidfMatrix(documents: ["red fox", "red fox", "blue whale", "red fox"])
    let nb = try Neighbours(cosineOf: m, k: 5)
    #expect(Array(nb.row(3).indices) == [0, 1])
    let sims = Array(nb.row(3).similarities)
    #expect(sims[0] == sims[1] && abs(sims[0] - 1) <= 1e-6)
    #expect(Array(nb.row(0).indices) == [1, 3])
    #expect(nb.row(2).indices.isEmpty)  // zero similarity is left out
    let k1 = try Neighbours(cosineOf: m, k: 1)
    #expect(Array(k1.row(3).indices) == [0])
    #expect(Array(k1.row(0).indices) == [1])
  }

  @Test func emptyDocumentsGiveEmptyRows() throws {
    let m = TfidfMatrix(documents: ["", "a b", "x"])
    #expect(m.columnCount == 0)
    let nb = try Neighbours(cosineOf: m, k: 3)
    #expect(nb.offsets == [0, 0, 0, 0])
    #expect(TfidfMatrix(documents: []).rowCount == 0)
  }

  @Test func invalidTablesAreRejected() {
    #expect(throws: ContentSimilarityError.invalidNeighbourCount(0)) {
      try Neighbours(cosineOf: TfidfMatrix(documents: ["ab"]), k: 0)
    }
    #expect(throws: ContentSimilarityError.self) {
      try Neighbours(k: 2, offsets: [0, 1, 1], indices: [0], similarities: [0.5])  // self
    }
    #expect(throws: ContentSimilarityError.self) {
      try Neighbours(k: 2, offsets: [0, 2, 2, 2], indices: [1, 2], similarities: [0.2, 0.5])
    }
    #expect(throws: ContentSimilarityError.self) {
      try Neighbours(k: 2, offsets: [0, 1], indices: [0, 1], similarities: [0.5])
    }
    #expect(throws: ContentSimilarityError.self) {
      try Neighbours(k: 1, offsets: [0, 1, 1], indices: [5], similarities: [0.5])
    }
    let message = String(describing: ContentSimilarityError.invalidNeighbourCount(0))
    #expect(message == message.lowercased() && !message.contains("\n"))
  }
}
