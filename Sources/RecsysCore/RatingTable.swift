/// Ratings as four parallel columns, one entry per rating, with raw (file) ids.
///
/// Columns rather than an array of structs: stages stream over one column at a time
/// (ids to build indexes, ratings for means), and four flat arrays load and free fast.
public struct RatingTable: Sendable, Equatable {
  /// Raw user ids as written in the file.
  public var users: [Int32]
  /// Raw movie ids as written in the file.
  public var items: [Int32]
  /// Star values (0.5 steps in MovieLens).
  public var ratings: [Float]
  /// Seconds since the Unix epoch.
  public var timestamps: [Int64]

  /// An empty table.
  public init() {
    users = []
    items = []
    ratings = []
    timestamps = []
  }

  /// A table from its columns.
  ///
  /// - Precondition: all columns have the same length.
  public init(users: [Int32], items: [Int32], ratings: [Float], timestamps: [Int64]) {
    precondition(
      users.count == items.count && items.count == ratings.count
        && ratings.count == timestamps.count,
      "rating table columns differ in length")
    self.users = users
    self.items = items
    self.ratings = ratings
    self.timestamps = timestamps
  }

  /// The number of ratings.
  public var count: Int { users.count }

  /// Whether the table holds no rating.
  public var isEmpty: Bool { users.isEmpty }

  /// Reserves room for `n` ratings in every column.
  public mutating func reserveCapacity(_ n: Int) {
    users.reserveCapacity(n)
    items.reserveCapacity(n)
    ratings.reserveCapacity(n)
    timestamps.reserveCapacity(n)
  }

  /// Appends one rating.
  @inlinable
  public mutating func append(user: Int32, item: Int32, rating: Float, timestamp: Int64) {
    users.append(user)
    items.append(item)
    ratings.append(rating)
    timestamps.append(timestamp)
  }

  /// Appends every row of `other`, in order.
  public mutating func append(contentsOf other: RatingTable) {
    users.append(contentsOf: other.users)
    items.append(contentsOf: other.items)
    ratings.append(contentsOf: other.ratings)
    timestamps.append(contentsOf: other.timestamps)
  }

  /// The rows at `indices`, in that order.
  ///
  /// - Precondition: every index is in `0..<count`.
  public func rows<C: Collection>(_ indices: C) -> RatingTable where C.Element: BinaryInteger {
    var out = RatingTable()
    out.reserveCapacity(indices.count)
    for i in indices {
      let r = Int(i)
      out.append(user: users[r], item: items[r], rating: ratings[r], timestamp: timestamps[r])
    }
    return out
  }
}
