import StrictJSON

/// A validated pipeline: its stages in file order, the parameters, and the graph.
public struct Pipeline: Sendable {
  /// The repository root: the folder holding `pipeline.json`.
  public var root: String
  public var stages: [Stage]
  public var params: JSON
  /// `params.json` exactly as read (nil when the params came from elsewhere), so a
  /// run record can give the file back byte for byte.
  public var paramsText: String?
  /// For each stage, the indices of the stages it directly depends on, ascending.
  public var upstream: [[Int]]
  /// Stage indices in dependency order; ties keep the order of `pipeline.json`.
  public var order: [Int]
  /// The declared plots: the top-level ones, then each stage's, in file order.
  public var plots: [PlotSpec] = []
  /// The metrics `exp show` lists by default (top-level `summary_metrics`).
  public var summaryMetrics: [String] = []
  /// Stage name -> index, for lookups only (never iterated).
  private let indexByName: [String: Int]

  init(root: String, stages: [Stage], params: JSON, paramsText: String?, upstream: [[Int]], order: [Int]) {
    self.root = root
    self.stages = stages
    self.params = params
    self.paramsText = paramsText
    self.upstream = upstream
    self.order = order
    var names: [String: Int] = [:]
    for (i, stage) in stages.enumerated() where names[stage.name] == nil { names[stage.name] = i }
    indexByName = names
  }

  public func index(of name: String) -> Int? {
    guard let i = indexByName[name], i < stages.count, stages[i].name == name else {
      return stages.firstIndex { $0.name == name }
    }
    return i
  }

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
  ///
  /// - Complexity: O(stages + edges + the summed depth of all deps and outs) with
  ///   `outs` indexed, plus a log factor for the ordering heap.
  static func buildGraph(_ stages: [Stage], outs: OutIndex) throws(PipelineError) -> (upstream: [[Int]], order: [Int]) {
    var upstream = [[Int]](repeating: [], count: stages.count)
    for (b, stage) in stages.enumerated() {
      var ups: [Int] = []
      for dep in stage.deps { ups += outs.overlapping(dep) }
      ups.sort()
      for a in ups where a != b && upstream[b].last != a { upstream[b].append(a) }
    }
    if let cycle = findCycle(upstream) {
      // The walk follows deps upstream; print it in the direction data flows.
      let names = cycle.reversed().map { stages[$0].name }
      let first = stages[cycle.last!]
      throw first.location.error("dependency cycle: \(names.joined(separator: " -> "))")
    }
    // Kahn's algorithm, always taking the ready stage that comes first in the file.
    var remaining = upstream.map(\.count)
    var downstream = [[Int]](repeating: [], count: stages.count)
    for (i, ups) in upstream.enumerated() { for u in ups { downstream[u].append(i) } }
    var ready = MinHeap()
    for i in stages.indices where remaining[i] == 0 { ready.push(i) }
    var order: [Int] = []
    order.reserveCapacity(stages.count)
    while let next = ready.pop() {
      order.append(next)
      for d in downstream[next] {
        remaining[d] -= 1
        if remaining[d] == 0 { ready.push(d) }
      }
    }
    return (upstream, order)
  }

  /// The first cycle a depth-first search in file order meets, as the path of
  /// stages that closes it (`[a, b, a]`), or nil. Iterative, so a chain of any
  /// length cannot overflow the stack; it visits stages and edges in the same
  /// order as the recursive search it replaced, so the reported cycle is stable.
  static func findCycle(_ upstream: [[Int]]) -> [Int]? {
    var mark = [UInt8](repeating: 0, count: upstream.count)  // 0 new, 1 on the path, 2 done
    var path: [Int] = []
    var position: [Int] = []  // for each stage on `path`, the next edge to follow
    var onPath = [Int](repeating: -1, count: upstream.count)  // index in `path`
    for start in upstream.indices where mark[start] == 0 {
      mark[start] = 1
      onPath[start] = 0
      path.append(start)
      position.append(0)
      while let top = path.last {
        let edge = position[position.count - 1]
        guard edge < upstream[top].count else {
          mark[top] = 2
          onPath[top] = -1
          path.removeLast()
          position.removeLast()
          continue
        }
        position[position.count - 1] += 1
        let u = upstream[top][edge]
        if mark[u] == 1 { return Array(path[onPath[u]...]) + [u] }
        if mark[u] == 0 {
          mark[u] = 1
          onPath[u] = path.count
          path.append(u)
          position.append(0)
        }
      }
    }
    return nil
  }
}

/// A binary min-heap of stage indices: the ready stage first in file order.
struct MinHeap {
  private var items: [Int] = []

  mutating func push(_ x: Int) {
    items.append(x)
    var i = items.count - 1
    while i > 0 {
      let parent = (i - 1) / 2
      guard items[parent] > items[i] else { break }
      items.swapAt(parent, i)
      i = parent
    }
  }

  mutating func pop() -> Int? {
    guard let top = items.first else { return nil }
    let last = items.removeLast()
    guard !items.isEmpty else { return top }
    items[0] = last
    var i = 0
    while true {
      let l = 2 * i + 1
      let r = l + 1
      var smallest = i
      if l < items.count, items[l] < items[smallest] { smallest = l }
      if r < items.count, items[r] < items[smallest] { smallest = r }
      if smallest == i { break }
      items.swapAt(i, smallest)
      i = smallest
    }
    return top
  }
}
