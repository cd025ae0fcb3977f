/// One content neighbour of a movie.
public struct SimilarMovie: Sendable, Equatable {
  /// Dense movie index.
  public var movie: Int
  /// Cosine similarity of the TF-IDF vectors.
  public var similarity: Float
}
