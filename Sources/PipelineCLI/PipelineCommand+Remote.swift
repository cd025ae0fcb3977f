import CommandLineKit
import PipelineCore

extension PipelineCommand {
  static let remoteOption = OptionSpec.option("-r", "--remote", value: "name", help: "The remote to use (default: the default remote).")
  static let transfersOption = OptionSpec.option("-j", "--jobs", value: "n", help: "Transfers to run at once (default: the number of cores).")
  static let remoteName = ArgumentSpec("name", help: "The remote's name (letters, digits, '_' and '-').")

  static let remoteCommands: [CommandSpec] = [
    CommandSpec(
      name: "pipeline remote add", abstract: "Add a remote cache: a directory, typically on a shared file system.",
      arguments: [remoteName, ArgumentSpec("url", help: "A directory path (relative to the repository root) or file:///path.")],
      options: [
        .flag("-d", "--default", help: "Make it the default remote."),
        .flag("--local", help: "Keep it in .pipeline/config.json (personal) instead of pipeline.json (shared)."),
      ]),
    CommandSpec(name: "pipeline remote list", abstract: "List the remotes: name, URL, default, where configured."),
    CommandSpec(name: "pipeline remote remove", abstract: "Remove a remote from the configuration.", arguments: [remoteName]),
    CommandSpec(name: "pipeline remote default", abstract: "Make a remote the default.", arguments: [remoteName]),
    CommandSpec(
      name: "pipeline push", abstract: "Send the lock's outputs and the run-cache to a remote (what it lacks).",
      arguments: [stages], options: [remoteOption, transfersOption]),
    CommandSpec(
      name: "pipeline fetch", abstract: "Receive the lock's outputs from a remote into the local cache (hash-checked).",
      arguments: [stages], options: [remoteOption, transfersOption]),
    CommandSpec(
      name: "pipeline pull", abstract: "Fetch, then restore the lock's outputs in the workspace.",
      arguments: [stages], options: [remoteOption, transfersOption]),
  ]

  static func remoteCommand(_ path: String, _ args: ParsedArguments, console: Console) throws -> Int32 {
    let repo = try Repository.current()
    switch path {
    case "remote add":
      let (name, url) = (args.positionals[0], args.positionals[1])
      try repo.addRemote(name: name, url: url, makeDefault: args.has("--default"), local: args.has("--local"))
      console.out("added remote '\(name)' (\(url)) to \(args.has("--local") ? ".pipeline/config.json" : "pipeline.json")")
    case "remote list":
      let remotes = try repo.remotes()
      if remotes.isEmpty { console.out("No remotes; add one with 'pipeline remote add -d NAME /path/to/shared/cache'.") }
      let rows = remotes.map { r in
        [r.name, r.url, [r.isDefault ? "default" : "", r.isLocal ? "local" : ""].filter { !$0.isEmpty }.joined(separator: ", ")]
      }
      for line in table(rows) { console.out(line.trailingSpacesRemoved()) }
    case "remote remove":
      try repo.removeRemote(name: args.positionals[0])
      console.out("removed remote '\(args.positionals[0])'")
    case "remote default":
      try repo.setDefaultRemote(name: args.positionals[0])
      console.out("remote '\(args.positionals[0])' is the default")
    case "push":
      let report = try repo.push(remote: args.value("--remote"), targets: args.positionals, jobs: try jobs(args))
      let name = try repo.openRemote(args.value("--remote")).name
      console.out(summary(report, verb: "pushed", preposition: "to", remote: name, present: "on the remote"))
      for path in report.missing { console.err("warning: '\(path)' is not in the local cache; run 'pipeline repro' to build it") }
      return report.missing.isEmpty ? 0 : 1
    case "fetch", "pull":
      let name = try repo.openRemote(args.value("--remote")).name
      let report: RemoteCache.Report
      var restored: [String] = []
      if path == "pull" {
        (report, restored) = try repo.pull(remote: args.value("--remote"), targets: args.positionals, jobs: try jobs(args), console: console)
      } else {
        report = try repo.fetch(remote: args.value("--remote"), targets: args.positionals, jobs: try jobs(args))
      }
      console.out(summary(report, verb: "fetched", preposition: "from", remote: name, present: "in the local cache"))
      if path == "pull" && report.missing.isEmpty && report.damaged.isEmpty {
        console.out("restored \(restored.count) \(restored.count == 1 ? "output" : "outputs") in the workspace")
      }
      for path in report.missing { console.err("error: '\(path)' is not on remote '\(name)'; push it from a clone that has it") }
      for message in report.damaged { console.err("error: " + message) }
      return report.missing.isEmpty && report.damaged.isEmpty ? 0 : 1
    default: return 64
    }
    return 0
  }

  /// `pushed 12 objects (3.4 MB) and 2 run-cache entries to remote 'origin'; 40 objects already on the remote`.
  static func summary(_ r: RemoteCache.Report, verb: String, preposition: String, remote: String, present: String) -> String {
    "\(verb) \(r.objects) \(r.objects == 1 ? "object" : "objects") (\(formatBytes(r.bytes))) and \(r.entries) run-cache \(r.entries == 1 ? "entry" : "entries") \(preposition) remote '\(remote)'; \(r.present) already \(present)"
  }

  /// `pipeline status --cloud`: where each out of the lock is.
  static func cloudStatus(_ args: ParsedArguments, console: Console) throws -> Int32 {
    let (name, outs) = try Repository.current().cloudStatus(remote: args.value("--remote"), targets: args.positionals)
    var rows = [["out", "local cache", "remote '\(name)'"]]
    for o in outs { rows.append([o.path, o.inCache ? "yes" : "no", o.onRemote ? "yes" : "no"]) }
    for line in table(rows) { console.out(line) }
    let local = outs.filter(\.inCache)
    let remote = outs.filter(\.onRemote)
    let missing = outs.filter { !$0.inCache && !$0.onRemote }
    let toPush = outs.filter { $0.inCache && !$0.onRemote }
    console.out(
      "\(outs.count) outs: \(local.count) in the local cache (\(formatBytes(local.map(\.size).reduce(0, +)))), \(remote.count) on remote '\(name)' (\(formatBytes(remote.map(\.size).reduce(0, +)))), \(missing.count) missing; \(toPush.count) to push")
    return args.has("--exit-code") && (!missing.isEmpty || !toPush.isEmpty) ? 1 : 0
  }

  /// Bytes for people: `512 B`, `3.4 kB`, `12.0 MB`, `1.2 GB` (powers of 1000).
  static func formatBytes(_ n: Int64) -> String {
    if n < 1000 { return "\(n) B" }
    let units = ["kB", "MB", "GB", "TB"]
    var value = Double(n) / 1000
    var unit = 0
    while value >= 999.95 && unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) \(units[unit])"
  }
}

extension String {
  fileprivate func trailingSpacesRemoved() -> String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }
}
