import ModelBundle
import RecsysCore
@testable import RecommendCLI
import StrictJSON
import Testing
import TinyBundleFixture

/// `recommend user --json` (and so `GET /recommend/user/{id}`) is written without a JSON
/// tree; these check the bytes equal the tree's canonical text, on the tiny bundle and
/// on titles that need escaping, empty lists, missing years and genres.
@Suite struct UserJSONWriterTests {
  static func bundle(_ contents: BundleContents) throws -> BundleReader {
    try BundleReader(bytes: BundleWriter.encode(contents))
  }

  static func items(_ movies: Int, seed: UInt64) -> [UserRecommendation] {
    var generator = SeededGenerator(seed: seed)
    func next() -> UInt64 { generator.next() }
    func float() -> Float {
      switch next() % 6 {
      case 0: return 0
      case 1: return 3
      case 2: return -Float(next() % 1000) / 7
      default: return Float(bitPattern: UInt32(truncatingIfNeeded: next()) & 0x3FFF_FFFF)
      }
    }
    return (0..<movies).map { m in
      let because = next() % 3 == 0 ? nil : Int(next() % UInt64(movies))
      return UserRecommendation(
        movie: m, score: float(), collaborativeScore: float(), contentScore: float(),
        rawCollaborative: float(), predictedRating: next() % 2 == 0 ? nil : float(),
        because: because, becauseSimilarity: because == nil ? 0 : float(),
        becauseKind: next() % 2 == 0 ? .content : .collaborative)
    }
  }

  static func expectSame(
    _ bundle: BundleReader, _ items: [UserRecommendation], alpha: Double, knownUser: Bool,
    userID: Int64?
  ) {
    let direct = UserJSONWriter.answer(
      bundle, items, alpha: alpha, knownUser: knownUser, userID: userID, likedCount: 3,
      ratedCount: 17)
    let tree = Session.userJSONTree(
      bundle, items, alpha: alpha, knownUser: knownUser, userID: userID, likedCount: 3,
      ratedCount: 17)
    #expect(String(decoding: direct, as: UTF8.self) == tree.canonicalText())
    #expect(direct == Array(tree.canonicalText().utf8))
  }

  @Test func theTinyBundleWritesAsTheTree() throws {
    let bundle = try BundleReader(bytes: TinyBundle.bytes())
    let count = bundle.movies.count
    for seed in 0..<20 as Range<UInt64> {
      let items = Self.items(count, seed: seed)
      Self.expectSame(bundle, items, alpha: 0.35, knownUser: true, userID: 12)
      Self.expectSame(
        bundle, Array(items.prefix(Int(seed) % (count + 1))), alpha: 1, knownUser: seed % 2 == 0,
        userID: seed % 3 == 0 ? nil : -Int64(seed))
    }
    Self.expectSame(bundle, [], alpha: 0, knownUser: false, userID: nil)
  }

  /// The short cut for Float scores prints what the round trip through `Double` prints.
  @Test func floatsPrintAsThroughDouble() {
    func slow(_ f: Float) -> String {
      guard case .number(let d) = TextFormat.number(f) else { return "?" }
      return JSON.formatNumber(d)
    }
    var specials: [Float] = [
      0, -0, 1, -1, 3, 0.5, 0.1, 0.7, 1e-3, -1e-3, 9.99e-4, 1e6, -1e6, 999_999.94, 1e6 - 0.0625,
      16_777_216, 8_388_607.5, 1e-5, 2.5e-7, 123_456.79, 1.0000001, .leastNormalMagnitude,
      .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e20, 4_294_967_296,
    ]
    for base in specials {
      specials.append(base.nextUp)
      specials.append(base.nextDown)
    }
    for f in specials where f.isFinite { #expect(UserJSONWriter.floatText(f) == slow(f), "\(f)") }
    var state: UInt64 = 12345
    for _ in 0..<100_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let bits = UInt32(truncatingIfNeeded: state >> 32)
      // Random bit patterns, and values spread over the scores' usual range.
      for f in [Float(bitPattern: bits), Float(Int32(bitPattern: bits)) / 1e8] where f.isFinite {
        let fast = UserJSONWriter.floatText(f)
        if fast != slow(f) { Issue.record("\(f): \(fast) != \(slow(f))") }
      }
    }
  }

  @Test func escapedTitlesNoYearNoGenres() throws {
    var contents = TinyBundle.contents()
    contents.movies[0].title = "Quote \" back\\slash\ttab\nnewline\u{01}\u{1F} é ✓ /slash"
    contents.movies[1].year = nil
    contents.movies[2].genres = []
    let bundle = try Self.bundle(contents)
    for seed in 0..<10 as Range<UInt64> {
      Self.expectSame(
        bundle, Self.items(bundle.movies.count, seed: seed), alpha: 0.5, knownUser: true,
        userID: Int64.max >> 12)
    }
  }
}
