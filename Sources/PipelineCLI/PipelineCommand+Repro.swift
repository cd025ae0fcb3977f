#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics
import CommandLineKit
import PipelineCore
import StrictJSON

extension PipelineCommand {
  static func repro(_ args: ParsedArguments, console: Console, signals: SignalWatcher?) throws -> Int32 {
    var options = ReproOptions()
    options.targets = args.positionals
    options.force = args.has("--force")
    options.dry = args.has("--dry")
    options.singleItem = args.has("--single-item")
    options.keepGoing = args.has("--keep-going")
    options.wait = args.has("--wait")
    options.signals = signals
    options.jobs = try jobs(args)
    options.executor = try executor(args)
    let repo = try Repository.current()
    if args.has("--pull") { options.pull = try repo.openRemote(args.value("--remote")) }
    let settings = args.values("--set-param")
    var held: RepoLock? = nil
    if !settings.isEmpty {
      if options.dry {
        // Checked like a real run, shown, and never written.
        let edit = try repo.planParams(settings)
        options.params = edit.params
        for m in edit.settings { console.out("would set \(m.key) = \(m.value.compactText()) (--dry: params.json is not changed)") }
      } else {
        held = try repo.acquireLock(wait: options.wait)
        try repo.writeParams(try repo.planParams(settings))
      }
    }
    let report = try repo.repro(options, console: console, holding: held)
    withExtendedLifetime(held) {}
    if options.dry {
      if !report.stages.contains(where: { $0.status == .wouldRun }) {
        console.out("Data and pipelines are up to date.")
      }
      return 0
    }
    return finish(report, console: console)
  }

  /// `--jobs`, or the CPU budget (`PIPELINE_CPUS`, else the number of cores).
  static func jobs(_ args: ParsedArguments) throws -> Int {
    guard let text = args.value("--jobs") else { return CPUBudget.workers }
    guard let n = Int(text), n >= 1 else {
      throw CommandLineError.other("--jobs takes a whole number of at least 1, not '\(text)'")
    }
    return n
  }

  /// `--executor` and `--partition`: local unless told otherwise; Slurm is looked
  /// for before anything runs.
  static func executor(_ args: ParsedArguments) throws -> Executor {
    let partition = args.value("--partition")
    switch args.value("--executor") ?? "local" {
    case "local":
      if partition != nil { throw CommandLineError.other("--partition needs --executor slurm") }
      return .local
    case "slurm": return .slurm(try SlurmClient(partition: partition))
    case let other:
      throw CommandLineError.other(
        "unknown executor '\(other)'; choose local or slurm")
    }
  }

  /// After a run: the table, failures, and metrics; returns the exit status.
  static func finish(_ report: ReproReport, console: Console) -> Int32 {
    if report.ranAny || !report.failed.isEmpty || report.interrupted {
      console.out("")
      printTable(report, console: console)
    } else {
      console.out("Data and pipelines are up to date.")
    }
    if report.interrupted {
      console.err(String(describing: PipelineError.interrupted))
      return PipelineError.interrupted.exitCode
    }
    if !report.failed.isEmpty {
      let error = PipelineError.stagesFailed(report.failed)
      console.err(String(describing: error))
      console.err("hint: outputs of the last good run are in the cache; 'pipeline checkout' restores them")
      return error.exitCode
    }
    if report.ranAny { printMetrics(report.lock, pipeline: report.pipeline, console: console) }
    return 0
  }

  static func printTable(_ report: ReproReport, console: Console) {
    var rows = [["stage", "status", "time"]]
    for s in report.stages {
      let time = [.ran, .restored, .failed].contains(s.status) ? formatSeconds(s.seconds) : ""
      rows.append([s.name, s.status.rawValue, time])
    }
    for line in table(rows) { console.out(line) }
  }

  /// The metrics the lock recorded, one `path key value` line each.
  static func printMetrics(_ lock: Lockfile, pipeline: Pipeline, console: Console) {
    let files = pipeline.stages.flatMap { lock.stages[$0.name]?.metrics ?? [] }
    let lines = MetricsTable.render(files)
    guard !lines.isEmpty else { return }
    console.out("")
    for line in lines { console.out(line) }
  }

  /// Left-aligned columns separated by two spaces.
  static func table(_ rows: [[String]]) -> [String] {
    guard let columns = rows.map(\.count).max() else { return [] }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    return rows.map { row in
      var line = ""
      for (i, cell) in row.enumerated() {
        line += i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
      }
      return line
    }
  }
}
