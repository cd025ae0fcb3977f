#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

extension Chart {
  /// The chart as SVG text.
  ///
  /// - Parameter standalone: true for a whole `.svg` file (XML namespace and the
  ///   style sheet embedded); false for an element inside an HTML page that
  ///   includes `Chart.styleSheet` once.
  public func svg(standalone: Bool = true) -> String {
    var r = Renderer(chart: self)
    return r.render(standalone: standalone)
  }
}

/// A linear or log mapping from data values to pixels.
struct Scale {
  var lower: Double
  var upper: Double
  var log: Bool
  var start: Double
  var end: Double

  func callAsFunction(_ v: Double) -> Double {
    let t: Double
    if log {
      let a = log10(lower)
      let b = log10(upper)
      t = b > a ? (log10(v) - a) / (b - a) : 0.5
    } else {
      t = upper > lower ? (v - lower) / (upper - lower) : 0.5
    }
    return start + t * (end - start)
  }
}

struct Renderer {
  let chart: Chart
  var out = ""

  init(chart: Chart) { self.chart = chart }

  private func c(_ v: Double) -> String { NumberFormat.coordinate(v) }
  private func e(_ s: String) -> String { Markup.escape(s) }
  private var xName: String { chart.x.label.isEmpty ? "x" : chart.x.label }
  private var yName: String { chart.y.label.isEmpty ? "y" : chart.y.label }

  /// Whether `v` can be placed on an axis.
  private func usable(_ v: Double, log: Bool) -> Bool { v.isFinite && (!log || v > 0) }

  mutating func render(standalone: Bool) -> String {
    let width = Double(max(chart.width, 160))
    let height = Double(max(chart.height, 120))
    let id = e(chart.id)
    out.reserveCapacity(4096)
    out += "<svg"
    if standalone { out += " xmlns=\"http://www.w3.org/2000/svg\"" }
    out +=
      " class=\"ch\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\""
    out += " role=\"img\" aria-label=\"\(e(chart.title))\" aria-describedby=\"\(id)-d\">"
    out += "<title id=\"\(id)-t\">\(e(chart.title))</title>"
    out += "<desc id=\"\(id)-d\">\(e(summary()))</desc>"
    if standalone { out += "<style>\(Chart.styleSheet)</style>" }
    out += "<rect class=\"bg\" width=\"\(c(width))\" height=\"\(c(height))\"/>"
    out += "<text class=\"tt\" x=\"16\" y=\"24\">\(e(chart.title))</text>"

    // Legend: one row of swatches under the title, wrapping when full.
    var top = 40.0
    if chart.series.count > 1 {
      var x = 16.0
      var y = 44.0
      out += "<g class=\"lg\">"
      for (i, s) in chart.series.enumerated() {
        let label = shortened(s.name, 40)
        let w = 20 + textWidth(label) + 16
        if x + w > width - 16 && x > 16 {
          x = 16
          y += 18
        }
        out += "<g class=\"\(colour(i))\">"
        if chart.kind == .line {
          // A line's swatch is a stroke, so that its dash pattern shows.
          out += "<path class=\"ln\"\(dash(i)) d=\"M\(c(x)) \(c(y - 4))h16\"/>"
        } else {
          out += "<rect x=\"\(c(x))\" y=\"\(c(y - 9))\" width=\"14\" height=\"10\" rx=\"2\"/>"
        }
        out += "<text x=\"\(c(x + 20))\" y=\"\(c(y))\">\(e(label))</text></g>"
        x += w
      }
      out += "</g>"
      top = y + 16
    }

    switch chart.kind {
    case .line, .scatter: renderXY(width: width, height: height, top: top)
    case .histogram: renderHistogram(width: width, height: height, top: top)
    case .bar: renderBars(width: width, height: height, top: top)
    }
    out += "</svg>"
    if standalone { out += "\n" }
    return out
  }

  private func colour(_ i: Int) -> String {
    "c\((chart.series[i].colour ?? i) % Palette.light.count)"
  }
  private func dash(_ i: Int) -> String {
    let k = chart.series[i].dash ?? (i / Palette.light.count)
    let d = Palette.dashes[k % Palette.dashes.count]
    return d.isEmpty ? "" : " stroke-dasharray=\"\(d)\""
  }

