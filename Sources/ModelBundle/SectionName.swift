/// The sections of a format-2 bundle, in the order the writer emits them.
///
/// Counts: U users, M movies, G genres, k factors.
enum SectionName: String, CaseIterable, Sendable {
  /// The canonical JSON manifest, UTF-8.
  case manifest = "manifest"
  /// Int64 [U, M, k, G].
  case shape = "shape"
  /// Float64 [global mean rating].
  case globalMean = "mf.global_mean"
  /// Int64 [M]: raw MovieLens id of each dense movie index.
  case movieIDs = "movie.ids"
  /// Int32 [M]: dense movie indices sorted by raw id, for binary search.
  case movieIDOrder = "movie.id_order"
  /// Int32 [M]: release year, 0 when unknown.
  case movieYears = "movie.years"
  /// Int32 [M + 1]: string table offsets into `movie.title_bytes`.
  case titleOffsets = "movie.title_offsets"
  /// UTF-8 bytes of all titles.
  case titleBytes = "movie.title_bytes"
  /// Int32 [M + 1]: CSR offsets into `movie.genre_ids`.
  case movieGenreOffsets = "movie.genre_offsets"
  /// Int32: genre indices of each movie, in the dataset's order.
  case movieGenreIDs = "movie.genre_ids"
  /// Int32 [G + 1]: string table offsets into `genre.name_bytes`.
  case genreNameOffsets = "genre.name_offsets"
  /// UTF-8 bytes of the genre names, sorted by their bytes.
  case genreNameBytes = "genre.name_bytes"
  /// Int64 [U]: raw id of each dense user index.
  case userIDs = "user.ids"
  /// Int32 [U]: dense user indices sorted by raw id.
  case userIDOrder = "user.id_order"
  /// Float32 [U].
  case userBiases = "mf.user_biases"
  /// Float32 [M].
  case itemBiases = "mf.item_biases"
  /// Float32 [U * k], row-major.
  case userFactors = "mf.user_factors"
  /// Float32 [M * k], row-major.
  case itemFactors = "mf.item_factors"
  /// Int32 [M + 1]: CSR offsets of the content neighbours.
  case neighborOffsets = "neighbors.offsets"
  /// Int32: neighbour movie indices, each row by similarity descending.
  case neighborIndices = "neighbors.indices"
  /// Float32: neighbour similarities.
  case neighborSimilarities = "neighbors.similarities"
  /// Int32 [M]: training ratings per movie.
  case ratingCounts = "popularity.counts"
  /// Float32 [M]: mean training rating per movie (0 when unrated).
  case ratingMeans = "popularity.means"
  /// Int32 [U + 1]: CSR offsets of each user's rated items.
  case ratedOffsets = "ratings.offsets"
  /// Int32: rated movie indices.
  case ratedItems = "ratings.items"
  /// Float32: the ratings.
  case ratedValues = "ratings.values"
  /// Canonical JSON: the `ScoringConfig` (model, alpha, normalize, liked threshold, fold-in).
  case scoring = "scoring"
  /// Int64 [kind, k]: 0 the SVD serves, 1 item weights, 2 factors of k columns, 3 sparse weights.
  case rankerShape = "ranker.shape"
  /// Int32 [M + 1] (kind 3: CSR offsets of each movie's neighbours), else empty.
  case rankerOffsets = "ranker.offsets"
  /// Int32 (kind 3: neighbour movie indices), else empty.
  case rankerNeighbours = "ranker.neighbours"
  /// Float32 [M * M] (kind 1), the neighbour weights (kind 3), else empty.
  case rankerItemWeights = "ranker.item_weights"
  /// Float32 [U * k] (kind 2), else empty.
  case rankerUserFactors = "ranker.user_factors"
  /// Float32 [M * k] (kind 2), else empty.
  case rankerItemFactors = "ranker.item_factors"

  var kind: SectionKind {
    switch self {
    case .manifest, .titleBytes, .genreNameBytes, .scoring: return .bytes
    case .shape, .movieIDs, .userIDs, .rankerShape: return .int64
    case .globalMean: return .float64
    case .userBiases, .itemBiases, .userFactors, .itemFactors, .neighborSimilarities,
      .ratingMeans, .ratedValues, .rankerItemWeights, .rankerUserFactors, .rankerItemFactors:
      return .float32
    default: return .int32
    }
  }
}
