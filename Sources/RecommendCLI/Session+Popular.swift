import CommandLineKit
import ModelBundle
import StrictJSON

extension Session {
  /// `recommend popular [-n N] [--genre G] [--min-ratings N]`.
  func popular(output: inout CommandOutput) throws(RecommendCLI.Failure) {
    let count = try count()
    let minRatings =
      try RecommendCLI.Failure.usage { () throws(CommandLineError) in
        try parsed.int("--min-ratings", in: 0...Int.max)
      } ?? 1
    let recommender = try open()
    let bundle = recommender.bundle
    var genre: Int? = nil
    if let name = parsed.value("--genre") {
      guard let index = recommender.genreIndex(named: name) else {
        throw .query(.unknownGenre(name: name, available: recommender.genreNames))
      }
      genre = index
    }
    let damping = Session.damping(bundle)
    let items = recommender.popular(
      count: count, genre: genre, minRatings: minRatings, damping: damping)
    let genreName = genre.map { bundle.movies.genreNames[$0] }
    if json {
      output.out(
        JSON.object([
          "bundle_version": .string(bundle.version), "command": "popular",
          "damping": .number(damping),
          "genre": genreName.map { .string($0) } ?? .null,
          "items": .array(Session.popularItems(bundle, items)),
          "min_ratings": TextFormat.number(minRatings),
        ]).canonicalText())
      return
    }
    let filter = genreName.map { ", genre \($0)" } ?? ""
    let plural = minRatings == 1 ? "" : "s"
    output.out(
      "Top \(items.count) by damped mean rating (C \(TextFormat.fixed(damping, 1)), at least \(minRatings) rating\(plural)\(filter)):\n"
    )
    output.out(Session.popularLines(bundle, items))
  }

  static func popularItems(_ bundle: BundleReader, _ items: [PopularMovie]) -> [JSON] {
    items.enumerated().map { position, item in
      .object(
        [JSON.Member("rank", TextFormat.number(position + 1))] + movieFields(bundle, item.movie) + [
          JSON.Member("score", .number(item.score)),
          JSON.Member("rating_count", TextFormat.number(item.ratingCount)),
          JSON.Member("mean_rating", TextFormat.number(item.meanRating)),
        ])
    }
  }

  static func popularLines(_ bundle: BundleReader, _ items: [PopularMovie]) -> String {
    var text = ""
    for (position, item) in items.enumerated() {
      text +=
        "\(rank(position + 1, of: items.count)) \(movieLabel(bundle, item.movie))  score \(TextFormat.fixed(item.score, 3)) - mean \(TextFormat.fixed(Double(item.meanRating), 2)) from \(item.ratingCount) rating\(item.ratingCount == 1 ? "" : "s")\n"
    }
    return text
  }
}
