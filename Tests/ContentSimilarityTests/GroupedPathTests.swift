import Testing

@testable import ContentSimilarity

/// The grouped path (common terms through groups of rows) must give the plain inverted
/// index's answer up to rounding, whatever split between the two is chosen.
struct GroupedPathTests {
  static let plainOnly = SimilarityIndex.Plan(minimumDocumentFrequency: .max, groupBudget: 0)
  static let allGrouped = SimilarityIndex.Plan(minimumDocumentFrequency: 2, groupBudget: 100_000)
  static let someGrouped = SimilarityIndex.Plan(minimumDocumentFrequency: 2, groupBudget: 12)

  static func compare(_ a: Neighbours, _ b: Neighbours, _ label: String) {
    #expect(a.offsets == b.offsets, "\(label): row lengths")
    guard a.offsets == b.offsets else { return }
    for i in 0..<a.rowCount {
      let (ai, asim) = a.row(i)
      let (bi, bsim) = b.row(i)
      for r in 0..<ai.count {
        let p = ai.startIndex + r
        #expect(abs(asim[p] - bsim[p]) <= 1e-6, "\(label): row \(i) rank \(r)")
        if ai[p] != bi[p] {
          // Swapped places are allowed only between equal scores (to rounding).
          let q = bi.firstIndex(of: ai[p])
          #expect(q.map { abs(bsim[$0] - asim[p]) <= 1e-6 } == true, "\(label): row \(i)")
        }
      }
    }
  }

  @Test(arguments: [4, 20])
  func groupedMatchesPlain(k: Int) throws {
    let m = TfidfMatrix(documents: NeighboursTests.syntheticDocuments(count: 150))
    let plain = try Neighbours(
      cosineOf: m, k: k, chunkSize: 32, parallel: false, plan: Self.plainOnly)
    for plan in [Self.allGrouped, Self.someGrouped] {
      let grouped = try Neighbours(cosineOf: m, k: k, chunkSize: 32, parallel: true, plan: plan)
      Self.compare(grouped, plain, "budget \(plan.groupBudget)")
    }
  }

  @Test func someTermsAreGroupedUnderEachPlan() {
    let m = TfidfMatrix(documents: NeighboursTests.syntheticDocuments(count: 150))
    let all = SimilarityIndex.chooseHeavyTerms(m, plan: Self.allGrouped).filter { $0 }.count
    let some = SimilarityIndex.chooseHeavyTerms(m, plan: Self.someGrouped).filter { $0 }.count
    let none = SimilarityIndex.chooseHeavyTerms(m, plan: Self.plainOnly).filter { $0 }.count
    #expect(all > some && some > 0 && none == 0)
    #expect(SimilarityIndex(m, plan: Self.someGrouped).groupCount <= 12)
  }

  @Test func identicalRowsInOneGroupTieByIndex() throws {
    // Every term is common, so all rows go through groups; rows 0, 2, 3 are identical.
    let docs = ["red fox", "red cat", "red fox", "red fox", "blue cat"]
    let m = TfidfMatrix(documents: docs)
    let nb = try Neighbours(cosineOf: m, k: 3, chunkSize: 2, parallel: false, plan: Self.allGrouped)
    #expect(Array(nb.row(3).indices) == [0, 2, 1])
    #expect(Array(nb.row(0).indices) == [2, 3, 1])
    let plain = try Neighbours(
      cosineOf: m, k: 3, chunkSize: 2, parallel: false, plan: Self.plainOnly)
    Self.compare(nb, plain, "ties")
  }
}
