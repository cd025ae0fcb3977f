import ModelBundle
import RecommendCLI
import Testing
import TinyBundleFixture

/// A bundle whose checksum was recomputed after editing a value (issue 8: a popularity
/// mean of 1.5e22 made `recommend popular` trap with exit 132) is refused on open by
/// every command, with exit 2 and one clear line.
@Suite struct CraftedBundleTests {
  @Test func aHugePopularityMeanIsExit2ForEveryCommand() throws {
    let bytes = TinyBundle.bytes()
    let means = TinyBundle.section("popularity.means", in: bytes)!
    var crafted = bytes
    crafted.replaceSubrange(means.offset..<(means.offset + 4), with: TinyBundle.littleEndian([Float(1.5e22)]))
    TinyBundle.reseal(&crafted)
    let folder = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(folder) }
    TinyBundle.write(crafted, to: folder + "/crafted.mlb")
    for command in [["popular"], ["popular", "--json"], ["user", "10"], ["similar", "1"], ["info"]] {
      let output = RecommendCLI.execute(arguments: command + ["--bundle", folder + "/crafted.mlb"])
      #expect(output.status == 2, "\(command)")
      #expect(output.stdout == "")
      #expect(
        output.stderr
          == "error: '\(folder)/crafted.mlb': malformed bundle: 'popularity.means' value 0 is 1.5e+22, outside its ratings 4.0...5.0; rebuild it with 'pipeline repro'\n"
      )
    }
  }

  @Test func aHugeDampingParamIsExit2() throws {
    let bytes = TinyBundle.bytes()
    let manifest = TinyBundle.section("manifest", in: bytes)!
    let text = String(decoding: bytes[manifest.offset..<(manifest.offset + manifest.length)], as: UTF8.self)
    #expect(text.contains("\"damping\": 2"))
    let edited = text.replacing("\"damping\": 2", with: "\"damping\": 1e300")
    let crafted = TinyBundle.replacing("manifest", with: Array(edited.utf8), in: bytes)
    let folder = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(folder) }
    TinyBundle.write(crafted, to: folder + "/crafted.mlb")
    let output = RecommendCLI.execute(arguments: ["popular", "--bundle", folder + "/crafted.mlb"])
    #expect(output.status == 2)
    #expect(output.stderr.contains("manifest param 'popularity.damping' must be a number in"))
  }
}
