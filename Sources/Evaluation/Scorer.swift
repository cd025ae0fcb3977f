/// Scores every item for a user; the ranking driver recommends the best-scored items
/// the user did not rate in training.
///
/// The driver calls `makeFill` once per chunk of users, on the thread that runs the
/// chunk, and then the returned closure once per user. A stateful scorer (the hybrid
/// needs two scratch arrays) keeps its buffers in that closure's context; they are
/// never shared between threads.
public struct Scorer: Sendable {
  /// Fills `scores` (one per item, `itemCount` long) for `user`. The buffer holds the
  /// previous user's scores: overwrite every entry. Higher is better; NaN ranks last.
  public typealias Fill = (_ user: Int, _ scores: inout [Float]) -> Void

  /// Names the scorer in results and errors.
  public let name: String
  /// Makes one fill closure per worker.
  public let makeFill: @Sendable () -> Fill

  /// A scorer whose fill keeps per-worker state.
  public init(name: String, makeFill: @escaping @Sendable () -> Fill) {
    self.name = name
    self.makeFill = makeFill
  }

  /// A stateless scorer.
  public init(name: String, fill: @escaping @Sendable (Int, inout [Float]) -> Void) {
    self.name = name
    self.makeFill = { fill }
  }
}
