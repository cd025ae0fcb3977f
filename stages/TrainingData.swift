import RecsysCore

/// What `evaluate` and `package` both load: the movies, the trained model in movie
/// order, and the train and test ratings as dense (user, movie) indices.
struct TrainingData {
  var movies: [Movie]
  var movieIds: [Int32]
  var model: ModelFile.Loaded
  /// Train ratings in file order, as model user index and movie index.
  var trainUsers: [Int32]
  var trainMovies: [Int32]
  var trainRatings: [Float]
  /// Test ratings: user index -1 for a user the model never saw.
  var testUsers: [Int32]
  var testMovies: [Int32]
  var testRatings: [Float]

  init(movies moviesPath: String, split: String, model modelPath: String) throws {
    let movies = try MoviesCSV.read(path: moviesPath)
    let model = try ModelFile.load(modelPath, movieIds: movies.map(\.id))
    try self.init(
      movies: movies, model: model, train: try RatingsCSV.read(path: split + "/train.csv"),
      test: try RatingsCSV.read(path: split + "/test.csv"), split: split)
  }

  /// The same from tables in memory (a cross-validation fold); `split` names them in errors.
  init(movies: [Movie], model: ModelFile.Loaded, train: RatingTable, test: RatingTable, split: String) throws {
    self.movies = movies
    movieIds = movies.map(\.id)
    self.model = model
    let movieIndex = IdIndex(movieIds)
    let userIndex = IdIndex(model.userIds)
    func movie(_ id: Int32, _ file: String) throws -> Int32 {
      guard let m = movieIndex.index(of: id) else {
        throw RecsysCoreError.malformed(file: file, line: 0, reason: "movie \(id) is not in movies.csv; run parse again")
      }
      return m
    }
    trainUsers = train.users.map { userIndex.index(of: $0) ?? -1 }
    guard !trainUsers.contains(-1) else {
      throw RecsysCoreError.malformed(
        file: split + "/train.csv", line: 0, reason: "holds users the model does not know; run train again")
    }
    trainMovies = try train.items.map { try movie($0, split + "/train.csv") }
    trainRatings = train.ratings
    testUsers = test.users.map { userIndex.index(of: $0) ?? -1 }
    testMovies = try test.items.map { try movie($0, split + "/test.csv") }
    testRatings = test.ratings
  }

  var userCount: Int { model.userIds.count }
}
