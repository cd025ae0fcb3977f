import Basics
import StrictJSON

/// One out as `pipeline status --cloud` sees it.
public struct CloudState: Sendable, Equatable {
  public var stage: String
  public var path: String
  public var size: Int64
  public var inCache: Bool
  public var onRemote: Bool
}

extension Repository {
  // MARK: configuration

  var localConfigFile: String { root + "/" + RemoteConfig.localFile }

  /// The remotes of `pipeline.json` (shared) and of `.pipeline/config.json` (personal).
  func remoteConfigs() throws(PipelineError) -> (shared: [RemoteConfig], local: [RemoteConfig]) {
    let document = try Pipeline.parseJSONFile(root: root, name: RemoteConfig.sharedFile)
    let shared = try document["remotes"].map { node throws(PipelineError) in
      try RemoteConfig.parse(node, file: RemoteConfig.sharedFile)
    } ?? []
    guard FileSystem.exists(localConfigFile) else { return (shared, []) }
    let local = try Pipeline.parseJSONFile(root: root, name: RemoteConfig.localFile)
    guard let fields = local.fields else {
      throw .invalid(
        file: RemoteConfig.localFile, line: local.location.line, column: local.location.column,
        message: "expected an object like {\"remotes\": {...}}")
    }
    for field in fields where field.key != "remotes" {
      throw .invalid(
        file: RemoteConfig.localFile, line: field.keyLocation.line, column: field.keyLocation.column,
        message: "unknown field '\(field.key)'\(Spelling.didYouMean(field.key, among: ["remotes"]))")
    }
    return (shared, try local["remotes"].map { node throws(PipelineError) in
      try RemoteConfig.parse(node, file: RemoteConfig.localFile)
    } ?? [])
  }

  /// Every remote in effect: a personal one replaces a shared one of the same name,
  /// and a personal default wins over the shared default. Sorted by name.
  public func remotes() throws(PipelineError) -> [RemoteConfig] {
    let (shared, local) = try remoteConfigs()
    let localDefault = local.contains(where: \.isDefault)
    var result = local
    for var r in shared where !local.contains(where: { $0.name == r.name }) {
      if localDefault { r.isDefault = false }
      result.append(r)
    }
    return result.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
  }

  /// Adds a remote to `pipeline.json` (or, `local`, to `.pipeline/config.json`).
  /// The URL is checked first; `makeDefault` moves the default to it.
  public func addRemote(name: String, url: String, makeDefault: Bool, local: Bool) throws(PipelineError) {
    guard Pipeline.isPlainName(name) else {
      throw .usage("remote name '\(name)' may only use letters, digits, '_' and '-'")
    }
    guard !url.isEmpty else { throw .usage("the remote's URL is empty; give a directory path or file:///path") }
    let file = local ? RemoteConfig.localFile : RemoteConfig.sharedFile
    let config = RemoteConfig(
      name: name, url: url, isDefault: makeDefault, location: SourceLocation(file: "command line", line: 1, column: 1))
    do {
      _ = try RemoteURL.open(config, root: root)
    } catch {
      throw .usage("remote '\(name)': unsupported URL '\(url)'; supported: \(RemoteURL.supported)")
    }
    let (shared, personal) = try remoteConfigs()
    var list = local ? personal : shared
    if let existing = list.first(where: { $0.name == name }) {
      throw .invalid(
        file: existing.location.file, line: existing.location.line, column: existing.location.column,
        message: "remote '\(name)' already exists (\(existing.url)); 'pipeline remote remove \(name)' first")
    }
    if makeDefault { for i in list.indices { list[i].isDefault = false } }
    list.append(config)
    try writeRemotes(list, to: file)
  }

  /// Removes a remote from whichever files name it.
  public func removeRemote(name: String) throws(PipelineError) {
    let (shared, local) = try remoteConfigs()
    guard shared.contains(where: { $0.name == name }) || local.contains(where: { $0.name == name }) else {
      throw .usage("no remote named '\(name)'\(Spelling.didYouMean(name, among: (shared + local).map(\.name)))")
    }
    if local.contains(where: { $0.name == name }) {
      try writeRemotes(local.filter { $0.name != name }, to: RemoteConfig.localFile)
    }
    if shared.contains(where: { $0.name == name }) {
      try writeRemotes(shared.filter { $0.name != name }, to: RemoteConfig.sharedFile)
    }
  }

