import ModelBundle

/// Resolves free text ("toy story", "amelie 2001", "the american president") to a movie.
///
/// Titles and the query are folded to lowercase words without accents (apostrophes
/// dropped, so "schindlers" matches "Schindler's"); the release year counts as a word.
/// Candidates rank by tier, then by rating count, then by movie index:
/// 1. exact: the query's words are the title's words in any order (so "the american
///    president" is exact for "American President, The"), optionally plus the year;
/// 2. every query word appears in the title or year.
/// Two best candidates with the same tier and rating count are ambiguous.
public enum TitleSearch {
  /// Finds the movie `query` names.
  ///
  /// - Complexity: O(total title bytes); titles are folded into one reused buffer, so the
  ///   scan allocates nothing per movie (ASCII titles; others take a slower path).
  public static func search(_ query: String, in movies: MovieTableView, popularity: PopularityView)
    -> TitleMatch
  {
    let wanted = words(query).map { Array($0.utf8) }
    guard !wanted.isEmpty else { return .none(suggestions: []) }
    var distinct: [[UInt8]] = []
    for word in wanted where !distinct.contains(word) { distinct.append(word) }
    var matches: [(tier: Int, count: Int32, movie: Int)] = []
    var partial: [(hits: Int, count: Int32, movie: Int)] = []
    var title = WordBuffer()
    var used: [Bool] = []
    for movie in 0..<movies.count {
      title.reset()
      title.append(folding: movies.titles.utf8(movie))
      let year = movies.years[movie] > 0 ? Array(String(movies.years[movie]).utf8) : nil
      let count = popularity.counts[movie]
      if title.isPermutation(of: wanted, extra: nil, used: &used)
        || (year != nil && title.isPermutation(of: wanted, extra: year, used: &used))
      {
        matches.append((0, count, movie))
        continue
      }
      var hits = 0
      for word in distinct where title.contains(word) || word == year { hits += 1 }
      if hits == distinct.count {
        matches.append((1, count, movie))
      } else if hits > 0 {
        partial.append((hits, count, movie))
      }
    }
    guard !matches.isEmpty else {
      partial.sort { ($0.hits, $0.count, -$0.movie) > ($1.hits, $1.count, -$1.movie) }
      return .none(suggestions: partial.prefix(5).map(\.movie))
    }
    matches.sort { ($0.tier, -Int64($0.count), $0.movie) < ($1.tier, -Int64($1.count), $1.movie) }
    let best = matches[0]
    let tied = matches.prefix { $0.tier == best.tier && $0.count == best.count }
    if tied.count > 1 { return .ambiguous(candidates: tied.prefix(10).map(\.movie)) }
    return .found(movie: best.movie, others: matches.dropFirst().prefix(5).map(\.movie))
  }

  /// Folded words of one title, stored end to end in one reused byte buffer.
  struct WordBuffer {
    var bytes: [UInt8] = []
    var ends: [Int] = []

    mutating func reset() {
      bytes.removeAll(keepingCapacity: true)
      ends.removeAll(keepingCapacity: true)
    }

    var count: Int { ends.count }

    func word(_ index: Int) -> ArraySlice<UInt8> {
      bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    func contains(_ word: [UInt8]) -> Bool {
      for index in 0..<count where self.word(index).elementsEqual(word) { return true }
      return false
    }

    /// Whether `query` is exactly these words (plus `extra`) in some order.
    func isPermutation(of query: [[UInt8]], extra: [UInt8]?, used: inout [Bool]) -> Bool {
      let total = count + (extra == nil ? 0 : 1)
      guard total == query.count else { return false }
      used.removeAll(keepingCapacity: true)
      used.append(contentsOf: repeatElement(false, count: total))
      for word in query {
        var found = false
        for index in 0..<total where !used[index] {
          let candidate = index < count ? self.word(index).elementsEqual(word) : extra! == word
          if candidate {
            used[index] = true
            found = true
            break
          }
        }
        if !found { return false }
      }
      return true
    }

    /// Appends the folded words of UTF-8 `text`.
    mutating func append(folding text: UnsafeBufferPointer<UInt8>) {
      guard text.allSatisfy({ $0 < 0x80 }) else {
        for word in TitleSearch.words(utf8: text) {
          bytes.append(contentsOf: word.utf8)
          ends.append(bytes.count)
        }
        return
      }
      var inWord = false
      for byte in text {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
          bytes.append(byte)
          inWord = true
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
          bytes.append(byte + 32)
          inWord = true
        case UInt8(ascii: "'"):
          continue
        default:
          if inWord { ends.append(bytes.count) }
          inWord = false
        }
      }
      if inWord { ends.append(bytes.count) }
    }
  }