  // MARK: axes

  private func ticks(_ lo: Double, _ hi: Double, log: Bool, pixels: Double) -> Ticks {
    log
      ? Ticks.log(min: lo, max: hi)
      : Ticks.linear(min: lo, max: hi, count: max(3, min(10, Int(pixels / 70))))
  }

  private func labelWidth(_ t: Ticks) -> Double { t.labels.map { textWidth($0) }.max() ?? 0 }

  /// Grid lines and labels of a vertical value axis at the left of the plot.
  private mutating func drawYAxis(_ t: Ticks, _ scale: Scale, left: Double, right: Double) {
    out += "<g class=\"yt\">"
    for (v, label) in zip(t.values, t.labels) {
      let y = scale(v)
      out +=
        "<line class=\"gr\" x1=\"\(c(left))\" x2=\"\(c(right))\" y1=\"\(c(y))\" y2=\"\(c(y))\"/>"
      out +=
        "<text class=\"mu\" x=\"\(c(left - 6))\" y=\"\(c(y + 4))\" text-anchor=\"end\">\(e(label))</text>"
    }
    out += "</g>"
  }

  /// Grid lines and labels of a horizontal value axis under the plot.
  private mutating func drawXAxis(
    _ t: Ticks, _ scale: Scale, top: Double, bottom: Double, grid: Bool
  ) {
    out += "<g class=\"xt\">"
    for (v, label) in zip(t.values, t.labels) {
      let x = scale(v)
      if grid {
        out +=
          "<line class=\"gr\" x1=\"\(c(x))\" x2=\"\(c(x))\" y1=\"\(c(top))\" y2=\"\(c(bottom))\"/>"
      }
      out +=
        "<line class=\"ax\" x1=\"\(c(x))\" x2=\"\(c(x))\" y1=\"\(c(bottom))\" y2=\"\(c(bottom + 4))\"/>"
      out +=
        "<text class=\"mu\" x=\"\(c(x))\" y=\"\(c(bottom + 17))\" text-anchor=\"middle\">\(e(label))</text>"
    }
    out += "</g>"
  }

  private mutating func drawFrame(left: Double, right: Double, top: Double, bottom: Double) {
    out += "<path class=\"ax\" d=\"M\(c(left)) \(c(top))V\(c(bottom))H\(c(right))\"/>"
  }

  private mutating func drawAxisLabels(
    x: String, y: String, left: Double, right: Double, top: Double, bottom: Double, xLabelY: Double
  ) {
    if !x.isEmpty {
      out +=
        "<text class=\"al\" x=\"\(c((left + right) / 2))\" y=\"\(c(xLabelY))\" text-anchor=\"middle\">\(e(x))</text>"
    }
    if !y.isEmpty {
      let cy = (top + bottom) / 2
      out +=
        "<text class=\"al\" transform=\"translate(16 \(c(cy))) rotate(-90)\" text-anchor=\"middle\">\(e(y))</text>"
    }
  }

  private mutating func noData(left: Double, right: Double, top: Double, bottom: Double) {
    out +=
      "<text class=\"mu\" x=\"\(c((left + right) / 2))\" y=\"\(c((top + bottom) / 2))\" text-anchor=\"middle\">no data</text>"
  }

  // MARK: line and scatter