  /// Makes `name` the default, in the file that holds it (the personal one if both do).
  public func setDefaultRemote(name: String) throws(PipelineError) {
    let (shared, local) = try remoteConfigs()
    let isLocal = local.contains { $0.name == name }
    guard isLocal || shared.contains(where: { $0.name == name }) else {
      throw .usage("no remote named '\(name)'\(Spelling.didYouMean(name, among: (shared + local).map(\.name)))")
    }
    var list = isLocal ? local : shared
    for i in list.indices { list[i].isDefault = list[i].name == name }
    // A personal default wins over the shared one, which stays for the team.
    try writeRemotes(list, to: isLocal ? RemoteConfig.localFile : RemoteConfig.sharedFile)
  }

  /// Writes the remotes of one file. `pipeline.json` keeps every byte outside its
  /// `"remotes"` value (the field is added after the last one when absent), as
  /// `-S` keeps `params.json`; the personal file is ours and written canonically.
  private func writeRemotes(_ remotes: [RemoteConfig], to file: String) throws(PipelineError) {
    let path = root + "/" + file
    guard file == RemoteConfig.sharedFile else {
      let text = "{\n  \"remotes\": " + RemoteConfig.render(remotes, indent: "  ") + "\n}\n"
      try FileSystem.writeAtomically(text, to: path)
      return
    }
    let bytes = try FileSystem.read(path)
    let document = try Pipeline.parseJSONFile(root: root, name: file)
    guard let fields = document.fields, let first = fields.first, let last = fields.last else {
      throw .invalidPipeline("\(file) has no fields to add remotes beside")
    }
    let multiline = first.keyLocation.line > document.location.line
    let indent = multiline ? String(repeating: " ", count: first.keyLocation.column - 1) : nil
    var result = bytes
    if let existing = document.field("remotes") {
      let start = ParamsText.offset(of: existing.value.location, in: bytes)
      let end = ParamsText.valueEnd(bytes, from: start)
      let keyIndent = multiline ? String(repeating: " ", count: existing.keyLocation.column - 1) : nil
      result.replaceSubrange(start..<end, with: Array(RemoteConfig.render(remotes, indent: keyIndent).utf8))
    } else {
      let end = ParamsText.valueEnd(bytes, from: ParamsText.offset(of: last.value.location, in: bytes))
      let field = "\"remotes\": " + RemoteConfig.render(remotes, indent: indent)
      let text = indent.map { ",\n" + $0 + field } ?? ", " + field
      result.insert(contentsOf: Array(text.utf8), at: end)
    }
    // What is written must read back as exactly these remotes.
    let check: [RemoteConfig]?
    do {
      let node = try JSONParser.parseDocument(result, file: file).root
      check = try node["remotes"].map { n throws(PipelineError) in try RemoteConfig.parse(n, file: file) }
    } catch {
      throw .invalidPipeline("internal error: the edit of \(file) did not parse (\(error)); it was not changed")
    }
    guard check?.map(\.name) == remotes.map(\.name) else {
      throw .invalidPipeline("internal error: the edit of \(file) lost remotes; it was not changed")
    }
    try FileSystem.writeAtomically(result, to: path)
  }

  // MARK: transfers

