import StrictJSON

extension BundleWriter {
  /// Validates `contents` and lays them out as the format-2 sections, in file order.
  static func plan(_ contents: BundleContents) throws(BundleError) -> [(SectionName, SectionData)] {
    let movies = contents.movies
    let model = contents.model
    let userCount = contents.userIDs.count
    let movieCount = movies.count
    let k = model.factorCount

    func fail(_ detail: String) -> BundleError { .invalidContents(detail: detail) }
    func check(_ problem: String?) throws(BundleError) {
      if let problem { throw fail(problem) }
    }

    let limit = Int(Int32.max)
    guard userCount < limit, movieCount < limit, contents.ratings.indices.count < limit,
      contents.neighbors.indices.count < limit
    else { throw fail("more than 2^31 users, movies, ratings or neighbours") }
    guard k >= 0, k <= 1 << 16 else { throw fail("factor count \(k) outside 0...65536") }
    guard model.globalMean.isFinite else { throw fail("the global mean is not finite") }
    guard model.userBiases.count == userCount else {
      throw fail("\(model.userBiases.count) user biases for \(userCount) users")
    }
    guard model.itemBiases.count == movieCount else {
      throw fail("\(model.itemBiases.count) item biases for \(movieCount) movies")
    }
    guard model.userFactors.count == userCount * k else {
      throw fail("\(model.userFactors.count) user factors, expected \(userCount) x \(k)")
    }
    guard model.itemFactors.count == movieCount * k else {
      throw fail("\(model.itemFactors.count) item factors, expected \(movieCount) x \(k)")
    }
    guard contents.popularity.counts.count == movieCount,
      contents.popularity.means.count == movieCount
    else { throw fail("popularity needs one count and one mean per movie (\(movieCount))") }
    if let bad = contents.popularity.counts.firstIndex(where: { $0 < 0 }) {
      throw fail("popularity count of movie \(bad) is negative")
    }
    try check(nonFiniteNumber(in: contents.params, at: "params"))
    try check(nonFiniteNumber(in: contents.metrics, at: "metrics"))

    for (name, values) in [
      ("mf.user_biases", model.userBiases), ("mf.item_biases", model.itemBiases),
      ("mf.user_factors", model.userFactors), ("mf.item_factors", model.itemFactors),
      ("popularity.means", contents.popularity.means),
      ("neighbors.similarities", contents.neighbors.values),
      ("ratings.values", contents.ratings.values),
    ] {
      try check(values.withUnsafeBufferPointer { LayoutCheck.finite(name, $0) })
    }
    try check(
      sparseProblem("neighbors", contents.neighbors, rows: movieCount, columns: movieCount))
    try check(
      contents.neighbors.offsets.withUnsafeBufferPointer { offsets in
        contents.neighbors.values.withUnsafeBufferPointer { values in
          LayoutCheck.rowsDescending("neighbors", offsets: offsets, values: values)
        }
      })
    try check(sparseProblem("ratings", contents.ratings, rows: userCount, columns: movieCount))

    try check(contents.scoring.problem())
    var rankerShape: [Int64] = [0, 0]
    var rankerWeights: [Float] = []
    var rankerUsers: [Float] = []
    var rankerItems: [Float] = []
    var rankerOffsets: [Int32] = []
    var rankerNeighbours: [Int32] = []
    switch contents.ranker {
    case .none: break
    case .itemWeights(let weights):
      guard weights.count == movieCount * movieCount else {
        throw fail("\(weights.count) ranker item weights, expected \(movieCount) x \(movieCount)")
      }
      rankerShape = [1, 0]
      rankerWeights = weights
    case .factors(let count, let users, let items):
      guard count >= 1, count <= 1 << 16, users.count == userCount * count, items.count == movieCount * count
      else { throw fail("ranker factors do not match \(userCount) users, \(movieCount) movies, k \(count)") }
      rankerShape = [2, Int64(count)]
      rankerUsers = users
      rankerItems = items
    case .sparseWeights(let offsets, let neighbours, let weights):
      try check(
        sparseProblem(
          "ranker", SparseRows(offsets: offsets, indices: neighbours, values: weights), rows: movieCount,
          columns: movieCount))
      rankerShape = [3, 0]
      rankerOffsets = offsets
      rankerNeighbours = neighbours
      rankerWeights = weights
    }
    for (name, values) in [
      ("ranker.item_weights", rankerWeights), ("ranker.user_factors", rankerUsers),
      ("ranker.item_factors", rankerItems),
    ] {
      try check(values.withUnsafeBufferPointer { LayoutCheck.finite(name, $0) })
    }
    let scoring = Array(contents.scoring.json().canonicalText().utf8)

    let movieIDs = movies.map(\.id)
    let movieOrder = try idOrder("movie", movieIDs)
    let userOrder = try idOrder("user", contents.userIDs)

    var years: [Int32] = []
    years.reserveCapacity(movieCount)
    for movie in movies {
      guard let year = movie.year else {
        years.append(0)
        continue
      }
      guard year > 0, year <= limit else { throw fail("movie \(movie.id) has year \(year)") }
      years.append(Int32(year))
    }

    let titles = try stringTable(movies.map(\.title), name: "titles")
    let genreNames = genreVocabulary(movies)
    var genreIndex: [String: Int32] = [:]
    for (index, name) in genreNames.enumerated() { genreIndex[name] = Int32(index) }
    var genreOffsets: [Int32] = [0]
    var genreIDs: [Int32] = []
    genreOffsets.reserveCapacity(movieCount + 1)
    for movie in movies {
      for genre in movie.genres { genreIDs.append(genreIndex[genre]!) }
      genreOffsets.append(Int32(genreIDs.count))
    }
    let genreTable = try stringTable(genreNames, name: "genre names")
    let manifest = Array(manifestJSON(contents).canonicalText().utf8)

    return [
      (.manifest, .bytes(manifest)),
      (.shape, .int64([Int64(userCount), Int64(movieCount), Int64(k), Int64(genreNames.count)])),
      (.globalMean, .float64([model.globalMean])),
      (.movieIDs, .int64(movieIDs)),
      (.movieIDOrder, .int32(movieOrder)),
      (.movieYears, .int32(years)),
      (.titleOffsets, .int32(titles.offsets)),
      (.titleBytes, .bytes(titles.bytes)),
      (.movieGenreOffsets, .int32(genreOffsets)),
      (.movieGenreIDs, .int32(genreIDs)),
      (.genreNameOffsets, .int32(genreTable.offsets)),
      (.genreNameBytes, .bytes(genreTable.bytes)),
      (.userIDs, .int64(contents.userIDs)),
      (.userIDOrder, .int32(userOrder)),
      (.userBiases, .float32(model.userBiases)),
      (.itemBiases, .float32(model.itemBiases)),
      (.userFactors, .float32(model.userFactors)),
      (.itemFactors, .float32(model.itemFactors)),
      (.neighborOffsets, .int32(contents.neighbors.offsets)),
      (.neighborIndices, .int32(contents.neighbors.indices)),
      (.neighborSimilarities, .float32(contents.neighbors.values)),
      (.ratingCounts, .int32(contents.popularity.counts)),
      (.ratingMeans, .float32(contents.popularity.means)),
      (.ratedOffsets, .int32(contents.ratings.offsets)),
      (.ratedItems, .int32(contents.ratings.indices)),
      (.ratedValues, .float32(contents.ratings.values)),
      (.scoring, .bytes(scoring)),
      (.rankerShape, .int64(rankerShape)),
      (.rankerOffsets, .int32(rankerOffsets)),
      (.rankerNeighbours, .int32(rankerNeighbours)),
      (.rankerItemWeights, .float32(rankerWeights)),
      (.rankerUserFactors, .float32(rankerUsers)),
      (.rankerItemFactors, .float32(rankerItems)),
    ]
  }

