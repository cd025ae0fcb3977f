import CommandLineKit
import ModelBundle
import Scoring
import StrictJSON

extension Session {
  /// `recommend user [ID] [--ratings M:R,...] [-n N] [--alpha A] [--strict]`.
  func user(output: inout CommandOutput) throws(RecommendCLI.Failure) {
    let id: Int64?
    if let text = parsed.positionals.first {
      guard let value = Int64(text) else {
        throw .usage(.invalidValue(name: "<id>", value: text, expected: "an integer user id"))
      }
      id = value
    } else {
      id = nil
    }
    let ratingsText = parsed.value("--ratings")
    guard id != nil || ratingsText != nil else {
      throw .usage(
        .invalidValue(name: "<id>", value: "", expected: "a user id, or --ratings MOVIE:RATING,...")
      )
    }
    let newRatings = try ratingsText.map { text throws(RecommendCLI.Failure) in
      try Session.parseRatings(text)
    }
    let count = try count()
    let alphaOption = try RecommendCLI.Failure.usage { () throws(CommandLineError) in
      try parsed.double("--alpha", in: 0...1)
    }
    let recommender = try open()
    let bundle = recommender.bundle
    let alpha = alphaOption ?? bundle.scoring.alpha

    let known = id.flatMap { bundle.users.index(of: $0) }
    let profile: UserProfile
    if let newRatings, known == nil {
      var items: [Int32] = []
      var values: [Float] = []
      for (movieID, rating) in newRatings {
        guard let movie = bundle.movies.ids.index(of: movieID) else {
          throw .query(.unknownMovie(id: movieID, bundle: bundle.path))
        }
        items.append(Int32(movie))
        values.append(rating)
      }
      profile = UserProfile(user: nil, items: items, ratings: values)
    } else if let known {
      if newRatings != nil {
        output.err(
          "note: user \(id!) is in the bundle; --ratings is ignored, their training ratings are used\n"
        )
      }
      profile = recommender.profile(user: known)
    } else {
      let id = id!
      if parsed.has("--strict") { throw .query(.unknownUser(id: id, bundle: bundle.path)) }
      output.err(
        "note: user \(id) is not in the bundle and gave no ratings; showing the most popular movies instead (pass --ratings MOVIE:RATING,... for a personal list)\n"
      )
      let damping = Session.damping(bundle)
      let items = recommender.popular(count: count, genre: nil, minRatings: 1, damping: damping)
      if json {
        output.out(
          JSON.object([
            "alpha": .number(alpha), "bundle_version": .string(bundle.version), "command": "user",
            "fallback": "popular", "items": .array(Session.popularItems(bundle, items)),
            "known_user": false, "liked_count": 0, "model": .string(bundle.scoring.model),
            "rated_count": 0,
            "user_id": .number(Double(id)),
          ]).canonicalText())
      } else {
        output.out(
          "Popular movies for unknown user \(id) (damped mean, C \(TextFormat.fixed(damping, 1))):\n"
        )
        output.out(Session.popularLines(bundle, items))
      }
      return
    }

    let threshold = Float(bundle.scoring.likedThreshold)
    let ratedCount = profile.items.count
    let likedCount = profile.ratings.filter { $0 >= threshold }.count
    let items: [UserRecommendation]
    do throws(RecommendError) {
      items = try recommender.recommend(profile: profile, count: count, alpha: alpha)
    } catch {
      throw .query(error)
    }
    let who = known != nil ? "user \(id!)" : id.map { "new user \($0)" } ?? "a new user"
    if json {
      // Written directly (the server's hot path); the same bytes as `userJSONTree`'s
      // canonical text.
      let bytes = UserJSONWriter.answer(
        bundle, items, alpha: alpha, knownUser: known != nil, userID: id, likedCount: likedCount,
        ratedCount: ratedCount)
      output.out(String(decoding: bytes, as: UTF8.self))
      return
    }
    output.out(
      "Top \(items.count) for \(who) (\(bundle.scoring.model) + content, alpha \(TextFormat.fixed(alpha, 2)); \(ratedCount) rated, \(likedCount) liked):\n"
    )
    output.out(Session.userLines(bundle, items, alpha: alpha))
  }