  private mutating func renderXY(width: Double, height: Double, top: Double) {
    let xLog = chart.x.log
    let yLog = chart.y.log
    var xs: (Double, Double) = (.infinity, -.infinity)
    var ys: (Double, Double) = (.infinity, -.infinity)
    for s in chart.series {
      for (x, y) in zip(s.x, s.y) where usable(x, log: xLog) && usable(y, log: yLog) {
        xs = (min(xs.0, x), max(xs.1, x))
        ys = (min(ys.0, y), max(ys.1, y))
      }
    }
    let empty = xs.0 > xs.1
    if empty { (xs, ys) = ((0, 1), (0, 1)) }
    let bottom = height - (chart.x.label.isEmpty ? 30 : 46)
    let yTicks = ticks(ys.0, ys.1, log: yLog, pixels: bottom - top)
    let left = 14 + labelWidth(yTicks) + (chart.y.label.isEmpty ? 0 : 22)
    let right = width - 24
    let xTicks = ticks(xs.0, xs.1, log: xLog, pixels: right - left)
    let sx = Scale(lower: xTicks.lower, upper: xTicks.upper, log: xLog, start: left, end: right)
    let sy = Scale(lower: yTicks.lower, upper: yTicks.upper, log: yLog, start: bottom, end: top)
    drawYAxis(yTicks, sy, left: left, right: right)
    drawXAxis(xTicks, sx, top: top, bottom: bottom, grid: chart.kind == .line ? false : true)
    drawFrame(left: left, right: right, top: top, bottom: bottom)
    drawAxisLabels(
      x: chart.x.label, y: chart.y.label, left: left, right: right, top: top, bottom: bottom,
      xLabelY: height - 10)
    if empty {
      noData(left: left, right: right, top: top, bottom: bottom)
      return
    }
    for (i, s) in chart.series.enumerated() {
      out += "<g class=\"\(colour(i))\"><title>\(e(s.name))</title>"
      var pts: [(Double, Double, Int)] = []  // pixel x, pixel y, source index; NaN y = gap
      pts.reserveCapacity(s.x.count)
      for k in 0..<min(s.x.count, s.y.count) {
        let (x, y) = (s.x[k], s.y[k])
        if usable(x, log: xLog) && usable(y, log: yLog) {
          pts.append((sx(x), sy(y), k))
        } else {
          pts.append((.nan, .nan, k))
        }
      }
      let count = pts.filter { !$0.0.isNaN }.count
      if chart.kind == .line {
        let drawn = reduced(pts, columns: right - left)
        var d = ""
        d.reserveCapacity(drawn.count * 14)
        var pen = false
        for p in drawn {
          if p.0.isNaN {
            pen = false
            continue
          }
          d += (pen ? "L" : "M") + c(p.0) + " " + c(p.1)
          pen = true
        }
        if !d.isEmpty { out += "<path class=\"ln\"\(dash(i)) d=\"\(d)\"/>" }
      }
      let visible = chart.kind == .scatter || count <= 60
      if count <= Chart.hoverLimit || chart.kind == .scatter {
        var seen = Set<Int64>()
        for p in pts where !p.0.isNaN {
          let hover = count <= Chart.hoverLimit
          if !hover {
            // Many points without tooltips: one mark per half pixel is the same picture.
            let key = Int64((p.0 * 2).rounded()) << 32 | Int64((p.1 * 2).rounded())
            if !seen.insert(key).inserted { continue }
          }
          out +=
            "<circle class=\"\(visible ? "pt" : "hit")\" cx=\"\(c(p.0))\" cy=\"\(c(p.1))\" r=\"\(visible ? "3" : "4")\""
          if hover {
            out +=
              "><title>\(e(s.name)): \(e(xName)) \(NumberFormat.value(s.x[p.2])), \(e(yName)) \(NumberFormat.value(s.y[p.2]))</title></circle>"
          } else {
            out += "/>"
          }
        }
      }
      out += "</g>"
    }
  }

  /// Per pixel column, the first, lowest, highest and last point (M4): the same
  /// line with at most four points a column. Only for x in ascending order.
  private func reduced(_ pts: [(Double, Double, Int)], columns: Double) -> [(Double, Double, Int)] {
    guard Double(pts.count) > 4 * columns else { return pts }
    var previous = -Double.infinity
    for p in pts where !p.0.isNaN {
      if p.0 < previous { return pts }
      previous = p.0
    }
    var result: [(Double, Double, Int)] = []
    var k = 0
    while k < pts.count {
      if pts[k].0.isNaN {
        result.append(pts[k])
        k += 1
        continue
      }
      let column = pts[k].0.rounded(.down)
      var j = k
      var lo = k
      var hi = k
      while j < pts.count, !pts[j].0.isNaN, pts[j].0.rounded(.down) == column {
        if pts[j].1 < pts[lo].1 { lo = j }
        if pts[j].1 > pts[hi].1 { hi = j }
        j += 1
      }
      for idx in [k, min(lo, hi), max(lo, hi), j - 1]
      where result.last?.2 != idx || result.last?.0.isNaN == true {
        result.append(pts[idx])
      }
      k = j
    }
    return result
  }

