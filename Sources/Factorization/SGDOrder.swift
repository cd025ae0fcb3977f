/// The order in which one SGD epoch visits the training ratings.
public enum SGDOrder: String, Sendable, Equatable, CaseIterable {
  /// Surprise's order: ratings grouped by user, users in order of first appearance in the
  /// input, each user's ratings in input order; the same order every epoch.
  ///
  /// Surprise iterates `trainset.ur`, a dict of lists filled in file order, so this is
  /// exactly what `SVD.fit` sees when the input arrays are in train-file order.
  case surprise
  /// A seeded Fisher-Yates permutation, drawn afresh at the start of every epoch.
  case shuffled
  /// Seeded and reshuffled every epoch like `shuffled`, but one user's ratings stay together:
  /// the users come in a random order and each user's ratings in a random order.
  ///
  /// Converges like `shuffled` (the same RMSE to 1e-4 on ML-1M-shaped data) at about twice
  /// the speed, because each user's factor row stays in cache while it is updated.
  case shuffledByUser
  /// LIBMF's fixed block partition (FPSG), on all cores: users and items are cut into
  /// `B x B` blocks (`B` fixed by the data, see `BlockGrid.blockCount`), each epoch runs
  /// `B` rounds of `B` blocks that share no user and no item, and inside a block each
  /// user's ratings stay together, the users in a fresh random order every epoch.
  ///
  /// The result does not depend on the thread count: 1, 2 or 16 threads give the same bits.
  case blocked
}
