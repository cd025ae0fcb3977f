import StrictJSON

extension ScoringConfig {
  /// The `scoring` section and the manifest's `scoring` object.
  public func json() -> JSON {
    .object([
      "alpha": .number(alpha), "fold_in_alpha": .number(foldInAlpha),
      "fold_in_reg": .number(foldInReg), "liked_threshold": .number(likedThreshold),
      "model": .string(model), "normalize": .string(normalize),
    ])
  }

  /// Reads the `scoring` section back, checking every field's type and range.
  static func parse(_ bytes: [UInt8], path: String) throws(BundleError) -> ScoringConfig {
    func bad(_ detail: String) -> BundleError { .malformed(path: path, detail: detail) }
    let value: JSON
    do throws(JSONError) {
      value = try JSONParser.parse(bytes, file: "scoring")
    } catch {
      throw bad("section \(error)")
    }
    func number(_ key: String) throws(BundleError) -> Double {
      guard let x = value[key]?.doubleValue else {
        throw bad("section 'scoring' has no number '\(key)'")
      }
      return x
    }
    func string(_ key: String) throws(BundleError) -> String {
      guard case .string(let s)? = value[key] else {
        throw bad("section 'scoring' has no string '\(key)'")
      }
      return s
    }
    let config = ScoringConfig(
      model: try string("model"), alpha: try number("alpha"), normalize: try string("normalize"),
      likedThreshold: try number("liked_threshold"), foldInReg: try number("fold_in_reg"),
      foldInAlpha: try number("fold_in_alpha"))
    if let problem = config.problem() { throw bad(problem) }
    return config
  }
}
