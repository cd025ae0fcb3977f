import Basics
import Charts
import StrictJSON

/// Turns a plot declaration and its tables (one set per revision) into a chart,
/// checking every field against the data, at the declaration's place.
enum PlotBuilder {
  typealias Tables = [(label: String, tables: [String: PlotTable])]

  static func build(_ spec: PlotSpec, tables: Tables) throws(PipelineError) -> (Chart, JSON) {
    let what = "plot '\(spec.name)'"
    let diff = tables.count > 1
    // Field names alone when they are distinct, else prefixed by their file.
    let names = spec.y.map(\.field)
    let distinct = Set(names).count == names.count
    func fieldLabel(_ s: PlotSpec.Source) -> String { distinct ? s.field : s.file + ": " + s.field }
    func seriesName(_ revision: String, _ s: PlotSpec.Source) -> String {
      !diff ? fieldLabel(s) : spec.y.count == 1 ? revision : revision + ": " + fieldLabel(s)
    }
    func side(_ label: String) -> String { diff ? " (\(label))" : "" }

    func column(
      _ table: PlotTable, _ field: String, _ location: SourceLocation?, _ s: PlotSpec.Source,
      _ label: String
    )
      throws(PipelineError) -> [PlotTable.Cell]
    {
      guard let c = table.column(field) else {
        let place = location ?? s.fieldLocation
        throw place.error(
          "\(what)\(side(label)): no field '\(field)' in '\(s.file)'\(Spelling.didYouMean(field, among: table.fields)); fields: \(table.fields.joined(separator: ", "))"
        )
      }
      return c
    }
    func numbers(
      _ cells: [PlotTable.Cell], field: String, _ s: PlotSpec.Source, location: SourceLocation,
      _ label: String
    )
      throws(PipelineError) -> [Double]
    {
      var out: [Double] = []
      out.reserveCapacity(cells.count)
      for (row, cell) in cells.enumerated() {
        switch cell {
        case .number(let d): out.append(d)
        case .missing: out.append(.nan)
        case .text(let t):
          throw location.error(
            "\(what)\(side(label)): field '\(field)' of '\(s.file)' is not numeric (row \(row + 1) holds \"\(t)\")\(spec.template == .bar || field != s.field ? "" : "; plot numbers, or use it as 'x' of a bar chart")"
          )
        }
      }
      guard out.contains(where: { !$0.isNaN }) else {
        throw location.error(
          "\(what)\(side(label)): field '\(field)' of '\(s.file)' has no numbers")
      }
      return out
    }

    var series: [Series] = []
    var data: [JSON] = []
    var categories: [String] = []
    var categoryValues: [[(String, Double)]] = []  // per series: (category, value)
    for (r, revision) in tables.enumerated() {
      for (k, s) in spec.y.enumerated() {
        let table = revision.tables[s.file]!
        guard table.rowCount > 0 else {
          throw s.fileLocation.error(
            "\(what)\(side(revision.label)): '\(s.file)' has no rows to plot")
        }
        let y = try column(table, s.field, nil, s, revision.label)
        let name = seriesName(revision.label, s)
        // In a diff, one colour per revision; its fields differ by dash (lines) or by colour (bars).
        let colour: Int? = diff && (spec.y.count == 1 || spec.template == .line) ? r : nil
        let dash: Int? = diff && spec.template == .line ? k : nil
        var entry = [
          JSON.Member("revision", .string(revision.label)), JSON.Member("file", .string(s.file)),
          JSON.Member("field", .string(s.field)),
        ]
        switch spec.template {
        case .bar:
          let xCells = try column(table, spec.x!, spec.xLocation, s, revision.label)
          let values = try numbers(y, field: s.field, s, location: s.fieldLocation, revision.label)
          var pairs: [(String, Double)] = []
          for (cell, v) in zip(xCells, values) {
            let label: String
            switch cell {
            case .text(let t): label = t
            case .number(let d): label = NumberFormat.value(d)
            case .missing: continue
            }
            if !categories.contains(label) { categories.append(label) }
            pairs.append((label, v))
          }
          categoryValues.append(pairs)
          series.append(Series(name: name, x: [], y: [], colour: colour, dash: dash))
          entry.append(JSON.Member("x", .array(pairs.map { .string($0.0) })))
          entry.append(JSON.Member("y", .array(pairs.map { json($0.1) })))
        case .histogram where spec.x == nil:
          let values = try numbers(y, field: s.field, s, location: s.fieldLocation, revision.label)
          var h = Series.histogram(name: name, values: values, bins: spec.bins, log: spec.xLog)
          h.colour = colour
          series.append(h)
          entry.append(JSON.Member("values", .array(values.map(json))))
        default:
          var xs: [Double]
          if let field = spec.x {
            let cells = try column(table, field, spec.xLocation, s, revision.label)
            xs = try numbers(cells, field: field, s, location: spec.xLocation!, revision.label)
          } else {
            xs = (1...table.rowCount).map(Double.init)
          }
          let ys = try numbers(y, field: s.field, s, location: s.fieldLocation, revision.label)
          if spec.template == .histogram {
            var ends: [Double]
            if let endField = spec.xEnd {
              let cells = try column(table, endField, spec.xLocation, s, revision.label)
              ends = try numbers(
                cells, field: endField, s, location: spec.xLocation!, revision.label)
            } else {
              ends = Array(xs.dropFirst())
              let last =
                xs.count > 1 ? xs[xs.count - 1] + (xs[xs.count - 1] - xs[xs.count - 2]) : xs[0] + 1
              ends.append(last)
            }
            series.append(Series(name: name, x: xs, y: ys, xEnd: ends, colour: colour))
            entry.append(JSON.Member("x_end", .array(ends.map(json))))
          } else {
            series.append(Series(name: name, x: xs, y: ys, colour: colour, dash: dash))
          }
          entry.append(JSON.Member("x", .array(xs.map(json))))
          entry.append(JSON.Member("y", .array(ys.map(json))))
        }
        data.append(.object(entry))
      }
    }
    if spec.template == .bar {
      for (i, pairs) in categoryValues.enumerated() {
        series[i].y = categories.map { c in pairs.last { $0.0 == c }?.1 ?? .nan }
        series[i].x = categories.indices.map(Double.init)
      }
    }
    let single = spec.y.count == 1 ? spec.y[0].field : ""
    let xLabel = spec.xLabel ?? spec.x ?? (spec.template == .histogram ? single : "step")
    let yLabel = spec.yLabel ?? (spec.template == .histogram && spec.x == nil ? "count" : single)
    let chart = Chart(
      kind: spec.template, title: spec.title, x: Axis(xLabel, log: spec.xLog),
      y: Axis(yLabel, log: spec.yLog),
      series: series, categories: categories, horizontal: spec.horizontal, id: "plot-" + spec.name,
      note: nil)
    let used = JSON.object([
      JSON.Member("name", .string(spec.name)),
      JSON.Member("template", .string(spec.template.rawValue)),
      JSON.Member("title", .string(spec.title)), JSON.Member("series", .array(data)),
    ])
    return (chart, used)
  }

  static func json(_ d: Double) -> JSON { d.isFinite ? .number(d) : .null }
}
