import Basics
import StrictJSON

extension Repository {
  /// `exp run`: applies the settings to `params.json`, reproduces, and records the
  /// run as an experiment named `name` (or `exp-N`).
  ///
  /// An experiment whose params (all of `params.json`) and git commit equal an
  /// earlier experiment's is refused, naming that one, unless `force`: like
  /// `dvc exp run`, which reports the conflict and records again only with `-f`.
  /// Nothing is written before every check has passed.
  public func runExperiment(
    settings: [String], name: String?, force: Bool = false, options: ReproOptions, console: Console
  ) throws(PipelineError) -> ReproReport {
    let held = try acquireLock(wait: options.wait)
    let records = try runs()
    let grid = try ParamGrid.expand(settings)
    guard grid.count == 1 else {
      throw .usage(
        "the settings make a grid of \(grid.count) experiments; add --queue to queue them (then 'pipeline exp run --run-all')")
    }
    let chosen: String
    do {
      let queueHeld = try lockQueue()
      defer { withExtendedLifetime(queueHeld) {} }
      let taken = records.compactMap(\.experiment) + (try queueEntries().map(\.name))
      chosen = try Self.experimentNames(count: 1, name: name, taken: taken)[0]
    }
    var edit: ParamsEdit? = nil
    if !settings.isEmpty { edit = try planParams(grid[0]) }
    let params: JSON
    if let edit { params = edit.params } else { params = try loadPipeline().params }
    if !force {
      let commit = gitCommit()
      // Run records keep params canonical (sorted keys): compare canonical text.
      let wanted = params.canonicalText()
      if let twin = records.last(where: {
        $0.experiment != nil && $0.outcome == "ok" && $0.gitCommit == commit && $0.params.canonicalText() == wanted
      }) {
        throw .duplicateExperiment(name: twin.experiment!, run: twin.id)
      }
    }
    if let edit { try writeParams(edit) }
    var options = options
    options.experiment = chosen
    options.setParams = edit?.settings ?? []
    return try repro(options, console: console, holding: held)
  }

  /// `exp remove`: forgets experiments, their run records and their queue entries
  /// (not a running one). Their cached outputs stay until `gc`.
  /// - Returns: how many run records and queue entries were removed.
  public func removeExperiments(_ names: [String]) throws(PipelineError) -> (runs: Int, queued: Int) {
    let held = try acquireLock(wait: false)
    defer { withExtendedLifetime(held) {} }
    let records = try runs()
    let entries = try queue()
    let known = records.compactMap(\.experiment) + entries.map(\.name)
    for name in names where !known.contains(name) {
      throw .usage("no experiment named '\(name)'\(Spelling.didYouMean(name, among: known)); see 'pipeline exp show'")
    }
    let queued = try removeFromQueue(names: names.filter { name in entries.contains { $0.name == name } })
    var removed = 0
    for record in records where record.experiment.map(names.contains) == true {
      try FileSystem.remove(runsDirectory + "/" + record.id + ".json")
      removed += 1
    }
    return (removed, queued.count)
  }

  /// `exp apply`: the workspace becomes the experiment: its `params.json` (byte
  /// for byte as it ran, so the layout is kept), its lock, and its outputs,
  /// restored from the cache and hash-checked.
  /// - Returns: the outputs restored.
  public func applyExperiment(_ name: String, console: Console) throws(PipelineError) -> [String] {
    guard try runs().contains(where: { $0.experiment == name }) else {
      let known = try experiments().compactMap(\.experiment)
      let queued = try queue().contains { $0.name == name }
      throw .usage(
        queued
          ? "experiment '\(name)' has not run yet; 'pipeline exp run --run-all' runs the queue"
          : "no experiment named '\(name)'\(Spelling.didYouMean(name, among: known)); see 'pipeline exp show'")
    }
    return try checkout(run: name, console: console)
  }

  /// The experiments, oldest first.
  public func experiments() throws(PipelineError) -> [RunRecord] {
    try runs().filter { $0.experiment != nil }
  }

  /// Finds a run by id (or a unique prefix of one) or by experiment name.
  public func run(named spec: String) throws(PipelineError) -> RunRecord? {
    let all = try runs()
    if let byName = all.last(where: { $0.experiment == spec }) { return byName }
    if let exact = all.first(where: { $0.id == spec }) { return exact }
    let matches = all.filter { $0.id.hasPrefix(spec) }
    if matches.count > 1 {
      throw .usage("'\(spec)' matches \(matches.count) runs: \(matches.map(\.id).joined(separator: ", "))")
    }
    return matches.first
  }
}
