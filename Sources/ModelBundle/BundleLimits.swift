/// The value ranges a bundle must keep, checked when it is opened (and by the writer,
/// which reads back what it wrote), so no bundle, however crafted, can make a query
/// overflow, trap or print nonsense.
///
/// The bounds are far outside anything training produces, yet small enough that every
/// score stays finite: a prediction is `mu + bu + bi + p·q` with at most 65,536
/// factors, so `|p·q| <= 65,536 * 10^4 * 10^4`, well inside `Float`.
public enum BundleLimits {
  /// MovieLens ratings: 1...5 stars (ML-100K, ML-1M), 0.5...5 in half stars (ML-10M on).
  public static let rating: ClosedRange<Double> = 0.5...5
  /// Any bias or latent factor.
  public static let factorMagnitude: Float = 10_000
  /// Cosine similarity, with room for rounding of l2-normalized vectors.
  public static let similarity: ClosedRange<Float> = -1.001...1.001
  /// A release year; 0 means unknown.
  public static let year: ClosedRange<Int32> = 0...9999
  /// The manifest params `recommend` reads, each a number in its range when present.
  public static let params: [(key: String, range: ClosedRange<Double>)] = [
    ("hybrid.alpha", 0...1), ("popularity.damping", 0...1e9),
  ]
  /// How far a stored mean may sit outside its movie's lowest and highest rating (it
  /// is stored as a `Float`).
  public static let meanSlack: Float = 1e-3
}
