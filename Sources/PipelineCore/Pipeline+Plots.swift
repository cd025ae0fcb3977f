import Basics
import Charts
import StrictJSON

extension Pipeline {
  static let plotFields = [
    "template", "title", "data", "key", "x", "x_end", "y", "x_label", "y_label", "x_log", "y_log",
    "horizontal",
    "bins",
  ]
  /// Files a plot may never read: the tool's own (its state folders are refused by `Paths.check`).
  static let ownFiles = ["pipeline.json", "params.json", "pipeline.lock"]

  /// Reads the top-level `plots` and every stage's `plots`, in file order (top
  /// level first). Shape, names, templates and paths are checked here; the data
  /// itself when a plot is drawn.
  static func loadPlots(
    document: JSONNode, stages: [Stage], params: JSON, root: String, rootReal: String, file: String
  ) throws(PipelineError) -> [PlotSpec] {
    func at(_ location: JSONLocation) -> SourceLocation {
      SourceLocation(file: file, line: location.line, column: location.column)
    }
    var groups: [(stage: Stage?, node: JSONNode)] = []
    if let top = document["plots"] { groups.append((nil, top)) }
    for field in document["stages"]?.fields ?? [] {
      guard let plots = field.value["plots"],
        let stage = stages.first(where: { $0.name == field.key })
      else { continue }
      groups.append((stage, plots))
    }
    var result: [PlotSpec] = []
    for (stage, node) in groups {
      let owner = stage.map { "stage '\($0.name)': " } ?? ""
      guard let fields = node.fields else {
        throw at(node.location).error(
          "\(owner)'plots' must be an object of named plots, found \(node.kindName)")
      }
      for field in fields {
        let name = field.key
        let nameOK =
          !name.isEmpty
          && name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
              || c == 0x5F
              || c == 0x2D || c == 0x2E
          } && !name.hasPrefix(".")
        guard nameOK else {
          throw at(field.keyLocation).error(
            "plot name '\(name)' may only use letters, digits, '.', '_' and '-'")
        }
        if let other = result.first(where: { $0.name == name }) {
          throw at(field.keyLocation).error(
            "plot '\(name)' is declared twice (also at line \(other.location.line)); give each plot its own name"
          )
        }
        var spec = try loadPlot(
          name: name, node: field.value, keyLocation: at(field.keyLocation), params: params,
          root: root,
          rootReal: rootReal, at: at)
        if let stage {
          spec.stage = stage.name
          for source in spec.y
          where !stage.outs.contains(where: { $0 == source.file || Paths.isInside(source.file, $0) }
          ) {
            throw source.fileLocation.error(
              "plot '\(name)' of stage '\(stage.name)' reads '\(source.file)', which is not an out of '\(stage.name)'; list it in outs, or declare the plot in the top-level 'plots'"
            )
          }
        }
        result.append(spec)
      }
    }
    return result
  }

  private static func loadPlot(
    name: String, node: JSONNode, keyLocation: SourceLocation, params: JSON, root: String,
    rootReal: String,
    at: (JSONLocation) -> SourceLocation
  ) throws(PipelineError) -> PlotSpec {
    let what = "plot '\(name)'"
    guard let fields = node.fields else {
      throw at(node.location).error("\(what) must be an object, found \(node.kindName)")
    }
    for field in fields where !plotFields.contains(field.key) {
      throw at(field.keyLocation).error(
        "\(what): unknown field '\(field.key)'\(Spelling.didYouMean(field.key, among: plotFields))")
    }
    func string(_ key: String) throws(PipelineError) -> (String, SourceLocation)? {
      guard let value = node[key] else { return nil }
      guard let s = value.stringValue else {
        throw at(value.location).error(
          "\(what): '\(key)' must be a string, found \(value.kindName)")
      }
      guard !s.isEmpty else { throw at(value.location).error("\(what): '\(key)' is empty") }
      return (s, at(value.location))
    }
    func bool(_ key: String) throws(PipelineError) -> Bool {
      guard let value = node[key] else { return false }
      guard case .bool(let b) = value.value else {
        throw at(value.location).error(
          "\(what): '\(key)' must be true or false, found \(value.kindName)")
      }
      return b
    }
    func path(_ raw: String, _ location: SourceLocation) throws(PipelineError) -> String {
      var text = raw
      do {
        text = try interpolate(raw, params: params, stage: name, field: "data", location: location, quoting: false)
      } catch .invalid(let file, let line, let column, let message) {
        // The shared interpolation speaks of stages; this is a plot.
        let stagePrefix = "stage '\(name)': "
        let rest = message.hasPrefix(stagePrefix) ? String(message.dropFirst(stagePrefix.count)) : message
        throw .invalid(file: file, line: line, column: column, message: "\(what): \(rest)")
      }
      let shown = raw == text ? "'\(raw)'" : "'\(text)' (from '\(raw)')"
      if let normalized = Paths.normalize(text), ownFiles.contains(normalized) {
        throw location.error("\(what): data path \(shown) is one of the tool's own files; plot a stage's output instead")
      }
      switch Paths.check(text, role: .plot, root: root, rootReal: rootReal) {
      case .success(let normalized): return normalized
      case .failure(let refusal):
        throw location.error("\(what): data path \(shown) \(refusal.reason); paths are relative to the repository root")
      }
    }

    var template = Chart.Kind.line
    if let (t, location) = try string("template") {
      guard let kind = Chart.Kind(rawValue: t) else {
        let all = Chart.Kind.allCases.map(\.rawValue)
        throw location.error(
          "\(what): unknown template '\(t)'\(Spelling.didYouMean(t, among: all)); templates: \(all.joined(separator: ", "))"
        )
      }
      template = kind
    }
    let data = try string("data").map { (s, l) throws(PipelineError) in (try path(s, l), l) }

    // y: "field", ["a", "b"], or {"file": "field" | ["a", "b"]}.
    guard let yNode = node["y"] else { throw keyLocation.error("\(what): missing field 'y'") }
    func fieldNames(_ value: JSONNode) throws(PipelineError) -> [(String, SourceLocation)] {
      if let s = value.stringValue {
        guard !s.isEmpty else {
          throw at(value.location).error("\(what): an empty field name in 'y'")
        }
        return [(s, at(value.location))]
      }
      guard let items = value.items, !items.isEmpty else {
        throw at(value.location).error(
          "\(what): 'y' must be a field name, a list of them, or an object of data file -> fields; found \(value.items == nil ? value.kindName : "an empty list")"
        )
      }
      var names: [(String, SourceLocation)] = []
      for item in items {
        guard let s = item.stringValue, !s.isEmpty else {
          throw at(item.location).error(
            "\(what): 'y' must hold field names, found \(item.kindName)")
        }
        if names.contains(where: { $0.0 == s }) {
          throw at(item.location).error("\(what): field '\(s)' is listed twice")
        }
        names.append((s, at(item.location)))
      }
      return names
    }
    var sources: [PlotSpec.Source] = []
    if let files = yNode.fields {
      guard !files.isEmpty else {
        throw at(yNode.location).error("\(what): 'y' is an empty object")
      }
      if let data {
        throw data.1.error(
          "\(what): give the data files either in 'data' or as the keys of 'y', not both")
      }
      for f in files {
        let file = try path(f.key, at(f.keyLocation))
        for (field, location) in try fieldNames(f.value) {
          sources.append(
            .init(
              file: file, field: field, fileLocation: at(f.keyLocation), fieldLocation: location))
        }
      }
    } else {
      guard let data else {
        throw keyLocation.error("\(what): missing field 'data' (the file the fields are read from)")
      }
      for (field, location) in try fieldNames(yNode) {
        sources.append(
          .init(file: data.0, field: field, fileLocation: data.1, fieldLocation: location))
      }
    }

    var bins: Int?
    if let b = node["bins"] {
      guard case .number(let n) = b.value, n.rounded() == n, n >= 1, n <= 200 else {
        throw at(b.location).error("\(what): 'bins' must be a whole number from 1 to 200")
      }
      guard template == .histogram else {
        throw at(b.location).error("\(what): 'bins' applies to the histogram template only")
      }
      bins = Int(n)
    }
    let horizontal = try bool("horizontal")
    if horizontal && template != .bar {
      throw at(node["horizontal"]!.location).error(
        "\(what): 'horizontal' applies to the bar template only")
    }
    let x = try string("x")
    let xEnd = try string("x_end")
    if let xEnd, template != .histogram || x == nil {
      throw xEnd.1.error("\(what): 'x_end' applies to a histogram with 'x' (bins counted already)")
    }
    if template == .bar && x == nil {
      throw keyLocation.error("\(what): a bar chart needs 'x', the field naming each bar")
    }
    let key = try string("key")
    return PlotSpec(
      name: name, stage: nil, template: template, title: try string("title")?.0 ?? name, x: x?.0,
      xLocation: x?.1, xEnd: xEnd?.0, y: sources, key: key?.0, xLabel: try string("x_label")?.0,
      yLabel: try string("y_label")?.0, xLog: try bool("x_log"), yLog: try bool("y_log"),
      horizontal: horizontal,
      bins: bins, location: keyLocation)
  }
}