  // MARK: histogram

  private mutating func renderHistogram(width: Double, height: Double, top: Double) {
    let xLog = chart.x.log
    let yLog = chart.y.log
    var xs: (Double, Double) = (.infinity, -.infinity)
    var top_ = yLog ? -Double.infinity : 0
    var low = Double.infinity
    for s in chart.series {
      for k in 0..<min(s.x.count, s.y.count, s.xEnd.count)
      where usable(s.x[k], log: xLog) && usable(s.xEnd[k], log: xLog) && usable(s.y[k], log: yLog) {
        xs = (min(xs.0, s.x[k]), max(xs.1, s.xEnd[k]))
        top_ = max(top_, s.y[k])
        low = min(low, s.y[k])
      }
    }
    let empty = xs.0 > xs.1
    if empty { xs = (0, 1) }
    let yLow = yLog ? (low.isFinite ? low : 1) : 0
    let yHigh = top_.isFinite && top_ > 0 ? top_ : 1
    let bottom = height - (chart.x.label.isEmpty ? 30 : 46)
    let yTicks = ticks(yLow, yHigh, log: yLog, pixels: bottom - top)
    let left = 14 + labelWidth(yTicks) + (chart.y.label.isEmpty ? 0 : 22)
    let right = width - 24
    let xTicks = ticks(xs.0, xs.1, log: xLog, pixels: right - left)
    let sx = Scale(lower: xTicks.lower, upper: xTicks.upper, log: xLog, start: left, end: right)
    let sy = Scale(lower: yTicks.lower, upper: yTicks.upper, log: yLog, start: bottom, end: top)
    drawYAxis(yTicks, sy, left: left, right: right)
    drawXAxis(xTicks, sx, top: top, bottom: bottom, grid: false)
    let label = chart.y.label.isEmpty ? "count" : chart.y.label
    if empty {
      drawFrame(left: left, right: right, top: top, bottom: bottom)
      drawAxisLabels(
        x: chart.x.label, y: label, left: left, right: right, top: top, bottom: bottom,
        xLabelY: height - 10)
      noData(left: left, right: right, top: top, bottom: bottom)
      return
    }
    let overlaid = chart.series.count > 1
    for (i, s) in chart.series.enumerated() {
      out += "<g class=\"\(colour(i))\"><title>\(e(s.name))</title>"
      for k in 0..<min(s.x.count, s.y.count, s.xEnd.count)
      where usable(s.x[k], log: xLog) && usable(s.xEnd[k], log: xLog) && usable(s.y[k], log: yLog) {
        let x0 = sx(s.x[k])
        let x1 = sx(s.xEnd[k])
        let y = sy(s.y[k])
        let gap = x1 - x0 > 3 ? 0.5 : 0
        out +=
          "<rect class=\"\(overlaid ? "hb" : "br")\" x=\"\(c(x0 + gap))\" y=\"\(c(y))\" width=\"\(c(max(0.5, x1 - x0 - 2 * gap)))\" height=\"\(c(max(0, bottom - y)))\">"
        out +=
          "<title>\(e(s.name)): \(e(xName)) \(NumberFormat.value(s.x[k]))\u{2013}\(NumberFormat.value(s.xEnd[k])), \(e(label)) \(NumberFormat.value(s.y[k]))</title></rect>"
      }
      out += "</g>"
    }
    drawFrame(left: left, right: right, top: top, bottom: bottom)
    drawAxisLabels(
      x: chart.x.label, y: label, left: left, right: right, top: top, bottom: bottom,
      xLabelY: height - 10)
  }

  // MARK: bars

