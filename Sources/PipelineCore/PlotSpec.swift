import Charts

/// One plot declared in `pipeline.json`, validated: where its data lives, which
/// fields it draws and how.
///
/// Declared DVC-style, at the top level (`"plots": {"name": {...}}`) or inside the
/// stage that writes the data (`"stages": {"train": {"plots": {...}}}`):
/// ```json
/// "training_curve": {"template": "line", "data": "artifacts/model/curve.json",
///                    "x": "epoch", "y": ["train_rmse", "test_rmse"], "y_label": "RMSE"}
/// ```
/// `y` is a field, a list of fields, or an object of data file -> field(s) to draw
/// fields from several files. Whether the files and fields exist is checked when
/// the plot is drawn (they are outputs that may not exist yet), still at the
/// declaration's place in `pipeline.json`.
public struct PlotSpec: Equatable, Sendable {
  /// One drawn field: a file and a field in it, and where the pair was declared.
  public struct Source: Equatable, Sendable {
    public var file: String
    public var field: String
    public var fileLocation: SourceLocation
    public var fieldLocation: SourceLocation
  }

  public var name: String
  /// The stage the plot was declared in, if any.
  public var stage: String?
  public var template: Chart.Kind
  public var title: String
  /// The x field (categories of a bar chart, bin starts of a pre-binned histogram);
  /// nil: the row number, or for a histogram, bin the y values.
  public var x: String?
  public var xLocation: SourceLocation?
  /// A pre-binned histogram's bin ends (default: the next bin's start).
  public var xEnd: String?
  public var y: [Source]
  /// Dotted path to the table inside JSON files (default: the document, or its only member).
  public var key: String?
  public var xLabel: String?
  public var yLabel: String?
  public var xLog: Bool
  public var yLog: Bool
  public var horizontal: Bool
  public var bins: Int?
  public var location: SourceLocation

  /// The data files in declaration order, each once.
  public var files: [String] {
    var result: [String] = []
    for s in y where !result.contains(s.file) { result.append(s.file) }
    return result
  }
}
