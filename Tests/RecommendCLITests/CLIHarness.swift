import ModelBundle
import RecommendCLI
import StrictJSON
import TinyBundleFixture

/// Writes the tiny bundle once per test and runs `recommend` in-process against it.
final class CLIHarness {
  let root: String
  let bundlePath: String
  let written: WrittenBundle

  init() throws {
    root = TinyBundle.temporaryDirectory()
    written = try BundleWriter.write(TinyBundle.contents(), toDirectory: "\(root)/artifacts/bundle")
    bundlePath = "\(root)/artifacts/bundle/\(written.fileName)"
  }

  deinit { TinyBundle.removeDirectory(root) }

  /// Runs with `--bundle` pointing at the tiny bundle.
  func run(_ arguments: String...) -> CommandOutput {
    RecommendCLI.execute(arguments: arguments + ["--bundle", bundlePath])
  }

  /// Runs exactly the given arguments, relative paths from `root`.
  func runBare(_ arguments: [String]) -> CommandOutput {
    RecommendCLI.execute(arguments: arguments, root: root)
  }

  /// Runs with `--json` and parses stdout strictly.
  func json(_ arguments: String...) throws -> JSON {
    let output = RecommendCLI.execute(arguments: arguments + ["--json", "--bundle", bundlePath])
    return try JSONParser.parse(output.stdout, file: "stdout")
  }

  /// The `movie_id`s of a JSON answer's items.
  static func ids(_ answer: JSON) -> [Int] {
    answer["items"]?.arrayValue?.compactMap { $0["movie_id"]?.intValue } ?? []
  }
}
