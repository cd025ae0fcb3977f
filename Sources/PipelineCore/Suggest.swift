import StrictJSON

/// "Did you mean" suggestions for misspelled names (the spelling rules live in StrictJSON).
enum Suggest {
  /// ` (did you mean 'x'?)` for the closest candidate, else "".
  static func didYouMean(_ word: String, among candidates: [String]) -> String {
    Spelling.suggestion(for: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
  }
}
