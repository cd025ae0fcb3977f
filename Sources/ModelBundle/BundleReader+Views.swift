import StrictJSON

extension BundleReader {
  /// Builds the typed views and runs every check, so query code can index them without
  /// bounds checks and compute with their values without overflow.
  ///
  /// This is the one place a bundle is validated: the reader runs it on open, and the
  /// writer runs it on what it wrote before publishing it. A new section gets its view
  /// here, followed by its checks: shape (`table.view(_:as:count:)`, `LayoutCheck.sparseRows`,
  /// `.stringTable`, `.idOrder`), then values (`LayoutCheck.within` with a range from
  /// `BundleLimits`, `.finite`, or a cross-section check like `.popularity`), and its count
  /// in the manifest check at the end.
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
    guard BundleLimits.rating.contains(globalMean) else {
      throw BundleError.malformed(
        path: path,
        detail:
          "the global mean is \(globalMean), outside \(BundleLimits.rating.lowerBound)...\(BundleLimits.rating.upperBound)")
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
    try check(LayoutCheck.strings("movie.title_bytes", offsets: titles.offsets, bytes: titles.bytes, sorted: false))
    let genreNames = StringTableView(
      offsets: try table.view(.genreNameOffsets, as: Int32.self, count: genreCount + 1),
      bytes: try table.view(.genreNameBytes, as: UInt8.self))
    try check(
      LayoutCheck.stringTable(
        "genre.name_offsets", offsets: genreNames.offsets, byteCount: genreNames.bytes.count,
        count: genreCount))
    try check(
      LayoutCheck.strings("genre.name_bytes", offsets: genreNames.offsets, bytes: genreNames.bytes, sorted: true))
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
    try check(LayoutCheck.within("movie.years", movies.years, BundleLimits.year))

    let model = FactorModelView(
      factorCount: k, globalMean: globalMean,
      userBiases: try table.view(.userBiases, as: Float.self, count: userCount),
      itemBiases: try table.view(.itemBiases, as: Float.self, count: movieCount),
      userFactors: try table.view(.userFactors, as: Float.self, count: userCount * k),
      itemFactors: try table.view(.itemFactors, as: Float.self, count: movieCount * k))
    let factorRange = -BundleLimits.factorMagnitude...BundleLimits.factorMagnitude
    try check(LayoutCheck.within("mf.user_biases", model.userBiases, factorRange))
    try check(LayoutCheck.within("mf.item_biases", model.itemBiases, factorRange))
    try check(LayoutCheck.within("mf.user_factors", model.userFactors, factorRange))
    try check(LayoutCheck.within("mf.item_factors", model.itemFactors, factorRange))

    let neighbors = try sparseRows(
      "neighbors", .neighborOffsets, .neighborIndices, .neighborSimilarities, rows: movieCount, columns: movieCount)
    try check(LayoutCheck.within("neighbors.similarities", neighbors.values, BundleLimits.similarity))
    try check(
      LayoutCheck.rowsDescending("neighbors", offsets: neighbors.offsets, values: neighbors.values))

    let popularity = PopularityView(
      counts: try table.view(.ratingCounts, as: Int32.self, count: movieCount),
      means: try table.view(.ratingMeans, as: Float.self, count: movieCount))
    if popularity.counts.contains(where: { $0 < 0 }) {
      try check("'popularity.counts' holds a negative count")
    }

    let ratings = try sparseRows(
      "ratings", .ratedOffsets, .ratedItems, .ratedValues, rows: userCount, columns: movieCount)
    let ratingRange = Float(BundleLimits.rating.lowerBound)...Float(BundleLimits.rating.upperBound)
    try check(LayoutCheck.within("ratings.values", ratings.values, ratingRange))
    try check(
      LayoutCheck.popularity(
        counts: popularity.counts, means: popularity.means, items: ratings.indices, values: ratings.values))

    try check(
      LayoutCheck.manifest(
        manifest,
        counts: [
          ("factors", k), ("genres", genreCount), ("movies", movieCount), ("neighbors", neighbors.indices.count),
          ("ratings", ratings.indices.count), ("users", userCount),
        ]))

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
