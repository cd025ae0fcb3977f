import StrictJSON

/// A validated pipeline: its stages in file order, the parameters, and the graph.
public struct Pipeline: Sendable {
  /// The repository root: the folder holding `pipeline.json`.
  public var root: String
  public var stages: [Stage]
  public var params: JSON
  /// For each stage, the indices of the stages it directly depends on, ascending.
  public var upstream: [[Int]]
  /// Stage indices in dependency order; ties keep the order of `pipeline.json`.
  public var order: [Int]
  /// The declared plots: the top-level ones, then each stage's, in file order.
  public var plots: [PlotSpec] = []

  public func index(of name: String) -> Int? { stages.firstIndex { $0.name == name } }

  /// For each stage, the stages that directly depend on it.
  public var downstream: [[Int]] {
    var result = [[Int]](repeating: [], count: stages.count)
    for (i, ups) in upstream.enumerated() { for u in ups { result[u].append(i) } }
    return result
  }

  /// The given stages and everything they need, as a membership mask.
  public func closure(of targets: [Int]) -> [Bool] {
    var needed = [Bool](repeating: false, count: stages.count)
    var stack = targets
    while let i = stack.popLast() {
      if needed[i] { continue }
      needed[i] = true
      stack.append(contentsOf: upstream[i])
    }
    return needed
  }

  /// The stages downstream of `start` (transitively), start excluded.
  public func descendants(of start: Int) -> [Bool] {
    let down = downstream
    var seen = [Bool](repeating: false, count: stages.count)
    var stack = down[start]
    while let i = stack.popLast() {
      if seen[i] { continue }
      seen[i] = true
      stack.append(contentsOf: down[i])
    }
    return seen
  }
}

extension Pipeline {
  /// Builds the edges from paths and orders the stages, rejecting cycles.
  ///
  /// A stage depends on another when one of its deps equals, lies inside, or
  /// contains one of the other's outs.
  static func buildGraph(_ stages: [Stage]) throws(PipelineError) -> (upstream: [[Int]], order: [Int]) {
    var upstream = [[Int]](repeating: [], count: stages.count)
    for (b, stage) in stages.enumerated() {
      for (a, other) in stages.enumerated() where a != b {
        let linked = stage.deps.contains { dep in other.outs.contains { out in Paths.overlap(dep, out) } }
        if linked { upstream[b].append(a) }
      }
    }
    // Cycle detection by depth-first search in file order, so the reported cycle is stable.
    var mark = [UInt8](repeating: 0, count: stages.count)  // 0 new, 1 on stack, 2 done
    var path: [Int] = []
    func visit(_ i: Int) -> [Int]? {
      mark[i] = 1
      path.append(i)
      for u in upstream[i] {
        if mark[u] == 1 {
          let start = path.firstIndex(of: u)!
          return Array(path[start...]) + [u]
        }
        if mark[u] == 0, let cycle = visit(u) { return cycle }
      }
      path.removeLast()
      mark[i] = 2
      return nil
    }
    for i in stages.indices where mark[i] == 0 {
      if let cycle = visit(i) {
        // `path` follows deps upstream; print it in the direction data flows.
        let names = cycle.reversed().map { stages[$0].name }
        let first = stages[cycle.last!]
        throw first.location.error("dependency cycle: \(names.joined(separator: " -> "))")
      }
    }
    // Kahn's algorithm, always taking the first ready stage in file order.
    var remaining = upstream.map(\.count)
    var downstream = [[Int]](repeating: [], count: stages.count)
    for (i, ups) in upstream.enumerated() { for u in ups { downstream[u].append(i) } }
    var done = [Bool](repeating: false, count: stages.count)
    var order: [Int] = []
    while order.count < stages.count {
      let next = stages.indices.first { !done[$0] && remaining[$0] == 0 }!
      done[next] = true
      order.append(next)
      for d in downstream[next] { remaining[d] -= 1 }
    }
    return (upstream, order)
  }
}