  private static func sparseProblem(
    _ name: String, _ rows: SparseRows, rows count: Int, columns: Int
  )
    -> String?
  {
    rows.offsets.withUnsafeBufferPointer { offsets in
      rows.indices.withUnsafeBufferPointer { indices in
        LayoutCheck.sparseRows(
          name, offsets: offsets, indices: indices, valueCount: rows.values.count, rows: count,
          columns: columns)
      }
    }
  }

  /// Dense indices sorted by raw id; duplicate ids are an error.
  private static func idOrder(_ what: String, _ ids: [Int64]) throws(BundleError) -> [Int32] {
    let order = (0..<ids.count).sorted { ids[$0] < ids[$1] }.map { Int32($0) }
    for position in order.indices.dropFirst()
    where ids[Int(order[position])] == ids[Int(order[position - 1])] {
      throw BundleError.invalidContents(
        detail: "\(what) id \(ids[Int(order[position])]) appears twice")
    }
    return order
  }

  private static func stringTable(_ strings: [String], name: String) throws(BundleError)
    -> (offsets: [Int32], bytes: [UInt8])
  {
    var offsets: [Int32] = [0]
    offsets.reserveCapacity(strings.count + 1)
    var bytes: [UInt8] = []
    for string in strings {
      bytes.append(contentsOf: string.utf8)
      guard bytes.count < Int(Int32.max) else {
        throw BundleError.invalidContents(detail: "\(name) exceed 2 GiB")
      }
      offsets.append(Int32(bytes.count))
    }
    return (offsets, bytes)
  }

  /// The path of the first NaN or infinite number in `value` (JSON cannot hold them).
  private static func nonFiniteNumber(in value: JSON, at path: String) -> String? {
    switch value {
    case .number(let d): return d.isFinite ? nil : "\(path) holds a non-finite number"
    case .array(let items):
      for (index, item) in items.enumerated() {
        if let problem = nonFiniteNumber(in: item, at: "\(path)[\(index)]") { return problem }
      }
      return nil
    case .object(let members):
      for member in members {
        if let problem = nonFiniteNumber(in: member.value, at: "\(path).\(member.key)") {
          return problem
        }
      }
      return nil
    default: return nil
    }
  }
}
