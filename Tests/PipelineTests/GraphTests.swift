import Foundation
import Testing
import TestSupport

@testable import PipelineCore

/// The graph built from paths through the out index: the same edges, order and
/// errors as the all-pairs version, in time linear in stages and edges.
@Suite struct GraphTests {
  func load(_ spec: String) throws -> Pipeline {
    let repo = try TempRepo()
    try repo.write("pipeline.json", spec)
    return try withExtendedLifetime(repo) { try Pipeline.load(root: repo.path) }
  }

  @Test func edgesComeFromEqualContainedAndContainingPaths() throws {
    let p = try load(
      #"""
      {"stages": {
        "report": {"cmd": "true", "deps": ["models", "data/raw/a.csv"], "outs": ["report.txt"]},
        "fetch": {"cmd": "true", "outs": ["data/raw"]},
        "m1": {"cmd": "true", "deps": ["data"], "outs": ["models/m1"]},
        "m2": {"cmd": "true", "deps": ["data/raw"], "outs": ["models/m2", "models/m2.log"]},
        "lone": {"cmd": "true", "deps": ["data-raw"], "outs": ["models1"]}
      }}
      """#)
    let names = p.stages.map(\.name)
    func ups(_ n: String) -> [String] { p.upstream[p.index(of: n)!].map { names[$0] } }
    #expect(ups("report") == ["fetch", "m1", "m2"])
    #expect(ups("m1") == ["fetch"])
    #expect(ups("m2") == ["fetch"])
    #expect(ups("lone") == [])  // "data-raw" and "models1" only share a prefix of characters
    #expect(p.order.map { names[$0] } == ["fetch", "m1", "m2", "report", "lone"])
  }

  @Test func overlapsAndCyclesAreStillFound() throws {
    #expect(throws: PipelineError.self) {
      try load(#"{"stages": {"a": {"cmd": "true", "outs": ["d"]}, "b": {"cmd": "true", "outs": ["d/x"]}}}"#)
    }
    do {
      _ = try load(#"{"stages": {"a": {"cmd": "true", "outs": ["d/x/y"]}, "b": {"cmd": "true", "outs": ["d"]}}}"#)
      Issue.record("expected an overlap error")
    } catch {
      #expect(String(describing: error).contains("outs overlap: 'd/x/y' lies inside 'd' (stages 'a' and 'b')"))
    }
    do {
      _ = try load(
        #"{"stages": {"a": {"cmd": "true", "deps": ["c"], "outs": ["a"]}, "b": {"cmd": "true", "deps": ["a"], "outs": ["b"]}, "c": {"cmd": "true", "deps": ["b"], "outs": ["c"]}}}"#
      )
      Issue.record("expected a cycle")
    } catch {
      #expect(String(describing: error).contains("dependency cycle: a -> b -> c -> a"), "\(error)")
    }
  }

  @Test func longChainsLoadInOrder() throws {
    let n = 2000
    var stages: [String] = []
    for i in 0..<n {
      stages.append(
        i == 0
          ? #""s0": {"cmd": "true", "outs": ["f0"]}"#
          : #""s\#(i)": {"cmd": "true", "deps": ["f\#(i - 1)"], "outs": ["f\#(i)"]}"#)
    }
    // Written last-first, so file order is not dependency order.
    let p = try load(#"{"stages": {"# + stages.reversed().joined(separator: ",\n") + "}}")
    #expect(p.order.map { p.stages[$0].name } == (0..<n).map { "s\($0)" })
    #expect(p.upstream[p.index(of: "s1")!] == [p.index(of: "s0")!])
  }

  @Test func cycleSearchNeedsNoDeepStack() {
    // A 300,000-stage chain: a recursive search would need 300,000 frames.
    let n = 300_000
    var upstream = (0..<n).map { $0 == 0 ? [] : [$0 - 1] }
    #expect(Pipeline.findCycle(upstream) == nil)
    upstream[0] = [n - 1]
    let cycle = Pipeline.findCycle(upstream)
    #expect(cycle?.count == n + 1)
    #expect(cycle?.first == cycle?.last)
  }

  @Test func outIndexFindsOverlapsByPrefix() {
    var index = OutIndex()
    index.add("a/b", stage: 0)
    index.add("a/c/d", stage: 1)
    index.add("a/c/e", stage: 1)
    index.add("ab", stage: 2)
    #expect(index.overlapping("a") == [0, 1])
    #expect(index.overlapping("a/c") == [1])
    #expect(index.overlapping("a/b/x.csv") == [0])
    #expect(index.overlapping("ab") == [2])
    #expect(index.overlapping("a/bb") == [])
    #expect(index.enclosing("a/c/d/e")?.path == "a/c/d")
  }
}
