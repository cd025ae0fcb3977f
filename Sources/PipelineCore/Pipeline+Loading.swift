import Basics
import StrictJSON

extension Pipeline {
  static let stageFields = [
    "cmd", "deps", "outs", "metrics", "params", "always_changed", "frozen", "wdir", "desc", "plots", "resources",
  ]

  /// Reads and validates `pipeline.json` and `params.json` in `root`.
  ///
  /// Every problem is found before anything runs, and reported at its place in
  /// the file: malformed JSON, unknown fields, missing commands, bad paths, missing
  /// params, unresolved `${...}`, overlapping outs and cycles.
  public static func load(root: String, params override: JSON? = nil) throws(PipelineError) -> Pipeline {
    let specFile = "pipeline.json"
    guard FileSystem.exists(root + "/" + specFile) else {
      throw .invalidPipeline("no pipeline.json in '\(root)'; create one (see README) or run from the repository root")
    }
    let document = try parseJSONFile(root: root, name: specFile)
    let params: JSON
    var paramsText: String? = nil
    if let override {
      params = override
    } else if FileSystem.exists(root + "/params.json") {
      let bytes = try FileSystem.read(root + "/params.json")
      do {
        params = try JSONParser.parseDocument(bytes, file: "params.json").root.json
      } catch {
        throw PipelineError(error)
      }
      guard case .object = params else {
        throw .invalid(file: "params.json", line: 1, column: 1, message: "expected an object at the top level")
      }
      paramsText = String(decoding: bytes, as: UTF8.self)
    } else {
      params = .object([])
    }
    let rootReal = FileSystem.realPath(root) ?? root

    func at(_ location: JSONLocation) -> SourceLocation {
      SourceLocation(file: specFile, line: location.line, column: location.column)
    }
    guard let top = document.fields else {
      throw at(document.location).error("expected an object with a 'stages' field, found \(document.kindName)")
    }
    let topFields = ["stages", "plots", "remotes", "summary_metrics"]
    for field in top where !topFields.contains(field.key) {
      throw at(field.keyLocation).error(
        "unknown field '\(field.key)'\(Spelling.didYouMean(field.key, among: topFields))")
    }
    var summaryMetrics: [String] = []
    if let node = document["summary_metrics"] {
      let items = node.json.arrayValue ?? []
      let keys = items.compactMap(\.stringValue)
      guard node.json.arrayValue != nil, keys.count == items.count else {
        throw at(node.location).error("'summary_metrics' must be a list of metric keys (\"ranking.hybrid.ndcg\")")
      }
      summaryMetrics = keys
    }
    if let remotes = document["remotes"] { _ = try RemoteConfig.parse(remotes, file: specFile) }
    guard let stagesNode = document["stages"] else {
      throw at(document.location).error("missing field 'stages'")
    }
    guard let stageFields = stagesNode.fields else {
      throw at(stagesNode.location).error("'stages' must be an object of stages, found \(stagesNode.kindName)")
    }

    var stages: [Stage] = []
    for field in stageFields {
      let name = field.key
      guard isPlainName(name) else {
        throw at(field.keyLocation).error(
          "stage name '\(name)' may only use letters, digits, '_' and '-'")
      }
      stages.append(try loadStage(name: name, node: field.value, keyLocation: at(field.keyLocation), params: params, rootReal: rootReal, root: root, at: at))
    }

    // Outputs: one owner each, none inside another. The index makes this linear
    // in the number of outs (times their depth), not quadratic in stages.
    var owners = OutIndex()
    for (i, stage) in stages.enumerated() {
      for out in stage.outs {
        let here = stage.location
        if let other = owners.owner(of: out) {
          if other == i { throw here.error("stage '\(stage.name)': out '\(out)' is listed twice") }
          throw here.error("out '\(out)' is owned by two stages: '\(stages[other].name)' and '\(stage.name)'")
        }
        var clash: (inner: String, outer: String, stage: Int)? = nil
        if let (outer, other) = owners.enclosing(out) {
          clash = (out, outer, other)
        } else if let other = owners.inside(out).first {
          let inner = stages[other].outs.first { Paths.isInside($0, out) } ?? out
          clash = (inner, out, other)
        }
        if let clash {
          throw here.error(
            "outs overlap: '\(clash.inner)' lies inside '\(clash.outer)' (stages '\(stages[clash.stage].name)' and '\(stage.name)'); give each stage its own folder")
        }
        owners.add(out, stage: i)
      }
      for dep in stage.deps where stage.outs.contains(where: { Paths.overlap($0, dep) }) {
        throw stage.location.error("stage '\(stage.name)': '\(dep)' is both a dep and an out of the same stage")
      }
    }
    let graph = try buildGraph(stages, outs: owners)
    var pipeline = Pipeline(
      root: root, stages: stages, params: params, paramsText: paramsText, upstream: graph.upstream, order: graph.order)
    pipeline.summaryMetrics = summaryMetrics
    pipeline.plots = try loadPlots(
      document: document, stages: stages, params: params, root: root, rootReal: rootReal, file: specFile)
    return pipeline
  }

