import CRankingKernel

/// Scores from an item-item weight matrix `B` (EASE, Steck 2019): a user's score of item
/// `i` is `sum over rated j of B[j, i]`, with binary (implicit) feedback.
///
/// Needs only the user's rated items, so a new user is scored exactly like a known one:
/// cold start costs nothing extra.
public struct ItemWeightScorer: Sendable {
  public let itemCount: Int
  /// `itemCount * itemCount`, row-major: row `j` is what rating `j` adds to every item.
  public let weights: SharedBuffer<Float>

  /// - Throws: `ScoringError.shape` when `weights` is not `itemCount` squared.
  public init(itemCount: Int, weights: SharedBuffer<Float>) throws(ScoringError) {
    guard itemCount >= 0, weights.count == itemCount * itemCount else {
      throw .shape(what: "item_weights", expected: itemCount * itemCount, actual: weights.count)
    }
    self.itemCount = itemCount
    self.weights = weights
  }

  /// Writes the score of every item into `out`: rows added in ascending item order, so
  /// the bits do not depend on the order the ratings were listed in.
  public func fill(_ profile: UserProfile, into out: UnsafeMutableBufferPointer<Float>) {
    fill([profile], into: out)
  }

  /// Columns per tile of the batched fill: one tile of every row (3,706 x 256 bytes at
  /// ML-1M) stays in L2 while the whole batch is summed from it, so the matrix streams
  /// from memory once a batch; user by user, every user's rated rows did (1.9 MB each).
  static let columnTile = 64

  /// `fill` for several users: row `r` of `out` (`profiles.count x itemCount`) gets
  /// `profiles[r]`'s scores with the same bits as a fill of it alone (every score is
  /// still the sum over the rated rows in ascending order; only the loop order changes).
  ///
  /// Four rows go through the output in one pass (`((out + r0) + r1) + r2) + r3`, the
  /// same additions in the same order as one row at a time), so the output is loaded
  /// and stored a quarter as often.
  public func fill(_ profiles: [UserProfile], into out: UnsafeMutableBufferPointer<Float>) {
    fill(profiles, into: out, kernel: .best)
  }

  /// `fill(_:into:)` on a chosen kernel (the tests compare them bit for bit). The AVX2
  /// kernel holds a tile's 64 outputs in registers across all of a user's rows.
  func fill(_ profiles: [UserProfile], into out: UnsafeMutableBufferPointer<Float>, kernel: ScoringKernel) {
    out.update(repeating: 0)
    let n = itemCount
    guard let base = weights.pointer.baseAddress, let target = out.baseAddress else { return }
    // Each user's distinct rated rows, ascending.
    let rated = profiles.map { profile in
      var rows: [UnsafePointer<Float>] = []
      var previous: Int32 = -1
      for j in profile.items.filter({ $0 >= 0 && Int($0) < n }).sorted() where j != previous {
        rows.append(base + Int(j) * n)
        previous = j
      }
      return rows
    }
    var tile = 0
    while tile < n {
      let width = Swift.min(Self.columnTile, n - tile)
      for (r, rows) in rated.enumerated() {
        let row = target + r * n + tile
        if kernel != .portable {
          rows.withUnsafeBufferPointer { rows in
            // (C sees the row pointers as `const float *const *`: optional pointers, same layout.)
            let pointers = rows.baseAddress.map {
              UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<Float>?.self)
            }
            crank_score_sum_rows_avx2(pointers, rows.count, tile, row, width)
          }
          continue
        }
        var k = 0
        while k + 4 <= rows.count {
          ScoreKernel.addRows(
            rows[k] + tile, rows[k + 1] + tile, rows[k + 2] + tile, rows[k + 3] + tile, into: row, count: width)
          k += 4
        }
        while k < rows.count {
          ScoreKernel.addScaled(rows[k] + tile, 1, into: row, count: width)
          k += 1
        }
      }
      tile += width
    }
  }
}
