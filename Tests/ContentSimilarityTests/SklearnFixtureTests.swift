import Foundation
import Testing

@testable import ContentSimilarity

/// Compares against `Fixtures/tfidf_fixture.json`, written once by
/// `Fixtures/make_tfidf_fixture.py` with scikit-learn's `TfidfVectorizer()`.
struct SklearnFixtureTests {
  struct Fixture {
    var titles: [String] = []
    var genres: [[String]] = []
    var documents: [String] = []
    var vocabulary: [String] = []
    var idf: [Double] = []
    var indptr: [Int] = []
    var indices: [Int] = []
    var data: [Double] = []
    var neighbours: [[(index: Int, similarity: Double)]] = []
    var tokenCases: [(text: String, tokens: [String])] = []
  }

  static func load() throws -> Fixture {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/tfidf_fixture.json")
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    var f = Fixture()
    for movie in try #require(root["movies"] as? [[String: Any]]) {
      f.titles.append(try #require(movie["title"] as? String))
      f.genres.append(try #require(movie["genres"] as? [String]))
      f.documents.append(try #require(movie["document"] as? String))
    }
    f.vocabulary = try #require(root["vocabulary"] as? [String])
    f.idf = try #require(root["idf"] as? [Double])
    f.indptr = try #require(root["indptr"] as? [Int])
    f.indices = try #require(root["indices"] as? [Int])
    f.data = try #require(root["data"] as? [Double])
    for row in try #require(root["neighbours"] as? [[[Double]]]) {
      f.neighbours.append(row.map { (Int($0[0]), $0[1]) })
    }
    for item in try #require(root["tokens"] as? [[String: Any]]) {
      f.tokenCases.append(
        (try #require(item["text"] as? String), try #require(item["tokens"] as? [String])))
    }
    return f
  }

  /// Strings compared by code points: Swift's `==` would call NFC and NFD equal.
  static func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

  @Test func documentsMatchThePythonBuilder() throws {
    let f = try Self.load()
    for (i, expected) in f.documents.enumerated() {
      let built = document(title: f.titles[i], genres: f.genres[i])
      #expect(Self.scalars(built) == Self.scalars(expected), "movie \(i)")
    }
  }

  @Test func tokensMatchPythonRegex() throws {
    let f = try Self.load()
    for (text, expected) in f.tokenCases {
      let got = TfidfTokenizer.tokens(text)
      #expect(got.map(Self.scalars) == expected.map(Self.scalars), "\(text.debugDescription)")
    }
  }

  @Test func vocabularyIdfAndWeightsMatchSklearn() throws {
    let f = try Self.load()
    let m = TfidfMatrix(documents: f.documents)
    #expect(m.vocabulary.map(Self.scalars) == f.vocabulary.map(Self.scalars))
    #expect(m.idf.count == f.idf.count)
    for (a, b) in zip(m.idf, f.idf) { #expect(abs(a - b) <= 1e-12) }
    #expect(m.rowOffsets.map(Int.init) == f.indptr)
    #expect(m.columns.map(Int.init) == f.indices)
    #expect(m.values.count == f.data.count)
    for (a, b) in zip(m.values, f.data) { #expect(abs(Double(a) - b) <= 1e-6) }
  }

  /// Default split (all postings at this size), serial and parallel, and every shared
  /// term through groups.
  @Test(arguments: [0, 1, 2])
  func topFiveNeighboursMatchSklearn(variant: Int) throws {
    let f = try Self.load()
    let m = TfidfMatrix(documents: f.documents)
    let nb =
      variant == 2
      ? try Neighbours(
        cosineOf: m, k: 5, chunkSize: 7, parallel: true,
        plan: .init(minimumDocumentFrequency: 2, groupBudget: 1000))
      : try Neighbours(cosineOf: m, k: 5, chunkSize: 7, parallel: variant == 1)
    #expect(nb.rowCount == f.neighbours.count)
    for (i, expected) in f.neighbours.enumerated() {
      let (indices, sims) = nb.row(i)
      #expect(indices.count == expected.count, "row \(i)")
      guard indices.count == expected.count else { continue }
      for (r, (gotIndex, gotSim)) in zip(indices, sims).enumerated() {
        #expect(abs(Double(gotSim) - min(expected[r].similarity, 1)) <= 1e-6, "row \(i) rank \(r)")
        // Float and Double sums may order a near-tie differently; only then may
        // the indices differ, and the swapped one must be an equal-score neighbour.
        if Int(gotIndex) != expected[r].index {
          let alternative = expected.first { $0.index == Int(gotIndex) }
          let tie = alternative.map { abs($0.similarity - expected[r].similarity) <= 1e-6 }
          #expect(tie == true, "row \(i) rank \(r): \(gotIndex) vs \(expected[r].index)")
        }
      }
    }
  }
}
