#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import CommandLineKit
import PipelineCore
import StrictJSON

extension PipelineCommand {
  static func experimentRun(_ args: ParsedArguments, console: Console, signals: SignalWatcher?) throws -> Int32 {
    let repo = try Repository.current()
    let settings = args.values("--set-param")
    if args.has("--queue") {
      let queued = try repo.queueExperiments(settings: settings, name: args.value("--name"), force: args.has("--force"))
      for entry in queued {
        let shown = entry.settings.map { "\($0.key)=\(Params.display($0.value))" }.joined(separator: " ")
        console.out("Queued '\(entry.name)'\(shown.isEmpty ? "" : ": " + shown)")
      }
      guard args.has("--run-all") else {
        console.out("\(queued.count) experiment(s) queued; run them with 'pipeline exp run --run-all -j N'.")
        return 0
      }
    } else if args.has("--run-all") {
      guard settings.isEmpty, args.value("--name") == nil else {
        throw CommandLineError.other("--run-all runs the queue; to add to it first, pass --queue with -S and --name")
      }
    }
    if args.has("--run-all") { return try runAll(args, console: console, signals: signals) }
    var options = ReproOptions()
    options.jobs = try jobs(args)
    options.executor = try executor(args)
    options.wait = args.has("--wait")
    options.signals = signals
    let report = try repo.runExperiment(
      settings: settings, name: args.value("--name"), force: args.has("--force"), options: options,
      console: console)
    let status = finish(report, console: console)
    if let run = report.run, let name = run.experiment {
      console.out("\nExperiment '\(name)' recorded as run \(run.id).")
    }
    return status
  }

  /// `exp run --run-all -j N` and `queue start -j N`: N experiments at once, each
  /// repro sharing the cores among them.
  static func runAll(_ args: ParsedArguments, console: Console, signals: SignalWatcher?) throws -> Int32 {
    let experiments = args.value("--jobs") == nil ? 1 : try jobs(args)
    let repo = try Repository.current()
    let launcher: any ExperimentLauncher
    switch try executor(args) {
    case .local: launcher = LocalLauncher()
    case .slurm(let client): launcher = SlurmLauncher(client: client)
    }
    let report = try repo.runQueue(
      jobs: experiments, launcher: launcher, console: console,
      signals: signals)
    if report.results.isEmpty {
      console.out("Nothing queued: add experiments with 'pipeline exp run --queue -S key=a,b'.")
      return report.interrupted ? PipelineError.interrupted.exitCode : 0
    }
    console.out("")
    var rows = [["experiment", "result", "run", "time"]]
    for r in report.results {
      rows.append([r.name, r.state == .queued ? "interrupted" : r.state.rawValue, r.run ?? "-", formatSeconds(r.seconds)])
    }
    for line in table(rows) { console.out(line) }
    if report.interrupted {
      console.err("error: interrupted; experiments that did not finish were not recorded and are queued again")
      return PipelineError.interrupted.exitCode
    }
    if !report.failed.isEmpty {
      console.err("error: \(report.failed.count) of \(report.results.count) experiments failed: \(report.failed.joined(separator: ", ")) (see 'pipeline exp queue' and .pipeline/queue/logs/)")
      return 1
    }
    return 0
  }

  static func queueList(console: Console) throws -> Int32 {
    let entries = try Repository.current().queue()
    if entries.isEmpty {
      console.out("The queue is empty: add experiments with 'pipeline exp run --queue -S key=a,b'.")
      return 0
    }
    var rows = [["experiment", "state", "run", "settings"]]
    for e in entries {
      rows.append([e.name, e.state.rawValue, e.run ?? "-", e.settings.map { "\($0.key)=\(Params.display($0.value))" }.joined(separator: " ")])
    }
    for line in table(rows) { console.out(line) }
    for e in entries where e.state == .failed {
      console.out("\n\(e.name): \(e.message ?? "failed")")
    }
    return 0
  }

  static func queueRemove(_ args: ParsedArguments, console: Console) throws -> Int32 {
    var states: [QueuedExperiment.State] = []
    if args.has("--all") { states = [.queued, .done, .failed] }
    if args.has("--queued") { states.append(.queued) }
    if args.has("--done") { states.append(.done) }
    if args.has("--failed") { states.append(.failed) }
    guard !args.positionals.isEmpty || !states.isEmpty else {
      throw CommandLineError.other("name the experiments to remove, or pass --all, --queued, --done or --failed")
    }
    let removed = try Repository.current().removeFromQueue(names: args.positionals, states: states)
    console.out(removed.isEmpty ? "Nothing to remove." : "Removed \(removed.count) from the queue: \(removed.joined(separator: ", ")).")
    return 0
  }