  /// A stage or remote name: letters, digits, '_' and '-'.
  static func isPlainName(_ name: String) -> Bool {
    !name.isEmpty
      && name.utf8.allSatisfy { c in
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
      }
  }

  static func parseJSONFile(root: String, name: String) throws(PipelineError) -> JSONNode {
    let bytes = try FileSystem.read(root + "/" + name)
    do {
      return try JSONParser.parseDocument(bytes, file: name).root
    } catch {
      throw PipelineError(error)
    }
  }

  private static func loadStage(
    name: String, node: JSONNode, keyLocation: SourceLocation, params: JSON, rootReal: String, root: String,
    at: (JSONLocation) -> SourceLocation
  ) throws(PipelineError) -> Stage {
    guard let fields = node.fields else {
      throw at(node.location).error("stage '\(name)' must be an object, found \(node.kindName)")
    }
    for field in fields where !stageFields.contains(field.key) {
      throw at(field.keyLocation).error(
        "stage '\(name)': unknown field '\(field.key)'\(Spelling.didYouMean(field.key, among: stageFields))")
    }
    func string(_ key: String) throws(PipelineError) -> (String, JSONNode)? {
      guard let value = node[key] else { return nil }
      guard let s = value.stringValue else {
        throw at(value.location).error("stage '\(name)': '\(key)' must be a string, found \(value.kindName)")
      }
      return (s, value)
    }
    func bool(_ key: String) throws(PipelineError) -> Bool {
      guard let value = node[key] else { return false }
      guard case .bool(let b) = value.value else {
        throw at(value.location).error("stage '\(name)': '\(key)' must be true or false, found \(value.kindName)")
      }
      return b
    }
    func strings(_ key: String) throws(PipelineError) -> [(String, SourceLocation)] {
      guard let value = node[key] else { return [] }
      guard let items = value.items else {
        throw at(value.location).error("stage '\(name)': '\(key)' must be an array of strings, found \(value.kindName)")
      }
      var result: [(String, SourceLocation)] = []
      for item in items {
        guard let s = item.stringValue else {
          throw at(item.location).error("stage '\(name)': '\(key)' must hold strings, found \(item.kindName)")
        }
        result.append((s, at(item.location)))
      }
      return result
    }
    func paths(_ key: String, role: Paths.Role) throws(PipelineError) -> [String] {
      var result: [String] = []
      for (written, location) in try strings(key) {
        let raw = try interpolate(written, params: params, stage: name, field: key, location: location, quoting: false)
        let shown = raw == written ? "'\(raw)'" : "'\(raw)' (from '\(written)')"
        switch Paths.check(raw, role: role, root: root, rootReal: rootReal) {
        case .success(let path): result.append(path)
        case .failure(let refusal):
          let hint =
            refusal.reason.hasPrefix("is absolute") || refusal.reason.hasPrefix("leaves")
            ? "; paths are relative to the repository root" : ""
          throw location.error("stage '\(name)': \(role.rawValue) \(shown) \(refusal.reason)\(hint)")
        }
      }
      return result
    }

    guard let (rawCommand, commandNode) = try string("cmd") else {
      throw keyLocation.error("stage '\(name)': missing field 'cmd'")
    }
    guard !rawCommand.allSatisfy({ $0 == " " }) else {
      throw at(commandNode.location).error("stage '\(name)': 'cmd' is empty")
    }
    let command = try interpolate(
      rawCommand, params: params, stage: name, field: "cmd", location: at(commandNode.location), quoting: true)

    var paramKeys: [String] = []
    for (key, location) in try strings("params") {
      guard Params.value(key, in: params) != nil else {
        let known = Params.leaves(params, prefix: "").map(\.0)
        throw location.error(
          "stage '\(name)': param '\(key)' is not in params.json\(Spelling.didYouMean(key, among: known))")
      }
      if !paramKeys.contains(key) { paramKeys.append(key) }
    }
    let metrics = try paths("metrics", role: .metric)
    var outs = try paths("outs", role: .out)
    for m in metrics where !outs.contains(m) { outs.append(m) }
    var workingDirectory = ""
    if let (wdir, wdirNode) = try string("wdir"), wdir != "." {
      guard let normalized = Paths.normalize(wdir) else {
        throw at(wdirNode.location).error("stage '\(name)': wdir '\(wdir)' must be a folder inside the repository")
      }
      workingDirectory = normalized
    }
    let resources = try node["resources"].map { (value) throws(PipelineError) in
      try StageResources.parse(value, stage: name, at: at)
    }
    return Stage(
      name: name, rawCommand: rawCommand, command: command, deps: try paths("deps", role: .dep), outs: outs,
      metrics: metrics, params: paramKeys, alwaysChanged: try bool("always_changed"), frozen: try bool("frozen"),
      workingDirectory: workingDirectory, summary: try string("desc")?.0, resources: resources ?? StageResources(),
      location: keyLocation)
  }

