import RecsysCore

/// The served recommender: a collaborative model and content similarity, each
/// normalized per user over the user's candidates, mixed as
/// `alpha * collaborative + (1 - alpha) * content`, and the top N taken by `TopN`.
///
/// Evaluation measures exactly this (`prepare` once per user, `combine` per weight),
/// and `recommend` serves it, so the lists measured are the lists served.
public struct HybridScorer: Sendable {
  public let collaborative: CollaborativeModel
  public let content: ContentIndex
  public let normalization: ScoreNormalization
  /// Ratings at or above this make a movie "liked" for the content half.
  public let likedThreshold: Float

  public init(
    collaborative: CollaborativeModel, content: ContentIndex, normalization: ScoreNormalization,
    likedThreshold: Float = 4
  ) throws(ScoringError) {
    guard collaborative.itemCount == content.itemCount else {
      throw .shape(
        what: "content neighbours", expected: collaborative.itemCount, actual: content.itemCount)
    }
    self.collaborative = collaborative
    self.content = content
    self.normalization = normalization
    self.likedThreshold = likedThreshold
  }

  public var itemCount: Int { collaborative.itemCount }

  /// Scratch arrays for one thread; reused from user to user.
  public struct Workspace: Sendable {
    /// Raw collaborative scores, then (after `prepare`) normalized.
    public internal(set) var collaborative: [Float]
    /// Raw collaborative scores, kept for explanations.
    public internal(set) var rawCollaborative: [Float]
    public internal(set) var content: [Float]
    public internal(set) var rawContent: [Float]
    public internal(set) var combined: [Float]
    public internal(set) var excluded: ExclusionMask
    public internal(set) var liked: [Int32] = []
    var heap = TopKHeap(capacity: 10)
    var explainSlots: ExplainSlots

    public init(itemCount: Int) {
      collaborative = [Float](repeating: 0, count: itemCount)
      rawCollaborative = collaborative
      content = collaborative
      rawContent = collaborative
      combined = collaborative
      excluded = ExclusionMask(itemCount: itemCount)
      explainSlots = ExplainSlots(itemCount: itemCount)
    }
  }

  /// Scores both halves for `profile` and normalizes them over its candidates.
  public func prepare(_ profile: UserProfile, in w: inout Workspace) {
    w.excluded.set(profile.items)
    w.liked = profile.liked(atLeast: likedThreshold)
    let mask = w.excluded
    let liked = w.liked
    w.rawCollaborative.withUnsafeMutableBufferPointer { collaborative.fill(profile, into: $0) }
    w.rawContent.withUnsafeMutableBufferPointer { content.fill(liked: liked, into: $0) }
    w.rawCollaborative.withUnsafeBufferPointer { rawCollaborative in
      w.rawContent.withUnsafeBufferPointer { rawContent in
        w.collaborative.withUnsafeMutableBufferPointer { collaborative in
          w.content.withUnsafeMutableBufferPointer { content in
            normalize(
              collaborative: rawCollaborative, content: rawContent, excluded: mask,
              into: collaborative, content)
          }
        }
      }
    }
  }

  /// The normalized halves from raw scores (what `prepare` does after filling them), for
  /// a caller that filled the raw scores itself (evaluation fills a batch of users at once).
  public func normalize(
    collaborative rawCollaborative: UnsafeBufferPointer<Float>,
    content rawContent: UnsafeBufferPointer<Float>, excluded: ExclusionMask,
    into collaborative: UnsafeMutableBufferPointer<Float>, _ content: UnsafeMutableBufferPointer<Float>
  ) {
    _ = collaborative.update(fromContentsOf: rawCollaborative)
    _ = content.update(fromContentsOf: rawContent)
    normalization.apply(to: collaborative, and: content, excluded: excluded)
  }

  /// Writes `alpha * collaborative + (1 - alpha) * content` (in `Float`, in that order)
  /// into `w.combined`, after `prepare`.
  public func combine(alpha: Double, in w: inout Workspace) {
    w.combined.withUnsafeMutableBufferPointer { out in
      w.collaborative.withUnsafeBufferPointer { c in
        w.content.withUnsafeBufferPointer { t in Self.combine(alpha: alpha, c, t, into: out) }
      }
    }
  }

