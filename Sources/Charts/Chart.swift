/// # Charts: SVG charts of our own, no dependencies
///
/// One value type, `Chart`, describes a chart; `svg()` draws it as a self-contained
/// SVG document (embedded CSS, light and dark through `prefers-color-scheme`).
///
/// ```swift
/// let chart = Chart(
///   kind: .line, title: "Training curve", x: Axis("epoch"), y: Axis("RMSE"),
///   series: [Series(name: "train", x: [1, 2, 3], y: [0.95, 0.9, 0.88])])
/// let text = chart.svg()                      // a whole .svg file
/// let inline = chart.svg(standalone: false)   // for an HTML page that includes Chart.styleSheet once
/// ```
///
/// Kinds: `.line` (several series), `.scatter`, `.bar` (grouped; `horizontal: true`
/// puts categories on the y axis) and `.histogram` (`Series.histogram(name:values:)`
/// bins raw values; `Series(name:x:y:xEnd:)` takes bins already counted). Either axis
/// may be logarithmic (`Axis("count", log: true)`; values <= 0 are left out and the
/// description says how many).
///
/// What every chart has: nice ticks (1, 2, 5 x 10^k; powers of ten on log axes),
/// short tick labels (`0.25`, `50k`, `1.5M`), axis labels, a legend when there is
/// more than one series, a title, hover values (`<title>` on each mark, for up to
/// `Chart.hoverLimit` marks per series), the Okabe-Ito colour-blind-safe palette (a
/// dash pattern tells series apart past eight), and text a screen reader reads
/// (`role="img"`, `aria-label`, `<title>` and a `<desc>` that summarises the data).
///
/// Deterministic: the same chart gives the same bytes (coordinates are written with
/// two decimals by integer arithmetic; nothing depends on locale, time or hashing).
/// A line of more points than the plot has pixel columns is reduced per column to
/// its first, lowest, highest and last point, which draws the same picture.
public struct Chart: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable {
    case line, scatter, bar, histogram
  }

  public var kind: Kind
  public var title: String
  public var x: Axis
  public var y: Axis
  public var series: [Series]
  /// Bar charts: one label per group; each series holds one value per category.
  public var categories: [String]
  /// Bar charts: categories down the y axis, bars growing to the right.
  public var horizontal: Bool
  public var width: Int
  public var height: Int
  /// Prefix of the element ids, so several charts can share one HTML page.
  public var id: String
  /// A sentence put before the generated summary in `<desc>`.
  public var note: String?

  /// Marks per series that get a hover `<title>`; past it, only the series has one.
  public static let hoverLimit = 1000

  public init(
    kind: Kind, title: String, x: Axis = Axis(), y: Axis = Axis(), series: [Series],
    categories: [String] = [],
    horizontal: Bool = false, width: Int = 640, height: Int = 360, id: String = "chart",
    note: String? = nil
  ) {
    self.kind = kind
    self.title = title
    self.x = x
    self.y = y
    self.series = series
    self.categories = categories
    self.horizontal = horizontal
    self.width = width
    self.height = height
    self.id = id
    self.note = note
  }
}

/// One axis: its label and its scale.
public struct Axis: Sendable, Equatable {
  public var label: String
  public var log: Bool

  public init(_ label: String = "", log: Bool = false) {
    self.label = label
    self.log = log
  }
}

/// One named set of values, drawn in one colour.
public struct Series: Sendable, Equatable {
  public var name: String
  /// Line and scatter: x values. Histogram: bin starts. Bar: ignored (categories).
  public var x: [Double]
  /// The values (bar heights, bin counts); NaN leaves a gap in a line.
  public var y: [Double]
  /// Histogram: bin ends, one per bin.
  public var xEnd: [Double]
  /// The palette slot (default: the series' position), so that several series can
  /// share a colour, as one revision's fields do in a diff.
  public var colour: Int?
  /// The dash pattern of a line (0 solid, 1 dashed, 2 dotted, 3 dash-dot; default: from
  /// the palette cycle).
  public var dash: Int?

  public init(
    name: String, x: [Double], y: [Double], xEnd: [Double] = [], colour: Int? = nil,
    dash: Int? = nil
  ) {
    self.name = name
    self.x = x
    self.y = y
    self.xEnd = xEnd
    self.colour = colour
    self.dash = dash
  }

  /// A bar series: one value per category, in category order.
  public static func bars(name: String, values: [Double]) -> Series {
    Series(name: name, x: values.indices.map(Double.init), y: values)
  }
}