  /// The folded words of `text`.
  public static func words(_ text: String) -> [String] {
    var copy = text
    return copy.withUTF8 { words(utf8: $0) }
  }

  /// The folded words of UTF-8 `bytes`: ASCII fast path, Unicode folding otherwise.
  static func words(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [String] {
    if bytes.allSatisfy({ $0 < 0x80 }) { return asciiWords(bytes) }
    var result: [String] = []
    var current = ""
    for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
      switch fold(scalar) {
      case .skip: continue
      case .text(let text): current += text
      case .separator:
        if !current.isEmpty {
          result.append(current)
          current = ""
        }
      }
    }
    if !current.isEmpty { result.append(current) }
    return result
  }

  private enum Folded {
    case skip
    case text(String)
    case separator
  }

  /// Lowercase without accents. Latin letters (U+00C0-U+024F, enough for MovieLens's
  /// latin-1 titles) map through a table; other letters are only lowercased. Foundation's
  /// `folding` would cover every script but costs ~7 ms of process start-up.
  private static func fold(_ scalar: Unicode.Scalar) -> Folded {
    let value = scalar.value
    if value < 0x80 {
      let byte = UInt8(value)
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return .text(String(scalar))
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): return .text(String(Unicode.Scalar(byte + 32)))
      case UInt8(ascii: "'"): return .skip
      default: return .separator
      }
    }
    if value == 0x2019 { return .skip }
    if value >= 0xC0, value < 0x250, !latinFolds[Int(value - 0xC0)].isEmpty {
      return .text(latinFolds[Int(value - 0xC0)])
    }
    let properties = scalar.properties
    if properties.generalCategory == .nonspacingMark { return .skip }
    if properties.isAlphabetic || properties.numericType != nil {
      return .text(properties.lowercaseMapping)
    }
    return .separator
  }

  /// ASCII folds of U+00C0..<U+0250, "" where there is none (generated with Python's
  /// unicodedata NFD plus ß, æ, œ, ø, ð, þ, ł, đ and friends).
  private static let latinFolds: [String] =
    ("a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o||o|u|u|u|u|y|th|ss|a|a|a|a|a|a|ae|c|e|e|e|e"
    + "|i|i|i|i|d|n|o|o|o|o|o||o|u|u|u|u|y|th|y|a|a|a|a|a|a|c|c|c|c|c|c|c|c|d|d|d|d|e|e|e|e|e|e|e"
    + "|e|e|e|g|g|g|g|g|g|g|g|h|h|h|h|i|i|i|i|i|i|i|i|i|i|||j|j|k|k|k|l|l|l|l|l|l|l|l|l|l|n|n|n|n"
    + "|n|n||ng|ng|o|o|o|o|o|o|oe|oe|r|r|r|r|r|r|s|s|s|s|s|s|s|s|t|t|t|t|t|t|u|u|u|u|u|u|u|u|u|u|"
    + "u|u|w|w|y|y|y|z|z|z|z|z|z|s|||||||||||||||||||||||||||||||||o|o||||||||||||||u|u||||||||||"
    + "|||||||||||||||||||a|a|i|i|o|o|u|u|u|u|u|u|u|u|u|u||a|a|a|a|||||g|g|k|k|o|o|o|o|||j||||g|g"
    + "|||n|n|a|a|||||a|a|a|a|e|e|e|e|i|i|i|i|o|o|o|o|r|r|r|r|u|u|u|u|s|s|t|t|||h|h|||||||a|a|e|e"
    + "|o|o|o|o|o|o|o|o|y|y||||||||||||||||||||||||||||").split(
      separator: "|", omittingEmptySubsequences: false
    ).map(String.init)

  private static func asciiWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
    var result: [String] = []
    var current: [UInt8] = []
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        current.append(byte)
      case UInt8(ascii: "A")...UInt8(ascii: "Z"):
        current.append(byte + 32)
      case UInt8(ascii: "'"):
        continue
      default:
        if !current.isEmpty {
          result.append(String(decoding: current, as: UTF8.self))
          current.removeAll(keepingCapacity: true)
        }
      }
    }
    if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
    return result
  }
}
