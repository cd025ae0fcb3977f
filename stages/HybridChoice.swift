import CommandLineKit
import Evaluation
import Scoring
import StrictJSON

/// The hybrid's served settings: each one given, or `auto` and chosen on the validation
/// split by NDCG (ties: the earlier candidate in the fixed order below).
struct HybridChoice {
  struct Request {
    var model: String
    var alpha: String
    var normalize: String

    func validate() throws {
      if alpha != "auto" {
        guard let a = Double(alpha), (0...1).contains(a) else {
          throw CommandLineError.invalidValue(name: "--alpha", value: alpha, expected: "a number in [0, 1] or auto")
        }
      }
      if normalize != "auto" { _ = try ScoreNormalization(named: normalize) }
    }
  }

  var model: String
  var alpha: Double
  var normalize: ScoreNormalization
  var validationNDCG: Double
  /// NDCG on validation of each collaborative model alone, in model order.
  var modelNDCG: [(String, Double)]
  /// NDCG on validation of the best weight for each normalization tried.
  var normalizeNDCG: [(String, Double)]
  /// The validation sweep of the chosen model and normalization.
  var sweep: [HybridSweepPoint]
  var request: Request

  /// Normalizations tried by `auto`, in tie-break order.
  static let normalizations: [ScoreNormalization] = [.minmax, .zscore]

  static func choose(
    _ request: Request, on side: Evaluate.Side, threshold: Float, say: (String) -> Void
  ) throws -> HybridChoice {
    var modelNDCG: [(String, Double)] = []
    say("progress: 0/3 ranking passes")
    for results in try side.evaluator.evaluate(side.models.map { .collaborative($0) }) {
      modelNDCG.append((results[0].scorer, results[0].metrics.ndcg))
      say("validation: \(results[0].scorer) ndcg \(Evaluate.f(results[0].metrics.ndcg))")
    }
    say("progress: 1/3 ranking passes")
    let modelName: String
    if request.model == "auto" {
      var best = modelNDCG[0]
      for candidate in modelNDCG.dropFirst() where candidate.1 > best.1 { best = candidate }
      modelName = best.0
    } else {
      modelName = request.model
    }
    try checkNotSkipped(modelName, on: side)
    guard let model = side.models.first(where: { $0.name == modelName }) else {
      throw ScoringError.unknownModel(name: modelName, available: side.models.map(\.name))
    }
    let fixedAlpha = request.alpha == "auto" ? nil : Double(request.alpha)
    let alphas = fixedAlpha.map { [$0] } ?? HybridSweepPoint.defaultAlphas
    let candidates =
      request.normalize == "auto" ? normalizations : [try ScoreNormalization(named: request.normalize)]
    var best: (ScoreNormalization, HybridSweepPoint, [HybridSweepPoint])? = nil
    var normalizeNDCG: [(String, Double)] = []
    // Every normalization in one pass: the model and content are filled once per user.
    let hybrids = try candidates.map { normalization in
      Ranking.hybrid(
        try HybridScorer(
          collaborative: model, content: side.content, normalization: normalization, likedThreshold: threshold),
        alphas: alphas)
    }
    for (normalization, results) in zip(candidates, try side.evaluator.evaluate(hybrids)) {
      let sweep = zip(alphas, results).map { HybridSweepPoint(alpha: $0, metrics: $1.metrics) }
      var point = sweep[0]
      for p in sweep.dropFirst() where p.metrics.ndcg > point.metrics.ndcg { point = p }
      normalizeNDCG.append((normalization.rawValue, point.metrics.ndcg))
      if best == nil || point.metrics.ndcg > best!.1.metrics.ndcg { best = (normalization, point, sweep) }
    }
    let (normalization, point, sweep) = best!
    return HybridChoice(
      model: modelName, alpha: point.alpha, normalize: normalization, validationNDCG: point.metrics.ndcg,
      modelNDCG: modelNDCG, normalizeNDCG: normalizeNDCG, sweep: sweep, request: request)
  }

  /// A model its stage skipped cannot be served: says why and what to set instead.
  static func checkNotSkipped(_ name: String, on side: Evaluate.Side) throws {
    guard let skip = side.skipped.first(where: { $0.name == name }) else { return }
    throw ScoringError.invalidParameter(
      name: "hybrid.model", value: name,
      expected:
        "a trained model, but \(name) was skipped (\(skip.reason)); set hybrid.model to auto or one of \(side.models.map(\.name).joined(separator: ", ")), or raise ease.max_items if memory allows"
    )
  }

  /// The `hybrid` object of metrics.json: what is served and why.
  func json(round: (Double) -> JSON) -> JSON {
    .object([
      JSON.Member("model", .string(model)), JSON.Member("alpha", .number(alpha)),
      JSON.Member("normalize", .string(normalize.rawValue)),
      JSON.Member(
        "requested",
        .object([
          JSON.Member("model", .string(request.model)), JSON.Member("alpha", .string(request.alpha)),
          JSON.Member("normalize", .string(request.normalize)),
        ])),
      JSON.Member(
        "validation",
        .object([
          JSON.Member("ndcg", round(validationNDCG)),
          JSON.Member("model_ndcg", .object(modelNDCG.map { JSON.Member($0.0, round($0.1)) })),
          JSON.Member("normalize_ndcg", .object(normalizeNDCG.map { JSON.Member($0.0, round($0.1)) })),
        ])),
    ])
  }
}
