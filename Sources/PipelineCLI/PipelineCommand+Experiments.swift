import CommandLineKit
import PipelineCore
import StrictJSON

extension PipelineCommand {
  static func experimentRun(_ args: ParsedArguments, console: Console, signals: SignalWatcher?) throws -> Int32 {
    var options = ReproOptions()
    options.jobs = try jobs(args)
    options.executor = try executor(args)
    options.wait = args.has("--wait")
    options.signals = signals
    let repo = try Repository.current()
    let report = try repo.runExperiment(
      settings: args.values("--set-param"), name: args.value("--name"), force: args.has("--force"), options: options,
      console: console)
    let status = finish(report, console: console)
    if let run = report.run, let name = run.experiment {
      console.out("\nExperiment '\(name)' recorded as run \(run.id).")
    }
    return status
  }

  static func experimentShow(_ args: ParsedArguments, console: Console) throws -> Int32 {
    let experiments = try Repository.current().experiments()
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
    if let only = args.value("--metrics") {
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
    func cell(_ v: JSON?) -> String {
      guard let v else { return "-" }
      if case .string(let s) = v { return s }
      return v.compactText()
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
    let header = ["experiment", "run"] + paramKeys + metricKeys
    let body = rows.map { r in
      [r.experiment!, r.id] + paramKeys.map { k in cell(r.setParams.first { $0.key == k }?.value) }
        + metricKeys.map { k in cell(r.metrics.first { $0.key == k }?.value) }
    }
    if args.has("--csv") {
      func quote(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
          ? "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : s
      }
      for row in [header] + body { console.out(row.map(quote).joined(separator: ",")) }
      return 0
    }
    for line in table([header] + body) { console.out(line) }
    return 0
  }

  static func diff(_ args: ParsedArguments, metrics: Bool, console: Console) throws -> Int32 {
    let repo = try Repository.current()
    let a: Snapshot
    let b: Snapshot
    switch args.positionals.count {
    case 0:
      guard let last = try repo.lastRun() else {
        throw CommandLineError.other("no runs yet to compare with; run 'pipeline repro' first, or name two revisions")
      }
      a = try repo.snapshot(last.id)
      b = try repo.snapshot(nil)
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
    func cell(_ v: JSON?) -> String {
      guard let v else { return "-" }
      if case .string(let s) = v { return s }
      return v.compactText()
    }
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
