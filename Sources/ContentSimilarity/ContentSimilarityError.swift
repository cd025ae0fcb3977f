/// Everything that can go wrong while building TF-IDF vectors or neighbour lists.
public enum ContentSimilarityError: Error, CustomStringConvertible, Equatable {
  /// The neighbour count asked for is not positive.
  case invalidNeighbourCount(Int)
  /// A neighbour table's arrays disagree with each other.
  case malformedNeighbours(String)

  public var description: String {
    switch self {
    case .invalidNeighbourCount(let k):
      return "neighbour count \(k) is not positive: pass k >= 1 (tfidf.k in params.json)"
    case .malformedNeighbours(let detail):
      return "malformed neighbour table: \(detail); rebuild it with the tfidf stage"
    }
  }
}