  static func experimentRemove(_ args: ParsedArguments, console: Console) throws -> Int32 {
    let repo = try Repository.current()
    var names = args.positionals
    if args.has("--all") {
      names = try repo.experiments().compactMap(\.experiment) + repo.queue().filter { $0.state != .running }.map(\.name)
    }
    guard !names.isEmpty else {
      if args.has("--all") {
        console.out("No experiments to remove.")
        return 0
      }
      throw CommandLineError.other("name the experiments to remove, or pass --all")
    }
    let (runs, queued) = try repo.removeExperiments(names)
    console.out("Removed \(runs) experiment run(s) and \(queued) queue entr\(queued == 1 ? "y" : "ies"); 'pipeline gc' frees their outputs.")
    return 0
  }

  static func experimentApply(_ args: ParsedArguments, console: Console) throws -> Int32 {
    let name = args.positionals[0]
    let restored = try Repository.current().applyExperiment(name, console: console)
    console.out("Applied experiment '\(name)': params.json, pipeline.lock and \(restored.count) changed output(s).")
    return 0
  }

  static func experimentShow(_ args: ParsedArguments, console: Console) throws -> Int32 {
    let repo = try Repository.current()
    let experiments = try repo.experiments()
    if experiments.isEmpty && !args.has("--json") {
      console.out("No experiments yet: run 'pipeline exp run -S key=value'.")
      return 0
    }
    var paramKeys: [String] = []
    var metricKeys: [String] = []
    for e in experiments {
      for m in e.setParams where !paramKeys.contains(m.key) { paramKeys.append(m.key) }
      for m in e.metrics where !metricKeys.contains(m.key) { metricKeys.append(m.key) }
    }
    let chosen = args.value("--metrics")
    if let only = chosen {
      let wanted = only.split(separator: ",").map(String.init)
      for w in wanted where !metricKeys.contains(w) {
        throw CommandLineError.other("no metric '\(w)'; metrics: \(metricKeys.joined(separator: ", "))")
      }
      metricKeys = wanted
    }
    var rows = experiments
    if let key = args.value("--sort") {
      guard metricKeys.contains(key) || experiments.contains(where: { $0.metrics.contains { $0.key == key } }) else {
        throw CommandLineError.other("cannot sort by '\(key)': no such metric")
      }
      func value(_ r: RunRecord) -> Double { r.metrics.first { $0.key == key }?.value.doubleValue ?? .infinity }
      rows.sort { args.has("--desc") ? value($0) > value($1) : value($0) < value($1) }
    }
    if args.has("--json") {
      let items: [JSON] = rows.map { r in
        .object([
          JSON.Member("name", .string(r.experiment!)),
          JSON.Member("run", .string(r.id)),
          JSON.Member("outcome", .string(r.outcome)),
          JSON.Member("params", .object(r.setParams)),
          JSON.Member("metrics", .object(r.metrics.filter { metricKeys.contains($0.key) })),
        ])
      }
      console.out(String(JSON.array(items).orderedText().dropLast()))
      return 0
    }
    let csv = args.has("--csv")
    var hidden = 0
    if !csv && !args.has("--all") {
      paramKeys = ExperimentColumns.changedParams(experiments, setKeys: paramKeys)
      if chosen == nil {
        let summary = (try? repo.loadPipeline().summaryMetrics) ?? []
        let named = summary.filter { metricKeys.contains($0) }
        metricKeys = named.isEmpty ? ExperimentColumns.changedMetrics(experiments, keys: metricKeys) : named
      }
    }
    // CSV keeps its content: the -S value, "-" where an experiment did not set the key.
    func cell(_ r: RunRecord, param k: String) -> String {
      ExperimentColumns.cell(csv ? r.setParams.first { $0.key == k }?.value : Params.value(k, in: r.params))
    }
    func cell(_ r: RunRecord, metric k: String) -> String { ExperimentColumns.cell(r.metrics.first { $0.key == k }?.value) }
    var header = ["experiment", "run"] + paramKeys
    var body = rows.map { r in [r.experiment!, r.id] + paramKeys.map { cell(r, param: $0) } }
    if !csv && !args.has("--all") && chosen == nil {
      // Metric columns while the table fits 100 columns; the rest behind --all.
      for (n, key) in metricKeys.enumerated() {
        let column = [key] + rows.map { cell($0, metric: key) }
        let widened = zip([header] + body, column).map { $0 + [$1] }
        if n > 0, (table(widened).map(\.count).max() ?? 0) > 100 {
          hidden = metricKeys.count - n
          break
        }
        header.append(key)
        body = rows.indices.map { body[$0] + [column[$0 + 1]] }
      }
    } else {
      header += metricKeys
      body = rows.indices.map { i in body[i] + metricKeys.map { cell(rows[i], metric: $0) } }
    }
    if csv {
      func quote(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
          ? "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : s
      }
      for row in [header] + body { console.out(row.map(quote).joined(separator: ",")) }
      return 0
    }
    for line in table([header] + body) { console.out(line) }
    if hidden > 0 { console.out("(\(hidden) more metric(s): --all, or --metrics KEY,...)") }
    return 0
  }

