/// "Did you mean" suggestions by edit distance.
enum Spelling {
  /// The candidate closest to `word`, if it is close enough to be a plausible typo.
  static func suggestion(for word: String, among candidates: [String]) -> String? {
    let target = Array(word.utf8)
    var best: (distance: Int, name: String)? = nil
    for candidate in candidates {
      let distance = editDistance(target, Array(candidate.utf8))
      if distance <= max(1, target.count / 3), best == nil || distance < best!.distance {
        best = (distance, candidate)
      }
    }
    return best?.name
  }

  /// Edit distance over bytes counting an adjacent swap as one edit ("rnu" -> "run"),
  /// the optimal-string-alignment variant of Damerau-Levenshtein.
  static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          best = min(best, table[i - 2][j - 2] + 1)
        }
        table[i][j] = best
      }
    }
    return table[a.count][b.count]
  }
}
