import CommandLineKit
import ModelBundle
import StrictJSON

extension Session {
  /// `recommend user ID [-n N] [--alpha A] [--strict]`.
  func user(output: inout CommandOutput) throws(RecommendCLI.Failure) {
    let text = parsed.positionals[0]
    guard let id = Int64(text) else {
      throw .usage(.invalidValue(name: "<id>", value: text, expected: "an integer user id"))
    }
    let count = try count()
    let alphaOption = try RecommendCLI.Failure.usage { () throws(CommandLineError) in
      try parsed.double("--alpha", in: 0...1)
    }
    let recommender = try open()
    let bundle = recommender.bundle
    var alpha = alphaOption ?? Session.param("hybrid.alpha", in: bundle.manifest) ?? 0.7
    if !(0...1).contains(alpha) { alpha = 0.7 }

    guard let user = bundle.users.index(of: id) else {
      if parsed.has("--strict") { throw .query(.unknownUser(id: id, bundle: bundle.path)) }
      output.err("note: user \(id) is not in the bundle; showing the most popular movies instead\n")
      let damping = Session.damping(bundle)
      let items = recommender.popular(count: count, genre: nil, minRatings: 1, damping: damping)
      if json {
        output.out(
          JSON.object([
            "alpha": .number(alpha), "bundle_version": .string(bundle.version), "command": "user",
            "fallback": "popular", "items": .array(Session.popularItems(bundle, items)),
            "known_user": false, "liked_count": 0, "rated_count": 0, "user_id": .number(Double(id)),
          ]).canonicalText())
      } else {
        output.out(
          "Popular movies for unknown user \(id) (damped mean, C \(TextFormat.fixed(damping, 1))):\n"
        )
        output.out(Session.popularLines(bundle, items))
      }
      return
    }

    let rated = bundle.ratings.row(user)
    let ratedCount = rated.indices.count
    let likedCount = rated.values.filter { $0 >= 4 }.count
    let items = recommender.recommend(user: user, count: count, alpha: Float(alpha))
    if json {
      let list: [JSON] = items.enumerated().map { position, item in
        var members = [JSON.Member("rank", TextFormat.number(position + 1))]
        members += Session.movieFields(bundle, item.movie)
        members += [
          JSON.Member("score", TextFormat.number(item.score)),
          JSON.Member("svd_score", TextFormat.number(item.svdScore)),
          JSON.Member("content_score", TextFormat.number(item.contentScore)),
          JSON.Member("predicted_rating", TextFormat.number(item.predictedRating)),
          JSON.Member(
            "because",
            item.because.map { source in
              .object(
                Session.movieFields(bundle, source).filter { $0.key != "genres" }
                  + [JSON.Member("similarity", TextFormat.number(item.becauseSimilarity))])
            } ?? .null),
        ]
        return .object(members)
      }
      output.out(
        JSON.object([
          "alpha": .number(alpha), "bundle_version": .string(bundle.version), "command": "user",
          "fallback": .null, "items": .array(list), "known_user": true,
          "liked_count": TextFormat.number(likedCount),
          "rated_count": TextFormat.number(ratedCount),
          "user_id": .number(Double(id)),
        ]).canonicalText())
      return
    }
    output.out(
      "Top \(items.count) for user \(id) (alpha \(TextFormat.fixed(alpha, 2)); \(ratedCount) rated, \(likedCount) liked):\n"
    )
    for (position, item) in items.enumerated() {
      var reasons: [String] = []
      if alpha > 0 {
        reasons.append("predicted \(TextFormat.fixed(Double(item.predictedRating), 1))")
      }
      if alpha < 1, let source = item.because, item.contentScore > 0 {
        reasons.append("like \(bundle.movies.displayTitle(source))")
      }
      let why = reasons.isEmpty ? "" : " - " + reasons.joined(separator: "; ")
      output.out(
        "\(Session.rank(position + 1, of: items.count)) \(Session.movieLabel(bundle, item.movie))  score \(TextFormat.fixed(Double(item.score), 3))\(why)\n"
      )
    }
  }
}
