import PipelineCore
import StrictJSON

/// Which params and metrics `exp show` shows by default: those that tell the
/// experiments apart.
enum ExperimentColumns {
  /// The params whose values differ between experiments (the `-S` keys first,
  /// then any other param that changed between runs); with one experiment, its
  /// `-S` keys.
  static func changedParams(_ experiments: [RunRecord], setKeys: [String]) -> [String] {
    guard experiments.count > 1 else { return setKeys }
    var candidates = setKeys
    for e in experiments {
      for (key, _) in Params.leaves(e.params, prefix: "") where !candidates.contains(key) {
        candidates.append(key)
      }
    }
    return candidates.filter { key in
      differs(experiments.map { cell(Params.value(key, in: $0.params)) })
    }
  }

  /// The metrics whose values differ between experiments (all of them when none
  /// does, or with one experiment).
  static func changedMetrics(_ experiments: [RunRecord], keys: [String]) -> [String] {
    guard experiments.count > 1 else { return keys }
    let changed = keys.filter { key in
      differs(experiments.map { r in cell(r.metrics.first { $0.key == key }?.value) })
    }
    return changed.isEmpty ? keys : changed
  }

  /// A value as a table cell: strings bare, everything else as compact JSON.
  static func cell(_ value: JSON?) -> String {
    guard let value else { return "-" }
    if case .string(let s) = value { return s }
    return value.compactText()
  }

  private static func differs(_ cells: [String]) -> Bool { cells.contains { $0 != cells[0] } }
}