  /// The remote `name`, or the default one.
  public func openRemote(_ name: String?) throws(PipelineError) -> RemoteCache {
    let all = try remotes()
    let chosen: RemoteConfig
    if let name {
      guard let found = all.first(where: { $0.name == name }) else {
        let known = all.isEmpty ? "; none is configured ('pipeline remote add NAME URL')" : Spelling.didYouMean(name, among: all.map(\.name))
        throw .usage("no remote named '\(name)'\(known)")
      }
      chosen = found
    } else if let found = all.first(where: \.isDefault) {
      chosen = found
    } else if all.count == 1 {
      chosen = all[0]
    } else {
      throw .usage(
        all.isEmpty
          ? "no remote is configured; add one with 'pipeline remote add -d NAME /path/to/shared/cache'"
          : "no default remote among \(all.map { "'\($0.name)'" }.joined(separator: ", ")); pass -r NAME or run 'pipeline remote default NAME'")
    }
    return RemoteCache(
      name: chosen.name, remote: try RemoteURL.open(chosen, root: root), cache: objectCache,
      runCache: RunCache(directory: runCacheDirectory))
  }

  /// The lock's outs of the targets (all stages when none), with their run-cache keys.
  private func lockedOuts(_ targets: [String]) throws(PipelineError) -> (outs: [(stage: String, out: LockEntry.PathRecord)], keys: [String]) {
    let pipeline = try loadPipeline()
    let lock = try loadLock()
    let wanted = Set(try Self.resolve(targets, in: pipeline))
    var outs: [(String, LockEntry.PathRecord)] = []
    var keys: [String] = []
    for (i, stage) in pipeline.stages.enumerated() where wanted.isEmpty || wanted.contains(i) {
      guard let entry = lock.stages[stage.name] else { continue }
      outs += entry.outs.map { (stage.name, $0) }
      keys.append(RunCache.key(command: entry.command, deps: entry.deps, params: entry.params))
    }
    return (outs, keys)
  }

  /// `pipeline push`: the objects of the lock's outs, and every run-cache entry with
  /// its objects (with targets: only theirs), that the remote lacks.
  public func push(remote name: String?, targets: [String], jobs: Int) throws(PipelineError) -> RemoteCache.Report {
    let remote = try openRemote(name)
    if let directory = remote.remote as? RemoteDirectory { directory.removeStaleTemps() }
    let (outs, keys) = try lockedOuts(targets)
    let runKeys = targets.isEmpty ? RunCache(directory: runCacheDirectory).keys() : keys
    return try remote.push(outs.map(\.out), runKeys: runKeys, jobs: jobs)
  }

  /// `pipeline fetch`: the objects of the lock's outs (and the run-cache entries of the
  /// lock's stages) into the local caches, hash-checked; the workspace is not touched.
  public func fetch(remote name: String?, targets: [String], jobs: Int, wait: Bool = false) throws(PipelineError)
    -> RemoteCache.Report
  {
    let held = try acquireLock(wait: wait)
    defer { withExtendedLifetime(held) {} }
    let remote = try openRemote(name)
    guard remote.remote.exists() else {
      throw .io(path: remote.remote.location, message: "remote '\(remote.name)' does not exist; check its URL ('pipeline remote list') or push to it first")
    }
    removeStaleTemps(pipeline: try loadPipeline())
    let (outs, keys) = try lockedOuts(targets)
    var report = try remote.fetch(outs.map(\.out), jobs: jobs)
    try remote.fetchRunEntries(keys, report: &report)
    return report
  }

  /// `pipeline pull`: fetch, then check out the lock's outs.
  public func pull(remote name: String?, targets: [String], jobs: Int, console: Console) throws(PipelineError)
    -> (report: RemoteCache.Report, restored: [String])
  {
    let report = try fetch(remote: name, targets: targets, jobs: jobs)
    guard report.damaged.isEmpty, report.missing.isEmpty else { return (report, []) }
    return (report, try checkout(run: nil, stages: targets, console: console))
  }

  /// `pipeline status --cloud`: for each out of the lock, whether the local cache and
  /// the remote hold it.
  public func cloudStatus(remote name: String?, targets: [String]) throws(PipelineError) -> (remote: String, outs: [CloudState]) {
    let remote = try openRemote(name)
    var result: [CloudState] = []
    for (stage, out) in try lockedOuts(targets).outs {
      result.append(
        CloudState(
          stage: stage, path: out.path, size: out.hash.size, inCache: remote.cache.has(out.hash),
          onRemote: try remote.remoteHas(out.hash)))
    }
    return (remote.name, result)
  }
}
