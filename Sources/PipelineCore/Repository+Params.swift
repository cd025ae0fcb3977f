import StrictJSON

extension Repository {
  /// Applies `key=value` settings (`-S`) to `params.json` and writes it atomically,
  /// keeping member order. The value is read as JSON when it parses (`128`, `true`,
  /// `"x"`), else taken as a string (`-S data.source=ml-1m`).
  /// - Returns: the settings applied, as (key, value) members.
  @discardableResult
  public func setParams(_ settings: [String]) throws(PipelineError) -> [JSON.Member] {
    var applied: [JSON.Member] = []
    let file = root + "/params.json"
    var params = JSON.object([])
    if FileSystem.exists(file) { params = try Pipeline.parseJSONFile(root: root, name: "params.json").json }
    for setting in settings {
      guard let eq = setting.firstIndex(of: "="), eq != setting.startIndex else {
        throw .usage("-S takes key=value, not '\(setting)'")
      }
      let key = String(setting[..<eq])
      let text = String(setting[setting.index(after: eq)...])
      let value = (try? JSONParser.parse(Array(text.utf8), file: "-S")) ?? .string(text)
      guard Params.value(key, in: params) != nil, let updated = Params.setting(key, to: value, in: params) else {
        let known = Params.leaves(params, prefix: "").map(\.0)
        throw .usage("-S \(key): no such key in params.json\(Suggest.didYouMean(key, among: known))")
      }
      params = updated
      applied.append(JSON.Member(key, value))
    }
    try FileSystem.writeAtomically(params.orderedText(), to: file)
    return applied
  }
}