  static func diff(_ args: ParsedArguments, metrics: Bool, console: Console) throws -> Int32 {
    let repo = try Repository.current()
    let a: Snapshot
    let b: Snapshot
    switch args.positionals.count {
    case 0:
      b = try repo.snapshot(nil)
      guard let last = try repo.baselineRun(against: b) else {
        throw CommandLineError.other("no runs yet to compare with; run 'pipeline repro' first, or name two revisions")
      }
      a = repo.snapshot(of: last)
    case 1:
      a = try repo.snapshot(args.positionals[0])
      b = try repo.snapshot(nil)
    default:
      a = try repo.snapshot(args.positionals[0])
      b = try repo.snapshot(args.positionals[1])
    }
    let rows =
      metrics
      ? Repository.diffMetrics(a.metrics, b.metrics, all: args.has("--all"))
      : Repository.diffParams(a.params, b.params, all: args.has("--all"))
    if args.has("--json") {
      let items: [JSON] = rows.map { r in
        var members: [JSON.Member] = []
        if let p = r.path { members.append(JSON.Member("path", .string(p))) }
        members += [
          JSON.Member(metrics ? "metric" : "param", .string(r.key)),
          JSON.Member("old", r.old ?? .null), JSON.Member("new", r.new ?? .null),
          JSON.Member("change", r.change.map { .number($0) } ?? .null),
        ]
        return .object(members)
      }
      console.out(String(JSON.array(items).orderedText().dropLast()))
      return 0
    }
    if rows.isEmpty {
      console.out("No \(metrics ? "metric" : "param") changes between \(a.label) and \(b.label).")
      return 0
    }
    let cell = ExperimentColumns.cell
    var header = metrics ? ["path", "metric"] : ["param"]
    header += [a.label, b.label, "change"]
    let body = rows.map { r -> [String] in
      var change = "-"
      if let c = r.change {
        change = (c >= 0 ? "+" : "") + shortNumber(c)
        if let rel = r.relativeChange { change += " (\(rel >= 0 ? "+" : "")\(shortNumber(rel))%)" }
      }
      return (metrics ? [r.path ?? "", r.key] : [r.key]) + [cell(r.old), cell(r.new), change]
    }
    for line in table([header] + body) { console.out(line) }
    return 0
  }

  /// A number with at most 4 significant decimals, for change columns.
  static func shortNumber(_ x: Double) -> String {
    let scaled = (x * 10000).rounded() / 10000
    return JSON.formatNumber(scaled)
  }

  static func checkout(_ args: ParsedArguments, console: Console) throws -> Int32 {
    let restored = try Repository.current().checkout(run: args.positionals.first, console: console)
    console.out(restored.isEmpty ? "Outputs already match." : "Restored \(restored.count) output(s).")
    return 0
  }

  static func gc(_ args: ParsedArguments, console: Console) throws -> Int32 {
    let dry = args.has("--dry")
    let report = try Repository.current().collectGarbage(dry: dry)
    let mb = Double(report.bytes) / 1_048_576
    console.out(
      "\(dry ? "Would remove" : "Removed") \(report.removed) object(s), \(shortNumber(mb)) MiB; kept \(report.kept).")
    return 0
  }

  static func verify(_ args: ParsedArguments, console: Console, signals: SignalWatcher?) throws -> Int32 {
    let report = try Repository.current().verify(
      stages: args.positionals, jobs: try jobs(args), keep: args.has("--keep"), console: console, signals: signals)
    console.out("")
    var rows = [["stage", "output", "expected", "actual", "result"]]
    for r in report.rows {
      rows.append([r.stage, r.path, String(r.expected.prefix(12)), String(r.actual.prefix(12)), r.ok ? "ok" : "DIFFERS"])
    }
    for line in table(rows) { console.out(line) }
    for f in report.failures { console.err("error: stage '\(f.stage)': \(f.message)") }
    if report.passed {
      console.out("\nverify: all \(report.rows.count) outputs reproduce bit for bit.")
      return 0
    }
    let differing = report.rows.filter { !$0.ok }.count
    console.err("verify: \(differing) output(s) differ, \(report.failures.count) stage(s) failed.")
    return 1
  }
}
