/// Which rating values a file format allows.
public enum RatingRule: Sendable, Equatable {
  /// Any finite number (the normalized `ratings.csv` is not limited to stars).
  case anyFinite
  /// 1, 2, 3, 4 or 5 (ML-100K, ML-1M).
  case wholeStars
  /// 0.5 to 5 in steps of 0.5 (ML-10M and later).
  case halfStars

  /// Whether `rating` is allowed.
  @inlinable
  public func allows(_ rating: Float) -> Bool {
    switch self {
    case .anyFinite: return rating.isFinite
    case .wholeStars: return rating >= 1 && rating <= 5 && rating == rating.rounded(.down)
    case .halfStars:
      let twice = rating * 2
      return rating >= 0.5 && rating <= 5 && twice == twice.rounded(.down)
    }
  }

  /// The allowed values in words, for error messages.
  public var allowedText: String {
    switch self {
    case .anyFinite: return "a finite number"
    case .wholeStars: return "1, 2, 3, 4 or 5"
    case .halfStars: return "0.5 to 5 in steps of 0.5"
    }
  }
}
