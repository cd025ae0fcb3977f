/// "Did you mean" suggestions for misspelled names.
enum Suggest {
  /// ` (did you mean 'x'?)` for the closest candidate within edit distance 2, else "".
  static func didYouMean(_ word: String, among candidates: [String]) -> String {
    var best: (String, Int)?
    for c in candidates {
      let d = distance(Array(word.utf8), Array(c.utf8))
      if d <= 2 && d < (best?.1 ?? Int.max) { best = (c, d) }
    }
    return best.map { " (did you mean '\($0.0)'?)" } ?? ""
  }

  /// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
  static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          d[i][j] = Swift.min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[a.count][b.count]
  }
}
