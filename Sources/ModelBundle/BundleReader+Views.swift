import StrictJSON

extension BundleReader {
  /// Builds the typed views and runs every cross-section check, so query code can index
  /// them without bounds checks.
  static func views(_ table: SectionTable, path: String) throws(BundleError) -> (
    JSON, MovieTableView, IDIndexView, FactorModelView, SparseRowsView, PopularityView,
    SparseRowsView, ScoringConfig, RankerView
  ) {
    func check(_ problem: String?) throws(BundleError) {
      if let problem { throw BundleError.malformed(path: path, detail: problem) }
    }

    /// A CSR section triple, checked for shape and in-range columns.
    func sparseRows(
      _ name: String, _ offsets: SectionName, _ indices: SectionName, _ values: SectionName, rows: Int, columns: Int
    ) throws(BundleError) -> SparseRowsView {
      let view = SparseRowsView(
        offsets: try table.view(offsets, as: Int32.self, count: rows + 1),
        indices: try table.view(indices, as: Int32.self),
        values: try table.view(values, as: Float.self))
      try check(
        LayoutCheck.sparseRows(
          name, offsets: view.offsets, indices: view.indices, valueCount: view.values.count, rows: rows,
          columns: columns))
      return view
    }

    let shape = try table.view(.shape, as: Int64.self, count: 4)
    let limit = Int64(Int32.max)
    guard shape.allSatisfy({ $0 >= 0 && $0 < limit }), shape[2] <= 1 << 16 else {
      throw BundleError.malformed(path: path, detail: "section 'shape' holds impossible counts")
    }
    let userCount = Int(shape[0])
    let movieCount = Int(shape[1])
    let k = Int(shape[2])
    let genreCount = Int(shape[3])

    let manifestBytes = try table.view(.manifest, as: UInt8.self)
    let manifest: JSON
    do throws(JSONError) {
      manifest = try JSONParser.parse(Array(manifestBytes), file: "manifest")
    } catch {
      throw BundleError.malformed(path: path, detail: "section \(error)")
    }
    guard case .object = manifest else {
      throw BundleError.malformed(path: path, detail: "manifest is not a JSON object")
    }

    let globalMean = try table.view(.globalMean, as: Double.self, count: 1)[0]
    guard globalMean.isFinite else {
      throw BundleError.malformed(path: path, detail: "the global mean is not finite")
    }

    let movieIDs = IDIndexView(
      ids: try table.view(.movieIDs, as: Int64.self, count: movieCount),
      order: try table.view(.movieIDOrder, as: Int32.self, count: movieCount))
    try check(LayoutCheck.idOrder("movie.id_order", ids: movieIDs.ids, order: movieIDs.order))
    let users = IDIndexView(
      ids: try table.view(.userIDs, as: Int64.self, count: userCount),
      order: try table.view(.userIDOrder, as: Int32.self, count: userCount))
    try check(LayoutCheck.idOrder("user.id_order", ids: users.ids, order: users.order))

    let titles = StringTableView(
      offsets: try table.view(.titleOffsets, as: Int32.self, count: movieCount + 1),
      bytes: try table.view(.titleBytes, as: UInt8.self))
    try check(
      LayoutCheck.stringTable(
        "movie.title_offsets", offsets: titles.offsets, byteCount: titles.bytes.count,
        count: movieCount))
    let genreNames = StringTableView(
      offsets: try table.view(.genreNameOffsets, as: Int32.self, count: genreCount + 1),
      bytes: try table.view(.genreNameBytes, as: UInt8.self))
    try check(
      LayoutCheck.stringTable(
        "genre.name_offsets", offsets: genreNames.offsets, byteCount: genreNames.bytes.count,
        count: genreCount))
    let genreOffsets = try table.view(.movieGenreOffsets, as: Int32.self, count: movieCount + 1)
    let genreIDs = try table.view(.movieGenreIDs, as: Int32.self)
    try check(
      LayoutCheck.sparseRows(
        "movie.genre_ids", offsets: genreOffsets, indices: genreIDs, valueCount: genreIDs.count,
        rows: movieCount, columns: genreCount))
    let movies = MovieTableView(
      ids: movieIDs, titles: titles,
      years: try table.view(.movieYears, as: Int32.self, count: movieCount),
      genreOffsets: genreOffsets, genreIDs: genreIDs, genreNames: genreNames)

    let model = FactorModelView(
      factorCount: k, globalMean: globalMean,
      userBiases: try table.view(.userBiases, as: Float.self, count: userCount),
      itemBiases: try table.view(.itemBiases, as: Float.self, count: movieCount),
      userFactors: try table.view(.userFactors, as: Float.self, count: userCount * k),
      itemFactors: try table.view(.itemFactors, as: Float.self, count: movieCount * k))
    try check(LayoutCheck.finite("mf.user_biases", model.userBiases))
    try check(LayoutCheck.finite("mf.item_biases", model.itemBiases))
    try check(LayoutCheck.finite("mf.user_factors", model.userFactors))
    try check(LayoutCheck.finite("mf.item_factors", model.itemFactors))

    let neighbors = try sparseRows(
      "neighbors", .neighborOffsets, .neighborIndices, .neighborSimilarities, rows: movieCount, columns: movieCount)
    try check(LayoutCheck.finite("neighbors.similarities", neighbors.values))
    try check(
      LayoutCheck.rowsDescending("neighbors", offsets: neighbors.offsets, values: neighbors.values))

    let popularity = PopularityView(
      counts: try table.view(.ratingCounts, as: Int32.self, count: movieCount),
      means: try table.view(.ratingMeans, as: Float.self, count: movieCount))
    try check(LayoutCheck.finite("popularity.means", popularity.means))
    if popularity.counts.contains(where: { $0 < 0 }) {
      try check("'popularity.counts' holds a negative count")
    }

    let ratings = try sparseRows(
      "ratings", .ratedOffsets, .ratedItems, .ratedValues, rows: userCount, columns: movieCount)
    try check(LayoutCheck.finite("ratings.values", ratings.values))

    let scoring = try ScoringConfig.parse(Array(try table.view(.scoring, as: UInt8.self)), path: path)
    let rankerShape = try table.view(.rankerShape, as: Int64.self, count: 2)
    let rankerKind = rankerShape[0]
    let rankerK = rankerShape[1]
    guard ((rankerKind == 0 || rankerKind == 1 || rankerKind == 3) && rankerK == 0)
      || (rankerKind == 2 && rankerK >= 1 && rankerK <= 1 << 16)
    else { throw BundleError.malformed(path: path, detail: "section 'ranker.shape' holds an unknown kind") }
    let rk = Int(rankerK)
    let rankerOffsets = try table.view(.rankerOffsets, as: Int32.self, count: rankerKind == 3 ? movieCount + 1 : 0)
    let rankerNeighbours = try table.view(.rankerNeighbours, as: Int32.self)
    let rankerWeights = try table.view(
      .rankerItemWeights, as: Float.self,
      count: rankerKind == 1 ? movieCount * movieCount : rankerKind == 3 ? rankerNeighbours.count : 0)
    if rankerKind == 3 {
      try check(
        LayoutCheck.sparseRows(
          "ranker", offsets: rankerOffsets, indices: rankerNeighbours, valueCount: rankerWeights.count,
          rows: movieCount, columns: movieCount))
    } else if !rankerNeighbours.isEmpty {
      try check("section 'ranker.neighbours' is not empty for ranker kind \(rankerKind)")
    }
    let ranker = RankerView(
      kind: Int(rankerKind), factorCount: rk, offsets: rankerOffsets, neighbours: rankerNeighbours,
      itemWeights: rankerWeights,
      userFactors: try table.view(.rankerUserFactors, as: Float.self, count: userCount * rk),
      itemFactors: try table.view(.rankerItemFactors, as: Float.self, count: movieCount * rk))
    try check(LayoutCheck.finite("ranker.item_weights", ranker.itemWeights))
    try check(LayoutCheck.finite("ranker.user_factors", ranker.userFactors))
    try check(LayoutCheck.finite("ranker.item_factors", ranker.itemFactors))
    if scoring.model == "svd" ? rankerKind != 0 : rankerKind == 0 {
      try check("scoring model '\(scoring.model)' does not match the ranker sections (kind \(rankerKind))")
    }

    return (manifest, movies, users, model, neighbors, popularity, ratings, scoring, ranker)
  }
}
