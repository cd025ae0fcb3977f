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
    let existing = records.compactMap(\.experiment)
    let chosen: String
    if let name {
      let valid = !name.isEmpty && name.utf8.allSatisfy { c in
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D || c == 0x2E
      }
      guard valid else { throw .usage("experiment name '\(name)' may only use letters, digits, '.', '_' and '-'") }
      guard !existing.contains(name) else {
        throw .usage("an experiment named '\(name)' exists already; choose another --name")
      }
      chosen = name
    } else {
      var n = existing.count + 1
      while existing.contains("exp-\(n)") { n += 1 }
      chosen = "exp-\(n)"
    }
    var edit: ParamsEdit? = nil
    if !settings.isEmpty { edit = try planParams(settings) }
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
