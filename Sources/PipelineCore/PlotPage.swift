import Charts
import StrictJSON

/// The one self-contained page of `plots show` and `plots diff`: inline SVG and CSS,
/// no script, no network (a Content-Security-Policy says so to the browser too).
public enum PlotPage {
  static let css =
    ":root{color-scheme:light dark}body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f6f8fa;color:#1f2328}"
    + "main{max-width:1340px;margin:0 auto;padding:20px}h1{font-size:22px;margin:4px 0 4px}h2{font-size:16px;margin:0 0 6px}"
    + "p.sub{margin:0 0 16px;color:#59636e}nav{margin:0 0 16px}nav a{margin-right:12px;color:#0969da;text-decoration:none}"
    + ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,560px),1fr));gap:16px}"
    + "figure{margin:0;background:#fff;border:1px solid #d1d9e0;border-radius:8px;padding:8px;overflow:hidden}"
    + "figure svg{display:block;width:100%;max-width:720px;height:auto;margin:0 auto}figcaption{font-size:12px;color:#59636e;padding:4px 8px 0}"
    + "section{margin:0 0 24px}.tbl{overflow-x:auto;background:#fff;border:1px solid #d1d9e0;border-radius:8px}"
    + "table{border-collapse:collapse;font-size:12px;white-space:nowrap}th,td{padding:4px 10px;border-bottom:1px solid #e4e7eb;text-align:left}"
    + "th{position:sticky;top:0;background:#fff;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums;min-width:80px}"
    + ".bar{display:block;height:4px;margin-top:2px;background:#0072b2;border-radius:2px}"
    + "@media (prefers-color-scheme:dark){body{background:#010409;color:#e6edf3}p.sub,figcaption{color:#9198a1}nav a{color:#4493f8}"
    + "figure,.tbl,th{background:#0d1117;border-color:#30363d}th,td{border-color:#262c34}.bar{background:#4da3e0}}"

  /// The page: a title, links to each plot, the charts, and the experiments table
  /// when there are experiments.
  public static func render(
    title: String, subtitle: String, plots: [RenderedPlot], experiments: [RunRecord]
  ) -> String {
    func e(_ s: String) -> String { Markup.escape(s) }
    var out = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
    out +=
      "<title>\(e(title))</title>\n<style>\(css)\(Chart.styleSheet)</style>\n</head>\n<body>\n<main>\n"
    out += "<h1>\(e(title))</h1>\n<p class=\"sub\">\(e(subtitle))</p>\n<nav>"
    for p in plots { out += "<a href=\"#\(e(p.chart.id))\">\(e(p.spec.title))</a>" }
    if !experiments.isEmpty { out += "<a href=\"#experiments\">Experiments</a>" }
    out += "</nav>\n<div class=\"grid\">\n"
    for p in plots {
      out += "<figure id=\"\(e(p.chart.id))\">\(p.chart.svg(standalone: false))"
      let stage = p.spec.stage.map { "stage \($0) \u{b7} " } ?? ""
      out +=
        "<figcaption>\(e(stage + p.spec.name + " \u{b7} " + p.spec.files.joined(separator: ", ")))</figcaption></figure>\n"
    }
    out += "</div>\n"
    if !experiments.isEmpty { out += experimentsTable(experiments) }
    out += "</main>\n</body>\n</html>\n"
    return out
  }

  /// `exp show` as a table with each metric drawn as a bar under its number, scaled
  /// to the largest value of its column, so a sweep reads at a glance.
  static func experimentsTable(_ experiments: [RunRecord]) -> String {
    func e(_ s: String) -> String { Markup.escape(s) }
    var paramKeys: [String] = []
    var metricKeys: [String] = []
    for x in experiments {
      for m in x.setParams where !paramKeys.contains(m.key) { paramKeys.append(m.key) }
      for m in x.metrics where !metricKeys.contains(m.key) && m.value.doubleValue != nil {
        metricKeys.append(m.key)
      }
    }
    // Metrics that differ between experiments first: they are what a sweep is about.
    func varies(_ k: String) -> Bool {
      let values = experiments.map { x in x.metrics.first { $0.key == k }?.value.doubleValue }
      return values.contains { $0 != values.first! }
    }
    metricKeys = metricKeys.filter(varies) + metricKeys.filter { !varies($0) }
    var out =
      "<section id=\"experiments\"><h2>Experiments</h2><div class=\"tbl\"><table>\n<thead><tr><th>experiment</th><th>run</th>"
    for k in paramKeys + metricKeys { out += "<th>\(e(k))</th>" }
    out += "</tr></thead>\n<tbody>\n"
    var largest: [Double] = []
    for k in metricKeys {
      largest.append(
        experiments.compactMap { $0.metrics.first { $0.key == k }?.value.doubleValue.map(abs) }
          .max() ?? 0)
    }
    for x in experiments {
      out += "<tr><th>\(e(x.experiment ?? x.id))</th><td>\(e(x.id))</td>"
      for k in paramKeys {
        let v = x.setParams.first { $0.key == k }?.value
        out += "<td>\(e(v.map { $0.stringValue ?? $0.compactText() } ?? "-"))</td>"
      }
      for (i, k) in metricKeys.enumerated() {
        guard let v = x.metrics.first(where: { $0.key == k })?.value.doubleValue else {
          out += "<td class=\"n\">-</td>"
          continue
        }
        let share = largest[i] > 0 ? abs(v) / largest[i] * 100 : 0
        out +=
          "<td class=\"n\" title=\"\(e(k)) = \(NumberFormat.value(v))\">\(NumberFormat.value(v))"
        out +=
          "<span class=\"bar\" style=\"width:\(NumberFormat.fixed(share, decimals: 1))%\"></span></td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody></table></div></section>\n"
    return out
  }
}

extension Repository {
  /// Writes one `.svg` per plot, then `index.html`, each atomically, into `directory`
  /// (absolute, or relative to the repository root). Rejects a folder that is, or is
  /// inside, the tool's own state (but `.pipeline/plots`) or a stage's output.
  /// - Returns: the page's path.
  public func writePlots(_ plots: [RenderedPlot], page: String, to directory: String)
    throws(PipelineError) -> String
  {
    let full: String
    if directory.hasPrefix("/") {
      full = directory
    } else {
      guard let relative = Paths.normalize(directory) else {
        throw .usage(
          "output folder '\(directory)' leaves the repository; give a folder inside it or an absolute path"
        )
      }
      full = root + "/" + relative
    }
    if full == root || full.hasPrefix(root + "/") {
      let relative = full == root ? "" : String(full.dropFirst(root.count + 1))
      let first = String(relative.split(separator: "/").first ?? "")
      let ownState =
        (first == ".pipeline" && relative != Self.defaultPlotsDirectory) || first == ".git"
      if relative.isEmpty || ownState || Pipeline.ownFiles.contains(relative) {
        throw .usage(
          "'\(directory)' is the repository or the tool's own state; write plots to a folder of their own"
        )
      }
      if let stage = try loadPipeline().stages.first(where: { s in
        s.outs.contains { Paths.overlap($0, relative) }
      }) {
        throw .usage(
          "'\(directory)' overlaps an output of stage '\(stage.name)'; write plots to a folder of their own"
        )
      }
    }
    try FileSystem.makeDirectories(full)
    for p in plots {
      try FileSystem.writeAtomically(p.chart.svg(), to: full + "/" + p.spec.name + ".svg")
    }
    let index = full + "/index.html"
    try FileSystem.writeAtomically(page, to: index)
    return index
  }

  /// Where `plots show` writes by default: inside the tool's git-ignored state.
  public static let defaultPlotsDirectory = ".pipeline/plots"

  /// Opens `path` in the desktop's browser; false when no opener is installed.
  public func open(_ path: String) -> Bool {
    let quoted =
      "'" + path.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''")
      + "'"
    #if os(macOS)
      let command = "open " + quoted
    #else
      let command = "xdg-open " + quoted + " >/dev/null 2>&1"
    #endif
    let termination = StageProcess.run(
      command: command, directory: root, environment: Self.stageEnvironment(), onStart: { _ in },
      onLine: { _, _ in })
    return termination == .exited(0)
  }
}