  private mutating func renderBars(width: Double, height: Double, top: Double) {
    let vLog = chart.y.log
    let categories =
      chart.categories.isEmpty
      ? (0..<(chart.series.map(\.y.count).max() ?? 0)).map { String($0 + 1) } : chart.categories
    var lo = vLog ? Double.infinity : 0
    var hi = vLog ? -Double.infinity : 0
    for s in chart.series {
      for v in s.y.prefix(categories.count) where usable(v, log: vLog) {
        lo = min(lo, v)
        hi = max(hi, v)
      }
    }
    let empty = lo > hi || categories.isEmpty
    if empty { (lo, hi) = vLog ? (1, 10) : (0, 1) }
    if !vLog && lo == 0 && hi == 0 { hi = 1 }
    let labels = categories.map { shortened($0, 28) }
    let n = Double(max(1, categories.count))
    let groups = Double(max(1, chart.series.count))
    let right = width - 24

    if chart.horizontal {
      let bottom = height - (chart.y.label.isEmpty ? 30 : 46)
      let left =
        14 + min(180, labels.map { textWidth($0) }.max() ?? 0) + (chart.x.label.isEmpty ? 0 : 22)
      let vt = ticks(lo, hi, log: vLog, pixels: right - left)
      let sv = Scale(lower: vt.lower, upper: vt.upper, log: vLog, start: left, end: right)
      drawXAxis(vt, sv, top: top, bottom: bottom, grid: true)
      let band = (bottom - top) / n
      out += "<g class=\"ct\">"
      for (k, label) in labels.enumerated() {
        let y = top + band * (Double(k) + 0.5)
        out +=
          "<text class=\"mu\" x=\"\(c(left - 6))\" y=\"\(c(y + 4))\" text-anchor=\"end\">\(e(label))</text>"
      }
      out += "</g>"
      let base = vLog ? sv(vt.lower) : sv(0)
      if !empty {
        for (i, s) in chart.series.enumerated() {
          out += "<g class=\"\(colour(i))\"><title>\(e(s.name))</title>"
          for (k, v) in s.y.prefix(categories.count).enumerated() where usable(v, log: vLog) {
            let thick = band * 0.8 / groups
            let y = top + band * (Double(k) + 0.1) + thick * Double(i)
            let x = sv(v)
            out +=
              "<rect class=\"br\" x=\"\(c(min(x, base)))\" y=\"\(c(y))\" width=\"\(c(max(0.5, abs(x - base))))\" height=\"\(c(max(0.5, thick - 1)))\">"
            out +=
              "<title>\(e(categories[k])) \u{b7} \(e(s.name)): \(NumberFormat.value(v))</title></rect>"
          }
          out += "</g>"
        }
      }
      out +=
        "<path class=\"ax\" d=\"M\(c(base)) \(c(top))V\(c(bottom))M\(c(left)) \(c(bottom))H\(c(right))\"/>"
      // On a horizontal chart the value label goes under the axis, the category label at the left.
      drawAxisLabels(
        x: chart.y.label, y: chart.x.label, left: left, right: right, top: top, bottom: bottom,
        xLabelY: height - 10)
      if empty { noData(left: left, right: right, top: top, bottom: bottom) }
      return
    }

    var bottom = height - (chart.x.label.isEmpty ? 30 : 46)
    let vt0 = ticks(lo, hi, log: vLog, pixels: bottom - top)
    let left = 14 + labelWidth(vt0) + (chart.y.label.isEmpty ? 0 : 22)
    let band = (right - left) / n
    let widest = labels.map { textWidth($0) }.max() ?? 0
    let rotate = widest > band - 4
    if rotate { bottom -= min(110, widest * 0.6) }
    let vt = ticks(lo, hi, log: vLog, pixels: bottom - top)
    let sv = Scale(lower: vt.lower, upper: vt.upper, log: vLog, start: bottom, end: top)
    drawYAxis(vt, sv, left: left, right: right)
    out += "<g class=\"ct\">"
    for (k, label) in labels.enumerated() {
      let x = left + band * (Double(k) + 0.5)
      if rotate {
        out +=
          "<text class=\"mu\" text-anchor=\"end\" transform=\"translate(\(c(x + 4)) \(c(bottom + 12))) rotate(-40)\">\(e(label))</text>"
      } else {
        out +=
          "<text class=\"mu\" x=\"\(c(x))\" y=\"\(c(bottom + 17))\" text-anchor=\"middle\">\(e(label))</text>"
      }
    }
    out += "</g>"
    let base = vLog ? sv(vt.lower) : sv(0)
    if !empty {
      for (i, s) in chart.series.enumerated() {
        out += "<g class=\"\(colour(i))\"><title>\(e(s.name))</title>"
        for (k, v) in s.y.prefix(categories.count).enumerated() where usable(v, log: vLog) {
          let thick = band * 0.8 / groups
          let x = left + band * (Double(k) + 0.1) + thick * Double(i)
          let y = sv(v)
          out +=
            "<rect class=\"br\" x=\"\(c(x))\" y=\"\(c(min(y, base)))\" width=\"\(c(max(0.5, thick - 1)))\" height=\"\(c(max(0.5, abs(base - y))))\">"
          out +=
            "<title>\(e(categories[k])) \u{b7} \(e(s.name)): \(NumberFormat.value(v))</title></rect>"
        }
        out += "</g>"
      }
    }
    out +=
      "<path class=\"ax\" d=\"M\(c(left)) \(c(top))V\(c(bottom))M\(c(left)) \(c(base))H\(c(right))\"/>"
    drawAxisLabels(
      x: chart.x.label, y: chart.y.label, left: left, right: right, top: top, bottom: bottom,
      xLabelY: height - 10)
    if empty { noData(left: left, right: right, top: top, bottom: bottom) }
  }

