import Foundation
import RecsysStages
import Testing
import TestSupport

/// `recsys` called in-process through `StageCommand.execute`: help, usage errors, and
/// real stages on tiny data in a temp dir (the built binary is covered end to end by
/// RecsysPipelineTests).
struct StageCommandTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  static func golden(_ name: String) throws -> String {
    try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
  }

  @Test func helpTextMatchesTheGoldenFiles() throws {
    let top = StageCommand.execute(arguments: ["--help"])
    #expect(top.status == 0)
    #expect(top.stderr == "")
    #expect(top.stdout == (try Self.golden("help.txt")))
    #expect(StageCommand.execute(arguments: ["help"]).stdout == top.stdout)
    let download = StageCommand.execute(arguments: ["download", "--help"])
    #expect(download.status == 0)
    #expect(download.stdout == (try Self.golden("help-download.txt")))
    #expect(StageCommand.execute(arguments: ["help", "download"]).stdout == download.stdout)
    #expect(StageCommand.execute(arguments: ["--version"]).stdout == "recsys \(StageCommand.version)\n")
  }

  @Test func usageErrorsExit64AndPointAtHelp() {
    let unknownOption = StageCommand.execute(arguments: ["train", "--factorz=3"])
    #expect(unknownOption.status == 64)
    #expect(unknownOption.stdout == "")
    #expect(unknownOption.stderr.hasPrefix("Error: "))
    #expect(unknownOption.stderr.contains("--factorz"))
    #expect(unknownOption.stderr.contains("See 'recsys train --help'."))

    let unknownCommand = StageCommand.execute(arguments: ["trian"])
    #expect(unknownCommand.status == 64)
    #expect(unknownCommand.stderr.contains("trian"))

    let badValue = StageCommand.execute(arguments: ["parse", "--in=a", "--out=b", "--strict=maybe"])
    #expect(badValue.status == 64)
    #expect(badValue.stderr.contains("true or false"))

    let missing = StageCommand.execute(arguments: ["parse", "--in=a"])
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("--out"))
  }

  @Test func syntheticDownloadThenParse() throws {
    let repo = try TempRepo()
    let raw = repo.path + "/raw"
    let parsed = repo.path + "/parsed"
    let download = StageCommand.execute(arguments: [
      "download", "--source=synthetic", "--sha256=", "--md5=", "--users=30", "--movies=40", "--ratings=900",
      "--seed=3", "--out=" + raw,
    ])
    #expect(download.status == 0, "\(download.stderr)")
    #expect(download.stdout.hasPrefix("synthetic: 30 users, 40 movies, 900 ratings, mean "))
    let names = try FileManager.default.contentsOfDirectory(atPath: raw).sorted()
    #expect(names == ["movies.dat", "ratings.dat", "users.dat"])
    let ratingLines = try repo.read("raw/ratings.dat").split(separator: "\n")
    #expect(ratingLines.count == 900)
    #expect(ratingLines.allSatisfy { $0.split(separator: ":", omittingEmptySubsequences: false).count == 7 })

    let parse = StageCommand.execute(arguments: ["parse", "--in=" + raw, "--out=" + parsed, "--strict=true"])
    #expect(parse.status == 0, "\(parse.stderr)")
    #expect(parse.stdout.hasPrefix("ml-1m: 30 users, 40 movies ("))
    #expect(parse.stdout.hasSuffix(", 900 ratings\n"))
    let csv = try repo.read("parsed/ratings.csv").split(separator: "\n")
    #expect(csv.first == "userId,movieId,rating,timestamp")
    #expect(csv.count == 901)

    // Same seed, same bytes.
    let again = StageCommand.execute(arguments: [
      "download", "--source=synthetic", "--sha256=", "--md5=", "--users=30", "--movies=40", "--ratings=900",
      "--seed=3", "--out=" + repo.path + "/raw2",
    ])
    #expect(again.status == 0)
    #expect(try repo.bytes("raw2/ratings.dat") == repo.bytes("raw/ratings.dat"))
  }

  /// EASE past `--max-items` is skipped, not failed: the stage prints why and how much
  /// memory it would have needed, and writes a ranker that says so; within the limit it trains.
  @Test func easePastMaxItemsIsSkippedNotFailed() throws {
    let repo = try TempRepo()
    let steps: [[String]] = [
      [
        "download", "--source=synthetic", "--sha256=", "--md5=", "--users=30", "--movies=40",
        "--ratings=900",
        "--seed=3", "--out=" + repo.path + "/raw",
      ],
      ["parse", "--in=" + repo.path + "/raw", "--out=" + repo.path + "/parsed"],
      ["split", "--in=" + repo.path + "/parsed", "--out=" + repo.path + "/split", "--seed=1"],
    ]
    for step in steps {
      let r = StageCommand.execute(arguments: step)
      #expect(r.status == 0, "\(step[0]): \(r.stderr)")
    }
    func rank(_ maxItems: Int, _ out: String) -> StageOutput {
      StageCommand.execute(arguments: [
        "rank", "--model=ease", "--movies=" + repo.path + "/parsed/movies.csv",
        "--in=" + repo.path + "/split",
        "--out=" + repo.path + "/" + out, "--lambda=10", "--max-items=\(maxItems)",
      ])
    }
    let skipped = rank(39, "skipped")
    #expect(skipped.status == 0, "\(skipped.stderr)")
    #expect(
      skipped.stdout.hasPrefix(
        "ease: 40 items > ease.max_items 39; EASE skipped (its items x items matrix would need 6.4 KB); the hybrid chooses among the other models\n"
      ))
    let summary =
      try JSONSerialization.jsonObject(with: repo.bytes("skipped/ranker.json")) as! [String: Any]
    #expect(summary["skipped"] as? Bool == true)
    #expect(summary["max_items"] as? Int == 39)
    let again = rank(39, "again")
    #expect(again.status == 0)
    #expect(try repo.bytes("again/ranker.bin") == repo.bytes("skipped/ranker.bin"))

    let trained = rank(40, "trained")
    #expect(trained.status == 0, "\(trained.stderr)")
    #expect(!trained.stdout.contains("skipped"))
    let full =
      try JSONSerialization.jsonObject(with: repo.bytes("trained/ranker.json")) as! [String: Any]
    #expect(full["skipped"] == nil)
    #expect(try repo.bytes("trained/ranker.bin").count > 40 * 40 * 4)
  }

  @Test func zipDownloadChecksItsSumAndParseNamesTheBadLine() throws {
    let repo = try TempRepo()
    let ratings = "1::1::5::978300760\n1::2::3::978302109\n2::1::4::978301968\n"
    let movies = "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure\n"
    let zip = StoredZip.make([
      ("ml-1m/ratings.dat", Array(ratings.utf8)), ("ml-1m/movies.dat", Array(movies.utf8)),
      ("ml-1m/users.dat", Array("1::F::1::10::48067\n2::M::56::16::70072\n".utf8)),
    ])
    try Data(zip).write(to: URL(fileURLWithPath: repo.path + "/ml.zip"))
    let sum = try sha256sum(repo.path + "/ml.zip")

    let wrong = StageCommand.execute(arguments: [
      "download", "--source=file://" + repo.path + "/ml.zip", "--sha256=" + String(repeating: "0", count: 64),
      "--md5=", "--out=" + repo.path + "/raw",
    ])
    #expect(wrong.status == 1)
    #expect(wrong.stderr.hasPrefix("error: "))
    #expect(wrong.stderr.contains(sum))
    #expect(!repo.exists("raw/ml-1m/ratings.dat"))

    let good = StageCommand.execute(arguments: [
      "download", "--source=file://" + repo.path + "/ml.zip", "--sha256=" + sum, "--md5=",
      "--out=" + repo.path + "/raw",
    ])
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.stdout.contains("3 files"))
    #expect(try repo.read("raw/ml-1m/ratings.dat") == ratings)

    let parse = StageCommand.execute(arguments: ["parse", "--in=" + repo.path + "/raw", "--out=" + repo.path + "/p"])
    #expect(parse.status == 0, "\(parse.stderr)")
    #expect(parse.stdout.hasPrefix("ml-1m: 2 users, 2 movies (2 rated), 3 ratings"))

    try repo.write("raw/ml-1m/ratings.dat", ratings + "2::x::4::978301968\n")
    let bad = StageCommand.execute(arguments: ["parse", "--in=" + repo.path + "/raw", "--out=" + repo.path + "/q"])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("ratings.dat:4"), "\(bad.stderr)")
    let lenient = StageCommand.execute(arguments: [
      "parse", "--in=" + repo.path + "/raw", "--out=" + repo.path + "/q", "--strict=false",
    ])
    #expect(lenient.status == 0, "\(lenient.stderr)")
    #expect(lenient.stdout.contains("1 malformed lines skipped"))
  }
}
