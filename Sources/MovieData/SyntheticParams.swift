/// The size and seed of a synthetic MovieLens dataset.
///
/// The defaults are ML-1M's shape. Sizes are free so tests use a few hundred ratings
/// and benchmarks ML-25M's 25 million.
public struct SyntheticParams: Sendable, Equatable {
  /// Number of users (ids 1...users).
  public var users: Int
  /// Number of movies in `movies.dat`.
  public var movies: Int
  /// How many of them get at least one rating (exactly).
  public var ratedMovies: Int
  /// Number of ratings (exactly).
  public var ratings: Int
  /// Every user rates at least this many movies (ML-1M: 20).
  public var minRatingsPerUser: Int
  /// Dimension of the latent taste space.
  public var rank: Int
  /// Decides every random choice: same params, same bytes.
  public var seed: UInt64

  public init(
    users: Int = 6040, movies: Int = 3883, ratedMovies: Int = 3706, ratings: Int = 1_000_209,
    minRatingsPerUser: Int = 20, rank: Int = 12, seed: UInt64 = 42
  ) {
    self.users = users
    self.movies = movies
    self.ratedMovies = ratedMovies
    self.ratings = ratings
    self.minRatingsPerUser = minRatingsPerUser
    self.rank = rank
    self.seed = seed
  }

  /// ML-1M's counts: 6,040 users, 3,883 movies (3,706 rated), 1,000,209 ratings.
  public static let ml1m = SyntheticParams()

  /// ML-25M's counts: 162,541 users, 62,423 movies (59,047 rated), 25,000,095 ratings.
  public static let ml25m = SyntheticParams(
    users: 162_541, movies: 62_423, ratedMovies: 59_047, ratings: 25_000_095)

  /// Checks the sizes fit together.
  ///
  /// - Throws: `MovieDataError.invalidParameter` naming the first bad parameter.
  public func validate() throws {
    func bad(_ name: String, _ reason: String) -> MovieDataError {
      .invalidParameter(name: name, reason: reason)
    }
    if users < 1 || users > 100_000_000 { throw bad("users", "\(users) is not in 1...100000000") }
    if movies < 1 || movies > 10_000_000 { throw bad("movies", "\(movies) is not in 1...10000000") }
    if ratedMovies < 1 || ratedMovies > movies {
      throw bad("rated_movies", "\(ratedMovies) is not in 1...\(movies) (the number of movies)")
    }
    if minRatingsPerUser < 1 || minRatingsPerUser > ratedMovies {
      throw bad(
        "min_ratings_per_user",
        "\(minRatingsPerUser) is not in 1...\(ratedMovies) (the rated movies)")
    }
    if rank < 1 || rank > 64 { throw bad("rank", "\(rank) is not in 1...64") }
    let least = max(users * minRatingsPerUser, ratedMovies)
    let most = users.multipliedReportingOverflow(by: ratedMovies)
    if ratings < least {
      throw bad(
        "ratings",
        "\(ratings) is too few: \(users) users with \(minRatingsPerUser) ratings each and \(ratedMovies) rated movies need at least \(least)"
      )
    }
    if !most.overflow && ratings > most.partialValue {
      throw bad(
        "ratings",
        "\(ratings) is too many: \(users) users can rate at most \(most.partialValue) distinct pairs of \(ratedMovies) movies"
      )
    }
    if ratings > 2_000_000_000 { throw bad("ratings", "\(ratings) is more than 2000000000") }
  }
}
