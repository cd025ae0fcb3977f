import Charts
import HTTPServer
import ModelBundle
import StrictJSON

extension ServeAPI {
  /// The charts `GET /charts/{name}` draws from the serving bundle, server-side, as SVG:
  /// (name, dashboard tab, what it shows).
  static let charts = [
    ("ratings", "data", "Training ratings by star value"),
    ("long-tail", "data", "Ratings per movie by popularity rank"),
    ("genres", "data", "Training ratings per genre"),
    ("ranking", "model", "Top-N ranking metrics per model"),
    ("rating-error", "model", "RMSE and MAE per model"),
    ("training-curve", "model", "SVD training curve: RMSE per epoch"),
    ("alpha-sweep", "model", "Hybrid weight sweep: NDCG against alpha"),
  ]
  static var chartNames: [String] { charts.map(\.0) }

  /// The records of plot `key` in the manifest's `plots` (bundles packaged with them).
  static func plotRecords(_ reader: BundleReader, _ key: String) -> [JSON]? {
    guard let records = reader.manifest["plots"]?[key]?.arrayValue, !records.isEmpty else {
      return nil
    }
    return records
  }

  /// Field `field` of every record as a line (null or missing: a gap).
  static func column(_ records: [JSON], _ field: String) -> [Double] {
    records.map { $0[field]?.doubleValue ?? .nan }
  }

  /// One chart of the bundle's data or metrics, or nil for an unknown name or one the
  /// bundle has no data for.
  ///
  /// Data charts are computed from the bundle's sections (training ratings, popularity,
  /// movie genres); model charts from its manifest's metrics and plots.
  func chart(named name: String) -> Chart? {
    let reader = bundle.recommender.bundle
    switch name {
    case "ratings":
      var stars = [Double](repeating: 0, count: 10)
      for value in reader.ratings.values {
        let bin = min(9, max(0, Int((Double(value) * 2).rounded()) - 1))
        stars[bin] += 1
      }
      let used = (0..<10).filter { stars[$0] > 0 }
      return Chart(
        kind: .bar, title: "Training ratings by star value", x: Axis("rating"), y: Axis("ratings"),
        series: [.bars(name: "ratings", values: used.map { stars[$0] })],
        categories: used.map { TextFormat.fixed(Double($0 + 1) / 2, $0 % 2 == 1 ? 0 : 1) },
        id: "ratings")
    case "long-tail":
      var counts = reader.popularity.counts.map { Double($0) }.filter { $0 > 0 }
      counts.sort(by: >)
      return Chart(
        kind: .line, title: "Long tail: ratings per movie, by popularity rank",
        x: Axis("movie rank", log: true), y: Axis("training ratings", log: true),
        series: [Series(name: "movies", x: counts.indices.map { Double($0 + 1) }, y: counts)],
        id: "longtail")
    case "genres":
      let names = reader.movies.genreNames
      var movies = [Double](repeating: 0, count: names.count)
      var ratings = [Double](repeating: 0, count: names.count)
      for movie in 0..<reader.movies.count {
        for genre in reader.movies.genreIndices(movie) {
          movies[Int(genre)] += 1
          ratings[Int(genre)] += Double(reader.popularity.counts[movie])
        }
      }
      let order = (0..<names.count).sorted { (ratings[$0], -$0) > (ratings[$1], -$1) }
      return Chart(
        kind: .bar, title: "Genres: training ratings", x: Axis("genre"), y: Axis("ratings"),
        series: [.bars(name: "ratings", values: order.map { ratings[$0] })],
        categories: order.map { names[$0] }, horizontal: true, height: 80 + 24 * names.count,
        id: "genres",
        note:
          "Movies per genre: \(order.map { "\(names[$0]) \(Int(movies[$0]))" }.joined(separator: ", "))."
      )
    case "ranking":
      guard let models = reader.manifest["metrics"]?["ranking"]?.members, !models.isEmpty else {
        return nil
      }
      let measures = ["precision", "recall", "ndcg", "map", "hit_rate"].filter { measure in
        models.contains { $0.value[measure]?.doubleValue != nil }
      }
      let top = reader.manifest["metrics"]?["counts"]?["top_n"]?.intValue.map { "@\($0)" } ?? ""
      return Chart(
        kind: .bar, title: "Top-N ranking on the test split\(top.isEmpty ? "" : " (\(top))")",
        x: Axis("measure"),
        y: Axis("value"),
        series: models.map { model in
          .bars(name: model.key, values: measures.map { model.value[$0]?.doubleValue ?? 0 })
        },
        categories: measures, id: "ranking")
    case "rating-error":
      guard let models = reader.manifest["metrics"]?["rating"]?.members, !models.isEmpty else {
        return nil
      }
      return Chart(
        kind: .bar, title: "Rating prediction error on the test split", x: Axis("measure"),
        y: Axis("error"),
        series: models.map { model in
          .bars(name: model.key, values: ["rmse", "mae"].map { model.value[$0]?.doubleValue ?? 0 })
        },
        categories: ["RMSE", "MAE"], id: "ratingerror")
    case "training-curve":
      guard let epochs = Self.plotRecords(reader, "training_curve") else { return nil }
      let x = Self.column(epochs, "epoch")
      var series = [Series(name: "train RMSE", x: x, y: Self.column(epochs, "train_rmse"))]
      let test = Self.column(epochs, "test_rmse")
      if test.contains(where: { !$0.isNaN }) {
        series.append(Series(name: "test RMSE", x: x, y: test))
      }
      return Chart(
        kind: .line, title: "SVD training curve: RMSE per epoch", x: Axis("epoch"),
        y: Axis("RMSE"), series: series, id: "trainingcurve")
    case "alpha-sweep":
      var series: [Series] = []
      for (key, label) in [("validation_sweep", "validation"), ("hybrid_sweep", "test")] {
        guard let points = Self.plotRecords(reader, key) else { continue }
        series.append(
          Series(name: "NDCG (\(label))", x: Self.column(points, "alpha"), y: Self.column(points, "ndcg")))
      }
      guard !series.isEmpty else { return nil }
      let chosen = reader.scoring.alpha
      return Chart(
        kind: .line, title: "Hybrid weight sweep: NDCG against alpha",
        x: Axis("alpha (collaborative share)"), y: Axis("NDCG"), series: series, id: "alphasweep",
        note: "The bundle serves alpha \(TextFormat.fixed(chosen, 2)), chosen on the validation split.")
    default:
      return nil
    }
  }

