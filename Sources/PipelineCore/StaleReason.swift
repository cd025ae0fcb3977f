import StrictJSON

/// Why a stage has to run.
public enum StaleReason: Equatable, Sendable, CustomStringConvertible {
  case neverRun
  case forced
  case alwaysChanged
  case changedCommand
  case changedParam(key: String, old: JSON?, new: JSON?)
  case changedDep(String)
  case missingDep(String)
  case changedOut(String)
  case missingOut(String)
  /// Submitted behind these upstream stages' jobs, before their outputs are known.
  case afterSubmitted([String])

  public var description: String {
    switch self {
    case .neverRun: return "never run"
    case .forced: return "forced"
    case .alwaysChanged: return "always changed"
    case .changedCommand: return "changed cmd"
    case .changedParam(let key, let old, let new):
      return "param \(key) \(Params.display(old)) -> \(Params.display(new))"
    case .changedDep(let path): return "changed dep \(path)"
    case .missingDep(let path): return "missing dep \(path)"
    case .changedOut(let path): return "changed out \(path)"
    case .missingOut(let path): return "missing out \(path)"
    case .afterSubmitted(let stages):
      return "after \(stages.map { "'\($0)'" }.joined(separator: ", ")), whose jobs run first"
    }
  }
}

/// The result of comparing a stage with its lock entry.
struct StageCheck: Sendable {
  var reasons: [StaleReason]
  /// The deps' current hashes (nil for a missing dep).
  var deps: [(path: String, hash: PathHash?)]
  var params: [JSON.Member]
}

extension Stage {
  /// The param values this stage reads, in the order it lists them.
  func paramValues(_ params: JSON) -> [JSON.Member] {
    self.params.map { JSON.Member($0, Params.value($0, in: params) ?? .null) }
  }

  /// Compares the stage with what the lock recorded, cheapest checks first; every
  /// reason is collected so `status` can name them all.
  func check(lock entry: LockEntry?, params: JSON, hasher: ContentHasher) throws(PipelineError) -> StageCheck {
    var reasons: [StaleReason] = []
    let values = paramValues(params)
    if entry == nil { reasons.append(.neverRun) }
    if alwaysChanged { reasons.append(.alwaysChanged) }
    if let entry {
      if entry.command != command { reasons.append(.changedCommand) }
      for member in values {
        let old = entry.param(member.key)
        guard old != member.value else { continue }
        let oldLeaves = old.map { Params.leaves($0, prefix: member.key) } ?? []
        let newLeaves = Params.leaves(member.value, prefix: member.key)
        var keys: [String] = []
        for (k, _) in newLeaves + oldLeaves where !keys.contains(k) { keys.append(k) }
        for key in keys {
          let a = oldLeaves.first { $0.0 == key }?.1
          let b = newLeaves.first { $0.0 == key }?.1
          if a != b { reasons.append(.changedParam(key: key, old: a, new: b)) }
        }
      }
    }
    var deps: [(path: String, hash: PathHash?)] = []
    let depHashes = try hasher.hashAll(self.deps)
    for (dep, hash) in zip(self.deps, depHashes) {
      deps.append((dep, hash))
      if hash == nil {
        reasons.append(.missingDep(dep))
      } else if let entry, entry.dep(dep) != hash {
        reasons.append(.changedDep(dep))
      }
    }
    for (out, hash) in zip(outs, try hasher.hashAll(outs)) {
      if hash == nil {
        reasons.append(.missingOut(out))
      } else if let entry, entry.out(out) != hash {
        reasons.append(.changedOut(out))
      }
    }
    return StageCheck(reasons: reasons, deps: deps, params: values)
  }
}