  /// Parses `MOVIE:RATING,MOVIE:RATING,...` (ids as in the dataset, ratings in (0, 10]).
  static func parseRatings(_ text: String) throws(RecommendCLI.Failure) -> [(Int64, Float)] {
    var pairs: [(Int64, Float)] = []
    var seen: [Int64] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
      let fields = part.split(separator: ":", omittingEmptySubsequences: false)
      guard fields.count == 2, let movie = Int64(fields[0]), let rating = Float(fields[1]),
        rating.isFinite,
        rating > 0, rating <= 10
      else {
        throw .usage(
          .invalidValue(
            name: "--ratings", value: String(part),
            expected: "MOVIE:RATING pairs such as 1:5,260:4 (ratings in (0, 10])"))
      }
      guard !seen.contains(movie) else {
        throw .usage(
          .invalidValue(name: "--ratings", value: String(part), expected: "each movie once"))
      }
      seen.append(movie)
      pairs.append((movie, rating))
    }
    return pairs
  }

  /// The `--json` answer as a tree: what `UserJSONWriter` writes, kept as its reference.
  static func userJSONTree(
    _ bundle: BundleReader, _ items: [UserRecommendation], alpha: Double, knownUser: Bool,
    userID: Int64?, likedCount: Int, ratedCount: Int
  ) -> JSON {
    JSON.object([
      "alpha": .number(alpha), "bundle_version": .string(bundle.version), "command": "user",
      "fallback": knownUser ? .null : "fold_in",
      "items": .array(Session.userItems(bundle, items)), "known_user": .bool(knownUser),
      "liked_count": TextFormat.number(likedCount), "model": .string(bundle.scoring.model),
      "rated_count": TextFormat.number(ratedCount),
      "user_id": userID.map { .number(Double($0)) } ?? .null,
    ])
  }

  static func userItems(_ bundle: BundleReader, _ items: [UserRecommendation]) -> [JSON] {
    items.enumerated().map { position, item in
      var members = [JSON.Member("rank", TextFormat.number(position + 1))]
      members += Session.movieFields(bundle, item.movie)
      members += [
        JSON.Member("score", TextFormat.number(item.score)),
        JSON.Member("collaborative_score", TextFormat.number(item.collaborativeScore)),
        JSON.Member("content_score", TextFormat.number(item.contentScore)),
        JSON.Member(
          "predicted_rating", item.predictedRating.map { TextFormat.number($0) } ?? .null),
        JSON.Member(
          "because",
          item.because.map { source in
            .object(
              [JSON.Member("kind", .string(item.becauseKind.rawValue))]
                + Session.movieFields(bundle, source).filter { $0.key != "genres" }
                + [JSON.Member("similarity", TextFormat.number(item.becauseSimilarity))])
          } ?? .null),
      ]
      return .object(members)
    }
  }

  static func userLines(_ bundle: BundleReader, _ items: [UserRecommendation], alpha: Double)
    -> String
  {
    var text = ""
    for (position, item) in items.enumerated() {
      var reasons: [String] = []
      if alpha > 0 {
        if let rating = item.predictedRating {
          reasons.append("predicted \(TextFormat.fixed(Double(rating), 1))")
        } else {
          reasons.append(
            "\(bundle.scoring.model) \(TextFormat.fixed(Double(item.collaborativeScore), 2))")
        }
      }
      // The scorer gives a content reason only when alpha < 1, a collaborative one only
      // when alpha > 0.
      if let source = item.because {
        switch item.becauseKind {
        case .content where item.contentScore > 0:
          reasons.append("like \(bundle.movies.displayTitle(source))")
        case .collaborative: reasons.append("fans of \(bundle.movies.displayTitle(source))")
        default: break
        }
      }
      let why = reasons.isEmpty ? "" : " - " + reasons.joined(separator: "; ")
      text +=
        "\(Session.rank(position + 1, of: items.count)) \(Session.movieLabel(bundle, item.movie))  score \(TextFormat.fixed(Double(item.score), 3))\(why)\n"
    }
    return text
  }
}