  /// `combine` over normalized halves held by the caller.
  public static func combine(
    alpha: Double, _ collaborative: UnsafeBufferPointer<Float>, _ content: UnsafeBufferPointer<Float>,
    into out: UnsafeMutableBufferPointer<Float>
  ) {
    let a = Float(alpha)
    let b = Float(1 - alpha)
    for i in 0..<out.count { out[i] = a * collaborative[i] + b * content[i] }
  }

  /// The top `n` of `w.combined` among the candidates, after `combine`.
  public func top(_ n: Int, in w: inout Workspace) -> [(item: Int32, score: Float)] {
    let mask = w.excluded
    var heap = w.heap
    let list = w.combined.withUnsafeBufferPointer {
      TopN.select($0, n: n, excluded: mask, heap: &heap)
    }
    w.heap = heap
    return list
  }

  /// The served list for one user, with the parts of each score and the explanation.
  public func recommend(_ profile: UserProfile, n: Int, alpha: Double, in w: inout Workspace)
    -> [Recommendation]
  {
    prepare(profile, in: &w)
    combine(alpha: alpha, in: &w)
    let liked = w.liked
    let list = top(n, in: &w)
    // One pass over the liked rows explains the whole list (per item, it was one pass each).
    // Content explains only when it weighs in (alpha < 1), the collaborative model only
    // when it does (alpha > 0).
    let reasons =
      alpha < 1
      ? content.explain(items: list.map { Int($0.item) }, liked: liked, slots: &w.explainSlots)
      : [(source: Int, similarity: Float)?](repeating: nil, count: list.count)
    // A movie no liked movie resembles in content is explained by the collaborative
    // model: the liked movie it ties closest to this one (one pass for the whole list).
    let unexplained = alpha > 0 ? list.indices.filter { reasons[$0] == nil } : []
    var links = [(source: Int, affinity: Float)?](repeating: nil, count: list.count)
    for (r, link) in zip(
      unexplained, collaborative.explain(items: unexplained.map { Int(list[$0].item) }, liked: liked))
    {
      links[r] = link
    }
    return zip(list, zip(reasons, links)).map { entry, why in
      let (item, score) = entry
      let (reason, linked) = why
      let i = Int(item)
      return Recommendation(
        item: i, score: score, collaborative: w.collaborative[i], content: w.content[i],
        rawCollaborative: w.rawCollaborative[i], rawContent: w.rawContent[i],
        because: reason?.source ?? linked?.source,
        becauseSimilarity: reason?.similarity ?? linked?.affinity ?? 0,
        becauseKind: linked == nil ? .content : .collaborative)
    }
  }
}

/// One served item and why.
public struct Recommendation: Sendable, Equatable {
  /// Dense movie index.
  public var item: Int
  /// The hybrid score that ranked it.
  public var score: Float
  /// The normalized collaborative part.
  public var collaborative: Float
  /// The normalized content part.
  public var content: Float
  /// The collaborative model's raw score.
  public var rawCollaborative: Float
  /// The mean similarity to the liked movies.
  public var rawContent: Float
  /// The liked movie that explains this one, if any: the most similar in content, else
  /// the one the collaborative model ties closest to it (`becauseKind`).
  public var because: Int?
  /// The content similarity, or the collaborative affinity
  /// (`CollaborativeModel.affinity`); 0 when `because` is nil.
  public var becauseSimilarity: Float
  /// Which half found `because` (`.content` when `because` is nil).
  public var becauseKind: ReasonKind

  /// Where an explanation comes from.
  public enum ReasonKind: String, Sendable, Equatable {
    /// Similar title words and genres (the content index).
    case content
    /// Linked by the collaborative model (what the same users rated).
    case collaborative
  }

  public init(
    item: Int, score: Float, collaborative: Float, content: Float, rawCollaborative: Float,
    rawContent: Float, because: Int?, becauseSimilarity: Float, becauseKind: ReasonKind = .content
  ) {
    self.item = item
    self.score = score
    self.collaborative = collaborative
    self.content = content
    self.rawCollaborative = rawCollaborative
    self.rawContent = rawContent
    self.because = because
    self.becauseSimilarity = becauseSimilarity
    self.becauseKind = becauseKind
  }
}