  // MARK: description

  /// What a screen reader says after the title: the kind, the axes and each series in brief.
  func summary() -> String {
    var parts: [String] = []
    if let note = chart.note, !note.isEmpty { parts.append(note) }
    let xl = xName
    let yl = yName
    func scale(_ a: Axis) -> String { a.log ? " (log scale)" : "" }
    switch chart.kind {
    case .line, .scatter:
      parts.append(
        "\(chart.kind == .line ? "Line" : "Scatter") chart of \(yl)\(scale(chart.y)) against \(xl)\(scale(chart.x)), \(chart.series.count) series."
      )
      for s in chart.series {
        let pairs = zip(s.x, s.y).filter {
          usable($0.0, log: chart.x.log) && usable($0.1, log: chart.y.log)
        }
        let left = min(s.x.count, s.y.count) - pairs.count
        guard let first = pairs.first, let last = pairs.last else {
          parts.append("\(s.name): no points.")
          continue
        }
        let ys = pairs.map(\.1)
        var text =
          "\(s.name): \(pairs.count) points, \(xl) \(NumberFormat.value(first.0)) to \(NumberFormat.value(last.0)), \(yl) from \(NumberFormat.value(first.1)) to \(NumberFormat.value(last.1)) (min \(NumberFormat.value(ys.min()!)), max \(NumberFormat.value(ys.max()!)))"
        if left > 0 {
          text +=
            ", \(left) not shown (missing\(chart.x.log || chart.y.log ? " or not positive" : ""))"
        }
        parts.append(text + ".")
      }
    case .histogram:
      let yl = chart.y.label.isEmpty ? "count" : chart.y.label
      parts.append(
        "Histogram of \(xl)\(scale(chart.x)), \(yl)\(scale(chart.y)), \(chart.series.count) series."
      )
      for s in chart.series {
        let n = min(s.x.count, s.y.count, s.xEnd.count)
        guard n > 0 else {
          parts.append("\(s.name): no bins.")
          continue
        }
        var total = 0.0
        for v in s.y.prefix(n) where v.isFinite { total += v }
        var peak = 0
        for k in 0..<n where s.y[k] > s.y[peak] { peak = k }
        parts.append(
          "\(s.name): \(n) bins from \(NumberFormat.value(s.x[0])) to \(NumberFormat.value(s.xEnd[n - 1])), total \(NumberFormat.value(total)), highest bin \(NumberFormat.value(s.x[peak]))\u{2013}\(NumberFormat.value(s.xEnd[peak])) with \(NumberFormat.value(s.y[peak]))."
        )
      }
    case .bar:
      parts.append(
        "Bar chart of \(yl)\(scale(chart.y)) by \(xl), \(chart.categories.count) categories, \(chart.series.count) series."
      )
      for s in chart.series {
        let shown = min(s.y.count, chart.categories.count, 40)
        var items: [String] = []
        for k in 0..<shown { items.append("\(chart.categories[k]) \(NumberFormat.value(s.y[k]))") }
        var text = "\(s.name): " + items.joined(separator: ", ")
        if min(s.y.count, chart.categories.count) > shown {
          text += ", and \(min(s.y.count, chart.categories.count) - shown) more"
        }
        parts.append(text + ".")
      }
    }
    return parts.joined(separator: " ")
  }
}