  /// `GET /charts`: the charts this bundle can draw, for the dashboard's tabs.
  var chartListRoute: APIRoute {
    APIRoute(
      method: "GET", path: "/charts", operationID: "charts", tag: "dashboard",
      summary: "The charts the served bundle can draw",
      description:
        "Names, dashboard tab (`data` or `model`) and titles of the charts under `/charts/{name}.svg` that this bundle has the data for (a bundle packaged without plot data has no training curve or alpha sweep).",
      parameters: [], requestBody: nil,
      responses: [
        .init(status: 200, description: "The charts.", schema: "ChartList", mediaType: "application/json")
      ],
      handler: { [self] _, _ throws(APIRoute.Failure) in
        let snapshot = bundle.recommender
        return .json(
          .object([
            "bundle_version": .string(snapshot.bundle.version),
            "charts": .array(
              Self.charts.filter { chart(named: $0.0) != nil }.map { name, tab, title in
                .object(["name": .string(name), "tab": .string(tab), "title": .string(title)])
              }),
          ]))
      })
  }

  var chartRoute: APIRoute {
    APIRoute(
      method: "GET", path: "/charts/{name}", operationID: "chart", tag: "dashboard",
      summary: "A chart of the bundle's data or metrics, as SVG",
      description:
        "Server-rendered by the chart module: `ratings.svg` (star histogram of the training ratings), `long-tail.svg` (ratings per movie by rank, log-log), `genres.svg` (ratings per genre), `ranking.svg` (top-N metrics per model), `rating-error.svg` (RMSE and MAE per model), `training-curve.svg` (the SVD's RMSE per epoch), `alpha-sweep.svg` (NDCG against the hybrid weight, validation and test). Self-contained SVG, light and dark.",
      parameters: [
        .path(
          "name", .string, "One of: \(Self.chartNames.map { $0 + ".svg" }.joined(separator: ", "))."
        )
      ],
      requestBody: nil,
      responses: [
        .init(status: 200, description: "The chart.", schema: nil, mediaType: "image/svg+xml"),
        .init(
          status: 404, description: "No such chart (or no data for it in the bundle).",
          schema: "Error", mediaType: "application/json"),
      ],
      handler: { [self] arguments, _ throws(APIRoute.Failure) in
        let file = arguments.string("name")!
        guard file.hasSuffix(".svg"), let chart = chart(named: String(file.dropLast(4))) else {
          throw APIRoute.Failure(
            status: .notFound,
            detail:
              "no chart '\(file)'; charts: \(Self.chartNames.map { $0 + ".svg" }.joined(separator: ", "))"
          )
        }
        return HTTPResponse(contentType: "image/svg+xml; charset=utf-8", text: chart.svg())
      })
  }
}
