import ModelBundle
import StrictJSON

extension Session {
  /// `recommend info`.
  func info(output: inout CommandOutput) throws(RecommendCLI.Failure) {
    let bundle = try open().bundle
    let file = String(bundle.path.split(separator: "/").last ?? "")
    let counts: [(String, Int)] = [
      ("users", bundle.users.count), ("movies", bundle.movies.count),
      ("genres", bundle.movies.genreNames.count), ("ratings", bundle.ratings.indices.count),
      ("neighbors", bundle.neighbors.indices.count), ("factors", bundle.model.factorCount),
    ]
    let fingerprint = bundle.manifest["dataset_fingerprint"] ?? .null
    let params = bundle.manifest["params"] ?? .null
    let metrics = bundle.manifest["metrics"] ?? .null
    if json {
      output.out(
        JSON.object([
          "command": "info",
          "counts": .object(counts.map { JSON.Member($0.0, TextFormat.number($0.1)) }),
          "dataset_fingerprint": fingerprint, "file": .string(file),
          "format_version": .number(Double(bundle.formatVersion)), "metrics": metrics,
          "params": params,
          "sha256": .string(bundle.sha256), "size": TextFormat.number(bundle.fileSize),
          "version": .string(bundle.version),
        ]).canonicalText())
      return
    }
    func indented(_ value: JSON) -> String {
      value.canonicalText().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        .map { "  " + $0 }.joined(separator: "\n") + "\n"
    }
    output.out("file:            \(file)\n")
    output.out("version:         \(bundle.version)\n")
    output.out("format version:  \(bundle.formatVersion)\n")
    output.out("sha256:          \(bundle.sha256)\n")
    output.out("size:            \(bundle.fileSize) bytes\n")
    output.out("dataset:         \(fingerprint.stringValue ?? fingerprint.compactText())\n")
    output.out("counts:          \(counts.map { "\($0.0) \($0.1)" }.joined(separator: ", "))\n")
    output.out("params:\n" + indented(params))
    output.out("metrics:\n" + indented(metrics))
  }
}
