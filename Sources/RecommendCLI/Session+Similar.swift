import CommandLineKit
import ModelBundle
import StrictJSON

extension Session {
  /// `recommend similar MOVIE_ID | TITLE WORDS [-n N] [--title]`.
  func similar(output: inout CommandOutput) throws(RecommendCLI.Failure) {
    let query = parsed.positionals.joined(separator: " ")
    let count = try count()
    let recommender = try open()
    let bundle = recommender.bundle
    let movie: Int
    if !parsed.has("--title"), !query.isEmpty, query.allSatisfy({ $0.isASCII && $0.isNumber }) {
      guard let id = Int64(query), let index = bundle.movies.ids.index(of: id) else {
        throw .query(.unknownMovie(id: Int64(query) ?? -1, bundle: bundle.path))
      }
      movie = index
    } else {
      func labels(_ movies: [Int]) -> [String] {
        movies.map { "\(bundle.movies.displayTitle($0)) [id \(bundle.movies.ids.ids[$0])]" }
      }
      switch TitleSearch.search(query, in: bundle.movies, popularity: bundle.popularity) {
      case .found(let index, let others):
        movie = index
        let also = others.isEmpty ? "" : "; also: " + labels(others).joined(separator: "; ")
        output.err("note: '\(query)' matched \(labels([index])[0])\(also)\n")
      case .ambiguous(let candidates):
        throw .query(.ambiguousTitle(query: query, candidates: labels(candidates)))
      case .none(let suggestions):
        throw .query(.noTitleMatch(query: query, suggestions: labels(suggestions)))
      }
    }
    let items = recommender.similar(movie: movie, count: count)
    if json {
      let list: [JSON] = items.enumerated().map { position, item in
        .object(
          [JSON.Member("rank", TextFormat.number(position + 1))]
            + Session.movieFields(bundle, item.movie)
            + [JSON.Member("similarity", TextFormat.number(item.similarity))])
      }
      output.out(
        JSON.object([
          "bundle_version": .string(bundle.version), "command": "similar", "items": .array(list),
          "movie": .object(Session.movieFields(bundle, movie)), "query": .string(query),
        ]).canonicalText())
      return
    }
    output.out("Similar to \(Session.movieLabel(bundle, movie)):\n")
    if items.isEmpty { output.out("  (no content neighbours)\n") }
    for (position, item) in items.enumerated() {
      output.out(
        "\(Session.rank(position + 1, of: items.count)) \(Session.movieLabel(bundle, item.movie))  similarity \(TextFormat.fixed(Double(item.similarity), 3))\n"
      )
    }
  }
}
