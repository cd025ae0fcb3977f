/// The outcome of resolving a title query to one movie.
public enum TitleMatch: Sendable, Equatable {
  /// The best match, and the next-best candidates (at most 5) for the stderr note.
  case found(movie: Int, others: [Int])
  /// Several movies match equally well (same tier, same rating count).
  case ambiguous(candidates: [Int])
  /// No title holds every query word; the closest partial matches (at most 5).
  case none(suggestions: [Int])
}
