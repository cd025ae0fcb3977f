/// Each user's rated items with their ratings, as CSR: user `u` owns
/// `items[offsets[u]..<offsets[u+1]]` and the `ratings` alongside.
///
/// Used for both the training and the test side of a split; users and items are dense
/// indices (`0..<userCount`, `0..<itemCount`) assigned by the caller.
public struct UserRatings: Sendable, Equatable {
  /// Row starts; `userCount + 1` entries, first 0, last `items.count`.
  public let offsets: [Int]
  /// Item index of each rating.
  public let items: [Int32]
  /// The rating values, alongside `items`.
  public let ratings: [Float]

  /// The number of users (rows), including users with no rating.
  public var userCount: Int { offsets.count - 1 }

  /// Wraps CSR arrays after checking their shape.
  ///
  /// - Throws: `EvaluationError.malformedTable` when offsets do not start at 0, decrease,
  ///   or do not end at the item count, or `ratings` does not pair with `items`.
  public init(offsets: [Int], items: [Int32], ratings: [Float], name: String = "ratings") throws {
    guard offsets.first == 0 else {
      throw EvaluationError.malformedTable(name: name, detail: "offsets must start with 0")
    }
    guard items.count == ratings.count else {
      throw EvaluationError.lengthMismatch(
        what: "table '\(name)' ratings", expected: items.count, actual: ratings.count)
    }
    for u in 0..<(offsets.count - 1) where offsets[u] > offsets[u + 1] {
      throw EvaluationError.malformedTable(name: name, detail: "offsets decrease at user \(u)")
    }
    guard offsets[offsets.count - 1] == items.count else {
      throw EvaluationError.malformedTable(
        name: name,
        detail: "last offset \(offsets[offsets.count - 1]) is not the item count \(items.count)")
    }
    self.offsets = offsets
    self.items = items
    self.ratings = ratings
  }

  /// Groups (user, item, rating) triples by user, keeping their order within a user.
  ///
  /// - Throws: `EvaluationError` when the arrays differ in length or a user is outside
  ///   `0..<userCount`.
  public init(
    userCount: Int, users: [Int32], items: [Int32], ratings: [Float], name: String = "ratings"
  ) throws {
    guard userCount >= 0 else {
      throw EvaluationError.invalidParameter(
        name: "userCount", value: "\(userCount)", expected: "a count >= 0")
    }
    guard users.count == items.count else {
      throw EvaluationError.lengthMismatch(
        what: "table '\(name)' items", expected: users.count, actual: items.count)
    }
    guard users.count == ratings.count else {
      throw EvaluationError.lengthMismatch(
        what: "table '\(name)' ratings", expected: users.count, actual: ratings.count)
    }
    var offsets = [Int](repeating: 0, count: userCount + 1)
    for u in users {
      guard u >= 0, Int(u) < userCount else {
        throw EvaluationError.userOutOfRange(user: u, userCount: userCount)
      }
      offsets[Int(u) + 1] += 1
    }
    for u in 0..<userCount { offsets[u + 1] += offsets[u] }
    var next = offsets
    var groupedItems = [Int32](repeating: 0, count: items.count)
    var groupedRatings = [Float](repeating: 0, count: items.count)
    for p in 0..<users.count {
      let u = Int(users[p])
      groupedItems[next[u]] = items[p]
      groupedRatings[next[u]] = ratings[p]
      next[u] += 1
    }
    self.offsets = offsets
    self.items = groupedItems
    self.ratings = groupedRatings
  }

  /// The items user `u` rated.
  public func items(of u: Int) -> ArraySlice<Int32> { items[offsets[u]..<offsets[u + 1]] }

  /// The ratings of user `u`, alongside `items(of:)`.
  public func ratings(of u: Int) -> ArraySlice<Float> { ratings[offsets[u]..<offsets[u + 1]] }

  /// The items user `u` rated at least `threshold`, in table order: the "liked" set
  /// that content scores average over.
  public func items(of u: Int, ratedAtLeast threshold: Float) -> [Int32] {
    var liked: [Int32] = []
    for p in offsets[u]..<offsets[u + 1] where ratings[p] >= threshold { liked.append(items[p]) }
    return liked
  }

  /// Checks that every item lies in `0..<itemCount`.
  func validate(itemCount: Int, name: String) throws {
    for u in 0..<userCount {
      for p in offsets[u]..<offsets[u + 1] where items[p] < 0 || Int(items[p]) >= itemCount {
        throw EvaluationError.itemOutOfRange(
          table: name, user: u, item: items[p], itemCount: itemCount)
      }
    }
  }
}