  /// Substitutes each `${a.b}` with the param's value.
  ///
  /// In a command (`quoting`), the value becomes exactly one shell word
  /// (`ShellWord.quote`), so a param can never inject shell syntax; `${a.b:raw}`
  /// pastes the text as is, for an author who means it. In a path the text is
  /// pasted and the caller validates the result. Strings, numbers and booleans
  /// interpolate; an object, a list or null is an error, as is an unknown key,
  /// each at the reference's column.
  static func interpolate(
    _ text: String, params: JSON, stage: String, field: String, location: SourceLocation, quoting: Bool
  ) throws(PipelineError) -> String {
    let scalars = Array(text.unicodeScalars)
    var result = String.UnicodeScalarView()
    var shell = ShellContext()
    var firstQuoted: (key: String, at: SourceLocation)? = nil
    var i = 0
    while i < scalars.count {
      guard scalars[i] == "$", i + 1 < scalars.count, scalars[i + 1] == "{" else {
        let next = i + 1 < scalars.count ? scalars[i + 1] : nil
        let skip = quoting && shell.step(scalars[i], next: next)
        result.append(scalars[i])
        if skip, let next {
          result.append(next)
          i += 1
        }
        i += 1
        continue
      }
      // The column is exact when no escape sequence precedes the reference.
      let here = SourceLocation(file: location.file, line: location.line, column: location.column + 1 + i)
      guard let close = scalars[(i + 2)...].firstIndex(of: "}") else {
        throw here.error("stage '\(stage)': '${' without a closing '}' in \(field)")
      }
      var key = String(String.UnicodeScalarView(scalars[(i + 2)..<close]))
      var raw = false
      if let colon = key.lastIndex(of: ":") {
        let modifier = key[key.index(after: colon)...].trimmingSpaces()
        guard modifier == "raw" else {
          throw here.error(
            "stage '\(stage)': unknown modifier ':\(modifier)' in '${\(key)}'; the only one is ':raw' (no shell quoting)")
        }
        raw = true
        key = String(key[..<colon])
      }
      key = key.trimmingSpaces()
      guard let value = Params.value(key, in: params) else {
        let known = Params.leaves(params, prefix: "").map(\.0)
        throw here.error(
          "stage '\(stage)': unresolved '${\(key)}' in \(field): no such key in params.json\(Spelling.didYouMean(key, among: known))")
      }
      guard let textValue = Params.commandText(value) else {
        let what = quoting ? "a command" : "a path"
        var hint = ""
        if case .object(let members) = value, let first = members.first {
          hint = "; name one of its keys, e.g. '${\(key).\(first.key)}'"
        }
        throw here.error(
          "stage '\(stage)': '${\(key)}' is \(value.kindName), which cannot be put in \(what); only strings, numbers and booleans interpolate\(hint)")
      }
      var written = textValue
      if quoting && !raw {
        guard let quoted = shell.quote(textValue) else {
          let why = shell.escaped ? "follows a backslash" : "is inside backquotes"
          throw here.error(
            "stage '\(stage)': '${\(key)}' \(why), where it cannot be quoted as one word; \(shell.escaped ? "remove the backslash" : "use $(...) instead of backquotes")")
        }
        written = quoted
        if firstQuoted == nil { firstQuoted = (key, here) }
      }
      result.append(contentsOf: written.unicodeScalars)
      i = close + 1
    }
    if let firstQuoted, !shell.isBalanced {
      throw firstQuoted.at.error(
        "stage '\(stage)': cmd leaves a quote, '$(' or backslash open, so '${\(firstQuoted.key)}' cannot be quoted safely; close it")
    }
    return String(result)
  }

  /// The symlink through which `path` leaves the repository, if any.
  static func symlinkEscape(_ path: String, root: String, rootReal: String) -> String? {
    var prefix = ""
    for part in path.split(separator: "/") {
      prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
      guard let (_, isLink) = FileSystem.linkStatus(root + "/" + prefix) else { return nil }
      if isLink {
        guard let real = FileSystem.realPath(root + "/" + prefix) else { return nil }
        if real != rootReal && !real.hasPrefix(rootReal + "/") { return prefix }
      }
    }
    return nil
  }
}

extension String {
  /// Without leading and trailing spaces.
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.hasPrefix(" ") { s.removeFirst() }
    while s.hasSuffix(" ") { s.removeLast() }
    return String(s)
  }
}

extension Substring {
  func trimmingSpaces() -> String { String(self).trimmingSpaces() }
}

extension PipelineError {
  init(_ error: JSONError) {
    if error.line > 0 {
      self = .invalid(file: error.file, line: error.line, column: error.column, message: error.message)
    } else {
      self = .invalidPipeline("\(error.file): \(error.message)")
    }
  }
}
