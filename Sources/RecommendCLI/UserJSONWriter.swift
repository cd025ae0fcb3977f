import ModelBundle
import StrictJSON

/// `recommend user --json`'s answer for a scored list, written straight into bytes.
///
/// The bytes are exactly `JSON.canonicalText()` of the tree `Session.userJSONTree` builds
/// (keys in byte order, two-space indent, the same number forms), without building the
/// tree: on the server's cold path the tree, its key sorts and its strings cost more
/// than scoring the user. `UserJSONWriterTests` compares the two.
struct UserJSONWriter {
  var out: [UInt8] = []

  init() { out.reserveCapacity(6 * 1024) }

  /// The whole answer, with its trailing newline.
  static func answer(
    _ bundle: BundleReader, _ items: [UserRecommendation], alpha: Double, knownUser: Bool,
    userID: Int64?, likedCount: Int, ratedCount: Int
  ) -> [UInt8] {
    var w = UserJSONWriter()
    w.raw("{")
    w.key("alpha", depth: 1, first: true)
    w.number(alpha)
    w.key("bundle_version", depth: 1)
    w.string(bundle.version)
    w.key("command", depth: 1)
    w.string("user")
    w.key("fallback", depth: 1)
    if knownUser { w.raw("null") } else { w.string("fold_in") }
    w.key("items", depth: 1)
    if items.isEmpty {
      w.raw("[]")
    } else {
      w.raw("[")
      for (position, item) in items.enumerated() {
        if position > 0 { w.raw(",") }
        w.newline(2)
        w.item(bundle, item, rank: position + 1, depth: 2)
      }
      w.newline(1)
      w.raw("]")
    }
    w.key("known_user", depth: 1)
    w.raw(knownUser ? "true" : "false")
    w.key("liked_count", depth: 1)
    w.number(Double(likedCount))
    w.key("model", depth: 1)
    w.string(bundle.scoring.model)
    w.key("rated_count", depth: 1)
    w.number(Double(ratedCount))
    w.key("user_id", depth: 1)
    if let userID { w.number(Double(userID)) } else { w.raw("null") }
    w.newline(0)
    w.raw("}\n")
    return w.out
  }

  /// One list entry: `Session.userItems`'s members in key order.
  private mutating func item(_ bundle: BundleReader, _ item: UserRecommendation, rank: Int, depth: Int) {
    let movies = bundle.movies
    let inner = depth + 1
    raw("{")
    key("because", depth: inner, first: true)
    if let source = item.because {
      raw("{")
      key("kind", depth: inner + 1, first: true)
      string(item.becauseKind.rawValue)
      key("movie_id", depth: inner + 1)
      number(Double(movies.ids.ids[source]))
      key("similarity", depth: inner + 1)
      float(item.becauseSimilarity)
      key("title", depth: inner + 1)
      string(movies.title(source))
      key("year", depth: inner + 1)
      year(movies.year(source))
      newline(inner)
      raw("}")
    } else {
      raw("null")
    }
    key("collaborative_score", depth: inner)
    float(item.collaborativeScore)
    key("content_score", depth: inner)
    float(item.contentScore)
    key("genres", depth: inner)
    let genres = movies.genreIndices(item.movie)
    if genres.isEmpty {
      raw("[]")
    } else {
      raw("[")
      for (n, genre) in genres.enumerated() {
        if n > 0 { raw(",") }
        newline(inner + 1)
        string(movies.genreNames[Int(genre)])
      }
      newline(inner)
      raw("]")
    }
    key("movie_id", depth: inner)
    number(Double(movies.ids.ids[item.movie]))
    key("predicted_rating", depth: inner)
    if let rating = item.predictedRating { float(rating) } else { raw("null") }
    key("rank", depth: inner)
    number(Double(rank))
    key("score", depth: inner)
    float(item.score)
    key("title", depth: inner)
    string(movies.title(item.movie))
    key("year", depth: inner)
    year(movies.year(item.movie))
    newline(depth)
    raw("}")
  }

  private mutating func year(_ year: Int?) {
    if let year { number(Double(year)) } else { raw("null") }
  }

  /// `"name": ` on its own line at `depth`, after a comma unless it is the first member.
  private mutating func key(_ name: StaticString, depth: Int, first: Bool = false) {
    if !first { out.append(UInt8(ascii: ",")) }
    newline(depth)
    out.append(UInt8(ascii: "\""))
    name.withUTF8Buffer { out.append(contentsOf: $0) }
    out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: " ")])
  }

  private mutating func raw(_ text: StaticString) {
    text.withUTF8Buffer { out.append(contentsOf: $0) }
  }

  mutating func newline(_ depth: Int) {
    out.append(0x0A)
    for _ in 0..<depth {
      out.append(0x20)
      out.append(0x20)
    }
  }

  /// As `JSON.number(d)` prints.
  private mutating func number(_ d: Double) {
    out.append(contentsOf: JSON.formatNumber(d).utf8)
  }

  /// As `TextFormat.number(f)` prints (the Float's shortest form, through `Double`).
  mutating func float(_ f: Float) {
    out.append(contentsOf: Self.floatText(f).utf8)
  }

  /// `JSON.formatNumber` of `TextFormat.number(f)`'s `Double`, without the round trip
  /// through `Double(String)` where the result is known: between 1e-3 and 1e6 a Float's
  /// shortest digits are also the Double's (two decimals of at most 9 digits are too far
  /// apart to share a Double), both print in positional form, and an integral value
  /// prints as an integer. Elsewhere (exponent forms, huge or tiny values) the round trip.
  static func floatText(_ f: Float) -> String {
    let magnitude = abs(f)
    if magnitude < 1e6 {
      if f == f.rounded() { return String(Int64(f)) }  // -0 too: "0"
      if magnitude >= 1e-3 { return String(describing: f) }
    }
    guard case .number(let d) = TextFormat.number(f) else { return "" }
    return JSON.formatNumber(d)
  }

  /// As the canonical writer quotes a string (the same function).
  mutating func string(_ s: String) { JSON.appendQuoted(s, to: &out) }
}
