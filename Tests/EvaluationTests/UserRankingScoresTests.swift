import Evaluation
import Foundation
import Testing

struct UserRankingScoresTests {
  static func scores(_ list: [Int32], relevant: Set<Int32>, n: Int) -> UserRankingScores {
    UserRankingScores.compute(recommended: list, relevantCount: relevant.count, n: n) {
      relevant.contains($0)
    }
  }

  @Test func hitsAtRanksTwoAndFive() {
    // List [5, 3, 8, 1, 9], relevant {3, 9, 7} (R = 3), N = 5: hits at ranks 2 and 5.
    //   precision = 2 / 5 = 0.4
    //   recall    = 2 / 3
    //   DCG  = 1/log2(3) + 1/log2(6)            = 0.6309298 + 0.3868528 = 1.0177826
    //   IDCG = 1/log2(2) + 1/log2(3) + 1/log2(4) = 1 + 0.6309298 + 0.5    = 2.1309298
    //   NDCG = 1.0177826 / 2.1309298 = 0.4776237
    //   AP   = (1/2 + 2/5) / min(5, 3) = 0.9 / 3 = 0.3
    let s = Self.scores([5, 3, 8, 1, 9], relevant: [3, 9, 7], n: 5)
    #expect(s.hits == 2 && s.hit)
    #expect(s.precision == 0.4)
    #expect(abs(s.recall - 2.0 / 3) < 1e-15)
    let dcg = 1 / log2(3.0) + 1 / log2(6.0)
    let idcg = 1 + 1 / log2(3.0) + 0.5
    #expect(abs(s.ndcg - dcg / idcg) < 1e-15)
    #expect(abs(s.ndcg - 0.4776237) < 1e-7)
    #expect(abs(s.averagePrecision - 0.3) < 1e-15)
  }

  @Test func moreRelevantThanTheCutoff() {
    // N = 2, list [1, 2], relevant {1, 2, 3, 4}: both hit.
    //   precision 2/2 = 1, recall 2/4 = 0.5
    //   IDCG over min(2, 4) = 2 ranks equals DCG: NDCG = 1
    //   AP = (1/1 + 2/2) / min(2, 4) = 1
    let s = Self.scores([1, 2], relevant: [1, 2, 3, 4], n: 2)
    #expect(s.precision == 1 && s.recall == 0.5 && s.ndcg == 1 && s.averagePrecision == 1)
  }

  @Test func shortListStillDividesByN() {
    // Only 2 candidates were left for N = 4; one hit at rank 1.
    //   precision = 1 / 4, recall = 1 / 1, NDCG = 1 / 1, AP = (1/1) / min(4, 1) = 1
    let s = Self.scores([7, 8], relevant: [7], n: 4)
    #expect(s.precision == 0.25 && s.recall == 1 && s.ndcg == 1 && s.averagePrecision == 1)
  }

  @Test func noHitScoresZero() {
    let s = Self.scores([1, 2, 3], relevant: [9], n: 3)
    #expect(!s.hit && s.precision == 0 && s.recall == 0 && s.ndcg == 0)
    #expect(s.averagePrecision == 0)
  }

  @Test func itemsPastTheCutoffAreIgnored() {
    // Hit only at rank 3 but N = 2.
    let s = Self.scores([1, 2, 3], relevant: [3], n: 2)
    #expect(s.hits == 0)
  }
}
