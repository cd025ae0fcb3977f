import CommandLineKit
import PipelineCore
import StrictJSON

extension PipelineCommand {
  static func status(_ args: ParsedArguments, console: Console) throws -> Int32 {
    let repo = try Repository.current()
    let states = try repo.status(targets: args.positionals)
    let stale = states.filter(\.isStale)
    if args.has("--json") {
      var members: [JSON.Member] = []
      for s in states {
        members.append(
          JSON.Member(
            s.name,
            .object([
              JSON.Member("stale", .bool(s.isStale)),
              JSON.Member("frozen", .bool(s.frozen)),
              JSON.Member("reasons", .array(s.reasons.map { .string($0.description) })),
              JSON.Member("stale_upstream", .array(s.staleUpstream.map { .string($0) })),
            ])))
      }
      console.out(String(JSON.object(members).orderedText().dropLast()))
    } else if stale.isEmpty {
      console.out("Data and pipelines are up to date.")
    } else {
      for s in states where s.isStale || !s.staleUpstream.isEmpty {
        console.out("\(s.name):")
        for reason in s.reasons { console.out("\t\(reason)") }
        if s.reasons.isEmpty {
          console.out("\tafter \(s.staleUpstream.map { "'\($0)'" }.joined(separator: ", ")), if it changes its outputs")
        }
      }
    }
    return args.has("--exit-code") && !stale.isEmpty ? 1 : 0
  }

  static func dag(_ args: ParsedArguments, console: Console) throws -> Int32 {
    let pipeline = try Repository.current().loadPipeline()
    let names = pipeline.stages.map(\.name)
    var edges: [(String, String)] = []
    for i in pipeline.order { for u in pipeline.upstream[i] { edges.append((names[u], names[i])) } }
    if args.has("--dot") {
      console.out("digraph pipeline {")
      for i in pipeline.order { console.out("  \"\(names[i])\";") }
      for (a, b) in edges { console.out("  \"\(a)\" -> \"\(b)\";") }
      console.out("}")
    } else if args.has("--mermaid") {
      console.out("flowchart TD")
      for i in pipeline.order { console.out("  \(names[i])") }
      for (a, b) in edges { console.out("  \(a) --> \(b)") }
    } else {
      let width = names.map(\.count).max() ?? 0
      for i in pipeline.order {
        let ups = pipeline.upstream[i].map { names[$0] }
        console.out(ups.isEmpty ? names[i] : names[i].padding(width) + "  <- " + ups.joined(separator: ", "))
      }
    }
    return 0
  }

  static func metricsShow(_ args: ParsedArguments, console: Console) throws -> Int32 {
    let repo = try Repository.current()
    let metrics = try repo.workspaceMetrics()
    if args.has("--json") {
      console.out(String(JSON.object(metrics).canonicalText().dropLast()))
      return 0
    }
    let lines = MetricsTable.render(metrics)
    if lines.isEmpty {
      console.out("No metrics yet: run 'pipeline repro'.")
      return 0
    }
    for line in lines { console.out(line) }
    return 0
  }

  /// `pipeline cache verify`: an fsck of the object cache.
  static func cacheVerify(console: Console) throws -> Int32 {
    let report = try Repository.current().verifyCache()
    guard report.damaged.isEmpty else {
      for line in report.damaged { console.out(line) }
      console.err(
        "error: \(report.damaged.count) of \(report.checked) cached object(s) damaged; "
          + "'pipeline repro' quarantines and rebuilds them when they are needed")
      return 1
    }
    console.out("\(report.checked) cached object(s) verified; all match their names.")
    return 0
  }
}
