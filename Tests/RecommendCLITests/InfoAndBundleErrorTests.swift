import Foundation
import ModelBundle
import RecommendCLI
import StrictJSON
import Testing
import TinyBundleFixture

@Suite struct InfoAndBundleErrorTests {
  @Test func infoShowsVersionParamsMetricsCounts() throws {
    let cli = try CLIHarness()
    let answer = try cli.json("info")
    #expect(answer["version"]?.stringValue == cli.written.version)
    #expect(answer["sha256"]?.stringValue == cli.written.sha256)
    #expect(answer["file"]?.stringValue == cli.written.fileName)
    #expect(answer["format_version"]?.intValue == 2)
    #expect(answer["dataset_fingerprint"]?.stringValue == "tiny-0001")
    #expect(answer["params"]?["hybrid"]?["alpha"]?.doubleValue == 0.5)
    #expect(answer["metrics"]?["mf"]?["rmse"]?.doubleValue == 0.91)
    #expect(answer["counts"]?["users"]?.intValue == 4)
    #expect(answer["counts"]?["movies"]?.intValue == 6)
    #expect(answer["counts"]?["ratings"]?.intValue == 8)
    #expect(answer["size"]?.intValue == cli.written.size)
    let text = cli.run("info").stdout
    #expect(text.contains("version:         \(cli.written.version)\n"))
    #expect(
      text.contains(
        "counts:          users 4, movies 6, genres 10, ratings 8, neighbors 12, factors 2\n"))
    #expect(text.contains("dataset:         tiny-0001\n"))
  }

  @Test func everyJSONAnswerParsesWithFoundationToo() throws {
    let cli = try CLIHarness()
    for arguments in [["info"], ["user", "10"], ["user", "99"], ["popular"], ["similar", "1"]] {
      let output = RecommendCLI.execute(
        arguments: arguments + ["--json", "--bundle", cli.bundlePath])
      #expect(output.status == 0)
      #expect(output.stdout.hasSuffix("}\n"))
      let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
      #expect(object is [String: Any], "\(arguments)")
    }
  }

  @Test func defaultBundleLocation() throws {
    let cli = try CLIHarness()
    let output = cli.runBare(["info", "--json"])
    #expect(output.status == 0)
    #expect(output.stdout.contains(cli.written.version))
    let scratch = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(scratch) }
    let empty = RecommendCLI.execute(arguments: ["info"], root: scratch)
    #expect(empty.status == 2)
    #expect(
      empty.stderr
        == "error: no model bundle found in 'artifacts/bundle'; run 'pipeline repro' to build one, or pass --bundle PATH\n"
    )
  }

  @Test func brokenBundlesGiveClearErrors() throws {
    let cli = try CLIHarness()
    let bytes = TinyBundle.read(cli.bundlePath)
    let directory = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(directory) }

    var flipped = bytes
    flipped[bytes.count / 2] ^= 0x10
    TinyBundle.write(flipped, to: "\(directory)/flipped.mlb")
    TinyBundle.write(Array(bytes.prefix(bytes.count - 3)), to: "\(directory)/cut.mlb")
    var future = bytes
    future[8] = 7
    TinyBundle.write(future, to: "\(directory)/future.mlb")

    let cases: [(String, String)] = [
      ("flipped.mlb", "checksum mismatch"),
      ("cut.mlb", "truncated bundle: expected \(bytes.count) bytes, found \(bytes.count - 3)"),
      ("future.mlb", "bundle format version 7 is not supported (this build reads version 2)"),
      ("missing.mlb", "no such bundle file"),
    ]
    for (name, fragment) in cases {
      for command in [["info"], ["user", "10"], ["popular"], ["similar", "1"]] {
        let output = RecommendCLI.execute(
          arguments: command + ["--bundle", "\(directory)/\(name)"])
        #expect(output.status == 2, "\(name) \(command)")
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.hasPrefix("error: '\(directory)/\(name)': "))
        #expect(output.stderr.contains(fragment), "\(output.stderr)")
      }
    }
  }

  @Test func topLevelHelpVersionAndUnknownCommand() {
    #expect(
      RecommendCLI.execute(arguments: ["--version"]).stdout == "recommend 0.1.0 (bundle format 2)\n"
    )
    let help = RecommendCLI.execute(arguments: ["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("COMMANDS:\n  user "))
    #expect(
      RecommendCLI.execute(arguments: ["help", "popular"]).stdout.hasPrefix(
        "OVERVIEW: List the best-rated"))
    let unknown = RecommendCLI.execute(arguments: ["popualr"])
    #expect(unknown.status == 64)
    #expect(
      unknown.stderr.hasPrefix("Error: unknown command 'popualr' (did you mean 'popular'?)\n"))
  }

  @Test func userHelpMatchesGoldenFile() throws {
    let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/user-help.txt")
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(RecommendCLI.execute(arguments: ["user", "--help"]).stdout == expected)
    #expect(RecommendCLI.execute(arguments: ["help", "user"]).stdout == expected)
  }
}
