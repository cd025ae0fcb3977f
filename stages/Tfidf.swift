import CommandLineKit
import ContentSimilarity
import RecsysCore
import StrictJSON

/// `recsys tfidf`: TF-IDF over each movie's title words and genres (scikit-learn's
/// `TfidfVectorizer` defaults) and the top-K cosine neighbours of every movie.
enum Tfidf {
  static let stage = StageCommand.Stage(
    spec: CommandSpec(
      name: "recsys tfidf", abstract: "Build TF-IDF vectors of the movies and keep each one's nearest neighbours.",
      options: [
        .option("--movies", value: "file", help: "The parsed movies.csv."),
        .option("--out", value: "folder", help: "Where neighbours.bin and tfidf.json go."),
        .option("--neighbours", value: "k", help: "Neighbours kept per movie."),
        .option("--genres", value: "bool", help: "Add the genres as tokens of their own."),
      ]),
    run: run)

  static func run(_ args: ParsedArguments) throws {
    let movies = try MoviesCSV.read(path: try args.required("--movies"))
    let out = try args.required("--out")
    let k = try args.int("--neighbours", in: 1...10_000) ?? 20
    let genres = try args.bool("--genres", default: true)
    let documents = movies.map { document(title: $0.title, genres: genres ? $0.genres : []) }
    let matrix = TfidfMatrix(documents: documents)
    let neighbours = try Neighbours(cosineOf: matrix, k: k)
    try FileIO.createDirectory(out)
    var a = ArrayArchive()
    a.append("k", .int64([Int64(k)]))
    a.append("movie_ids", .int32(movies.map(\.id)))
    a.append("offsets", .int32(neighbours.offsets))
    a.append("indices", .int32(neighbours.indices))
    a.append("similarities", .float(neighbours.similarities))
    try a.write(to: out + "/neighbours.bin")
    let summary = JSON.object([
      JSON.Member("documents", .number(Double(matrix.rowCount))),
      JSON.Member("terms", .number(Double(matrix.columnCount))),
      JSON.Member("nonzeros", .number(Double(matrix.nonZeroCount))),
      JSON.Member("neighbours_per_movie", .number(Double(k))),
      JSON.Member("neighbour_pairs", .number(Double(neighbours.indices.count))),
    ])
    try AtomicFileWriter.write(summary.canonicalText(), to: out + "/tfidf.json")
    StageCommand.say(
      "\(matrix.rowCount) movies, \(matrix.columnCount) terms, \(neighbours.indices.count) neighbour pairs (k = \(k))")
  }

  /// Reads `neighbours.bin`, checking it belongs to the same movies.
  static func load(_ path: String, movieIds: [Int32]) throws -> Neighbours {
    let a = try ArrayArchive.read(path: path)
    guard try a.int32("movie_ids") == movieIds else {
      throw RecsysCoreError.malformed(
        file: path, line: 0, reason: "neighbours were built for other movies; run the tfidf stage again")
    }
    return try Neighbours(
      k: Int(try a.int64("k")[0]), offsets: try a.int32("offsets"), indices: try a.int32("indices"),
      similarities: try a.float("similarities"))
  }
}
