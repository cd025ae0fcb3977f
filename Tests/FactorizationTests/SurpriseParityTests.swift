import Foundation
import Testing

@testable import Factorization

/// Compares every learned parameter with Surprise 1.1.5's `SVD` on a tiny file.
///
/// With `init_std_dev=0` Surprise's initialization is deterministic (every factor 0.1), so
/// the two runs see identical starting points and must agree up to Float rounding. The
/// fixture comes from bench/make_surprise_fixture.py.
@Suite struct SurpriseParityTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  @Test func matchesSurpriseParametersAndPredictions() throws {
    let csv = try String(
      contentsOf: Self.fixtures.appendingPathComponent("surprise_tiny.csv"), encoding: .utf8)
    let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("surprise_tiny.json"))
    let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])

    var userIndex: [String: Int32] = [:]
    var itemIndex: [String: Int32] = [:]
    var users: [Int32] = []
    var items: [Int32] = []
    var ratings: [Float] = []
    for line in csv.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",").map(String.init)
      if userIndex[fields[0]] == nil { userIndex[fields[0]] = Int32(userIndex.count) }
      if itemIndex[fields[1]] == nil { itemIndex[fields[1]] = Int32(itemIndex.count) }
      users.append(userIndex[fields[0]]!)
      items.append(itemIndex[fields[1]]!)
      ratings.append(Float(fields[2])!)
    }
    let rawUsers = try #require(expected["users"] as? [String])
    let rawItems = try #require(expected["items"] as? [String])
    #expect(rawUsers.map { userIndex[$0]! } == Array(0..<Int32(rawUsers.count)))
    #expect(rawItems.map { itemIndex[$0]! } == Array(0..<Int32(rawItems.count)))

    let config = MFConfig(
      factors: 5, epochs: 12, lr: 0.01, reg: 0.05, initMean: 0.1, initStd: 0, order: .surprise)
    let (model, _) = try MatrixFactorizer.train(
      users: users, items: items, ratings: ratings, userCount: userIndex.count,
      itemCount: itemIndex.count, config: config)

    let tolerance = 2e-5
    let mean = try #require(expected["global_mean"] as? Double)
    #expect(abs(model.globalMean - mean) < 1e-12)
    let bu = try #require(expected["bu"] as? [Double])
    let bi = try #require(expected["bi"] as? [Double])
    let pu = try #require(expected["pu"] as? [[Double]])
    let qi = try #require(expected["qi"] as? [[Double]])
    for u in 0..<bu.count {
      #expect(abs(Double(model.userBias[u]) - bu[u]) < tolerance)
      for f in 0..<5 {
        #expect(abs(Double(model.userFactors[u * 5 + f]) - pu[u][f]) < tolerance)
      }
    }
    for i in 0..<bi.count {
      #expect(abs(Double(model.itemBias[i]) - bi[i]) < tolerance)
      for f in 0..<5 {
        #expect(abs(Double(model.itemFactors[i * 5 + f]) - qi[i][f]) < tolerance)
      }
    }
    let probes = try #require(expected["probes"] as? [[String: Any]])
    for probe in probes {
      let user = userIndex[probe["user"] as! String].map(Int.init) ?? -1
      let item = itemIndex[probe["item"] as! String].map(Int.init) ?? -1
      let estimate = probe["est"] as! Double
      #expect(abs(model.predict(user: user, item: item) - estimate) < tolerance)
    }
  }
}
