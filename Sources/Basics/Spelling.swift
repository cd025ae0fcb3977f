/// "Did you mean" suggestions for misspelt names (fields, stages, parameters, options,
/// commands): the one rule every tool of the package uses, so a typo gets the same
/// answer in `pipeline.json`, on the command line and in `-S`.
public enum Spelling {
  /// ` (did you mean 'x'?)` for the closest candidate, else "": ready to append to a message.
  public static func didYouMean(_ word: String, among candidates: [String]) -> String {
    suggestion(for: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
  }

  /// The candidate `word` was most likely meant to be, or nil if none is close.
  ///
  /// Close means, ignoring case: an optimal-string-alignment (Damerau) distance of at
  /// most 2 that does not rewrite the whole word (`ab` is not "close" to `cd`), or, for
  /// words of 3+ characters, one being a prefix or suffix of the other (`always` ->
  /// `always_changed`). The smallest distance wins, a case-only difference beats
  /// everything, and ties go to the earlier candidate, so the answer is deterministic.
  ///
  /// - Parameters:
  ///   - word: what the user wrote.
  ///   - candidates: the valid names, in the order that should break ties.
  /// - Returns: one of `candidates`, or nil.
  public static func suggestion(for word: String, among candidates: [String]) -> String? {
    let w = Array(word.lowercased().unicodeScalars)
    var best: String? = nil
    var bestScore = Int.max
    for candidate in candidates {
      let c = Array(candidate.lowercased().unicodeScalars)
      if c == w {
        // Differs only in case (or not at all): nothing can be closer.
        return candidate
      }
      var score = Int.max
      let d = distance(w, c)
      if d <= 2 && d < max(w.count, c.count) {
        score = d
      } else if min(w.count, c.count) >= 3,
        c.starts(with: w) || w.starts(with: c) || c.reversed().starts(with: w.reversed())
          || w.reversed().starts(with: c.reversed())
      {
        score = 3
      }
      if score < bestScore {
        bestScore = score
        best = candidate
      }
    }
    return best
  }

  /// The optimal-string-alignment distance: insertions, deletions, substitutions and
  /// swaps of adjacent characters each cost 1 (`dpes` -> `deps` is 1).
  public static func distance(_ a: String, _ b: String) -> Int {
    distance(Array(a.unicodeScalars), Array(b.unicodeScalars))
  }

  static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    let width = b.count + 1
    // Three rows: the one before the previous is needed for transpositions.
    var older = [Int](repeating: 0, count: width)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: width)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          v = min(v, older[j - 2] + 1)
        }
        current[j] = v
      }
      swap(&older, &previous)
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
