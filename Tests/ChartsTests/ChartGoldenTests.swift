import Charts
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Small fixed charts of every kind against SVG files kept next to the tests.
/// `UPDATE_GOLDEN=1 swift test --filter ChartsTests` rewrites them (review the diff).
@Suite struct ChartGoldenTests {
  static let fixtures =
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures"

  static let charts: [(String, Chart)] = [
    (
      "line",
      Chart(
        kind: .line, title: "Training curve", x: Axis("epoch"), y: Axis("RMSE"),
        series: [
          Series(name: "train_rmse", x: [1, 2, 3, 4, 5], y: [0.95, 0.9, 0.86, 0.84, 0.83]),
          Series(name: "test_rmse", x: [1, 2, 3, 4, 5], y: [0.97, 0.93, .nan, 0.9, 0.905]),
        ], width: 480, height: 300, id: "line")
    ),
    (
      "scatter",
      Chart(
        kind: .scatter, title: "NDCG against alpha", x: Axis("alpha"), y: Axis("ndcg"),
        series: [
          Series(
            name: "hybrid", x: [0, 0.25, 0.5, 0.75, 1], y: [0.012, 0.031, 0.038, 0.037, 0.035])
        ],
        width: 480, height: 300, id: "scatter")
    ),
    (
      "bar",
      Chart(
        kind: .bar, title: "Models at 10", x: Axis("model"), y: Axis("score"),
        series: [
          .bars(name: "ndcg", values: [0.153, 0.037, 0.006]),
          .bars(name: "precision", values: [0.134, 0.035, 0.0057]),
        ], categories: ["popularity", "hybrid", "random"], width: 480, height: 300, id: "bar")
    ),
    (
      "hbar",
      Chart(
        kind: .bar, title: "Movies per genre", x: Axis("genre"), y: Axis("movies"),
        series: [.bars(name: "movies", values: [1603, 1200, 503])],
        categories: ["Drama", "Comedy", "Sci-Fi"],
        horizontal: true, width: 480, height: 240, id: "hbar")
    ),
    (
      "histogram",
      Chart(
        kind: .histogram, title: "Ratings per user", x: Axis("ratings"), y: Axis("users"),
        series: [
          Series.histogram(
            name: "users", values: [20, 21, 25, 30, 31, 32, 45, 60, 61, 90], bins: 4)
        ],
        width: 480, height: 300, id: "histogram")
    ),
    (
      "loglog",
      Chart(
        kind: .line, title: "Long tail", x: Axis("rank", log: true), y: Axis("ratings", log: true),
        series: [
          Series(name: "movies", x: [1, 2, 5, 10, 100, 1000], y: [3428, 2991, 2000, 1500, 400, 3])
        ],
        width: 480, height: 300, id: "loglog")
    ),
  ]

  @Test(arguments: charts.map(\.0)) func matchesGolden(name: String) throws {
    let chart = Self.charts.first { $0.0 == name }!.1
    let svg = chart.svg()
    let path = Self.fixtures + "/\(name).svg"
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try svg.write(toFile: path, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOfFile: path, encoding: .utf8)
    #expect(
      svg == golden,
      "\(name).svg differs from the golden file; rerun with UPDATE_GOLDEN=1 and review")
    // Well-formed XML, with the accessible parts in place.
    #expect(try Self.parses(svg))
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ch\""))
    #expect(svg.contains("role=\"img\"") && svg.contains("aria-label=\"\(chart.title)\""))
    #expect(svg.contains("<title id=\"\(name)-t\">") && svg.contains("<desc id=\"\(name)-d\">"))
    #expect(svg.contains("@media (prefers-color-scheme:dark)"))
  }

  @Test func sameChartSameBytes() {
    for (_, chart) in Self.charts {
      let copy = Chart(
        kind: chart.kind, title: chart.title, x: chart.x, y: chart.y, series: chart.series,
        categories: chart.categories, horizontal: chart.horizontal, width: chart.width,
        height: chart.height,
        id: chart.id)
      #expect(chart.svg() == copy.svg())
    }
  }

  @Test func hoverValuesAndLegend() {
    let line = Self.charts[0].1.svg()
    #expect(line.contains("<title>train_rmse: epoch 3, RMSE 0.86</title>"))
    // The NaN point is a gap: the path is cut in two and the point has no marker.
    #expect(!line.contains("test_rmse: epoch 3,"))
    #expect(line.components(separatedBy: "M").count - 1 >= 3)
    #expect(line.contains(">train_rmse</text>") && line.contains(">test_rmse</text>"))
    let bar = Self.charts[2].1.svg()
    #expect(bar.contains("<title>hybrid \u{b7} precision: 0.035</title>"))
    let single = Self.charts[1].1.svg()
    #expect(!single.contains("class=\"lg\""), "one series needs no legend")
    let hist = Self.charts[4].1.svg()
    #expect(hist.contains("users: ratings 20\u{2013}40, users 6"))
  }

  @Test func textIsEscaped() throws {
    let evil = "<script>alert('x')</script> & \"q\"\u{1}"
    let chart = Chart(
      kind: .bar, title: evil, x: Axis(evil), y: Axis(evil),
      series: [.bars(name: evil, values: [1, 2])],
      categories: [evil, "b"], id: "a\"b")
    let svg = chart.svg()
    #expect(!svg.contains("<script"))
    #expect(!svg.contains("\u{1}"))
    #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
    #expect(svg.contains("id=\"a&quot;b-t\""))
    #expect(try Self.parses(svg))
  }

  @Test func emptyDataSaysSo() throws {
    for kind in Chart.Kind.allCases {
      let svg = Chart(kind: kind, title: "nothing", series: [Series(name: "s", x: [], y: [])]).svg()
      #expect(svg.contains(">no data</text>"), "\(kind)")
      #expect(try Self.parses(svg))
    }
  }

  @Test func logAxesLeaveOutValuesThatAreNotPositive() {
    let chart = Chart(
      kind: .scatter, title: "t", x: Axis("x", log: true), y: Axis("y", log: true),
      series: [Series(name: "s", x: [0, 1, 10, 100], y: [5, -1, 50, 500])])
    let svg = chart.svg()
    #expect(svg.components(separatedBy: "<circle").count - 1 == 2)
    #expect(svg.contains("2 not shown (missing or not positive)"))
    #expect(
      svg.contains(">100</text>") && svg.contains(">500</text>") && svg.contains(">20</text>")
        && svg.contains(">200</text>"))
  }

  @Test func longLinesAreReducedPerPixelColumnKeepingExtremes() {
    let n = 10_000
    var y = (0..<n).map { Double(($0 * 7919) % 1000) }
    y[4321] = 5000
    let chart = Chart(
      kind: .line, title: "big", series: [Series(name: "s", x: (0..<n).map(Double.init), y: y)])
    let svg = chart.svg()
    let path = svg.components(separatedBy: "d=\"M")[2].prefix { $0 != "\"" }
    let points = path.split(separator: "L").count
    #expect(points < 4 * 640 && points > 500, "\(points)")
    #expect(!svg.contains("<circle"), "10,000 points are past the hover limit")
    // The spike (5000 on a 0-6000 axis) survives the reduction; every other point is below 1000.
    let ys = path.split(separator: "L").map { Double($0.split(separator: " ")[1])! }
    #expect(ys.min()! < 100)
    #expect(ys.filter { $0 < 100 }.count == 1)
  }

  static func parses(_ text: String) throws -> Bool {
    _ = try XMLDocument(data: Data(text.utf8), options: [])
    return true
  }
}
