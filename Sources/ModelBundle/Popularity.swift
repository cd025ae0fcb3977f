/// Training-set rating statistics per movie.
public struct Popularity: Sendable, Equatable {
  /// Ratings per movie (dense movie index).
  public var counts: [Int32]
  /// Mean rating per movie; 0 for a movie without ratings.
  public var means: [Float]

  public init(counts: [Int32], means: [Float]) {
    self.counts = counts
    self.means = means
  }
}
