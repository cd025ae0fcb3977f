/// Co-occurrence counts `|users(i) ∩ users(j)|`, the Gram matrix `XᵀX` of a binary
/// user x item matrix, computed one item row at a time from the two CSR views.
///
/// Counts are whole numbers below 2^24, exact in Float, so the result never depends on
/// the order of the additions or the thread that made them.
enum ItemCooccurrence {
  /// Adds the co-occurrence counts of item `i` with every item `j <= limit` into `row`.
  ///
  /// - Parameters:
  ///   - byUser: users x items; its rows ascend, so the scan of a user stops past `limit`.
  ///   - byItem: items x users.
  @inline(__always)
  static func addRow(
    _ i: Int, limit: Int, byUser: InteractionMatrix, byItem: InteractionMatrix,
    into row: UnsafeMutablePointer<Float>
  ) {
    byItem.columns.withUnsafeBufferPointer { users in
      byUser.columns.withUnsafeBufferPointer { items in
        byUser.offsets.withUnsafeBufferPointer { offsets in
          for p in byItem.offsets[i]..<byItem.offsets[i + 1] {
            let u = Int(users[p])
            var q = offsets[u]
            let end = offsets[u + 1]
            while q < end {
              let j = Int(items[q])
              if j > limit { break }
              row[j] += 1
              q += 1
            }
          }
        }
      }
    }
  }
}
