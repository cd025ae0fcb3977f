import Foundation
import Testing
import TestSupport

/// Bad datasets through the real pipeline: each is a clear error, a non-zero exit,
/// and nothing recorded for the stage that failed.
@Suite struct BadInputTests {
  static let movies = "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure|Children's|Fantasy\n"

  static func ratings(_ extra: String = "") -> String {
    var lines = ""
    for u in 1...3 { for m in 1...2 { lines += "\(u)::\(m)::\((u + m) % 5 + 1)::97830\(u)\(m)0\n" } }
    return lines + extra
  }

  /// A repository whose dataset is the given zip (its sha256 set unless `sha256` says otherwise).
  static func repo(zip: [UInt8], sha256: String? = nil) throws -> TempRepo {
    let repo = try DefaultPipelineTests.makeRepo()
    let zipPath = repo.path + "/data.zip"
    try Data(zip).write(to: URL(fileURLWithPath: zipPath))
    var params = try JSONSerialization.jsonObject(with: repo.bytes("params.json")) as! [String: Any]
    params["data"] = ["source": "file://" + zipPath, "sha256": try sha256 ?? sha256sum(zipPath), "md5": ""]
    try DefaultPipelineTests.write(params, to: repo.path + "/params.json")
    return repo
  }

  static func dataset(ratings: String, movies: String = movies) -> [UInt8] {
    StoredZip.make([
      ("ml-1m/ratings.dat", Array(ratings.utf8)), ("ml-1m/movies.dat", Array(movies.utf8)),
      ("ml-1m/users.dat", Array("1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::15::55117\n".utf8)),
    ])
  }

  func expectFailure(_ repo: TempRepo, stage: String, message: String) throws {
    let r = try repo.pipeline("repro")
    #expect(r.status == 1)
    #expect(r.stderr.contains("Stage '\(stage)' failed"), "\(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
    let lock = (try? repo.read("pipeline.lock")) ?? ""
    #expect(!lock.contains("\"\(stage)\": {"))
  }

  @Test func aGoodArchiveParses() throws {
    let repo = try Self.repo(zip: Self.dataset(ratings: Self.ratings()))
    let r = try repo.pipeline("repro", "parse")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("ml-1m: 3 users, 2 movies"))
  }

  @Test func corruptZip() throws {
    var zip = Self.dataset(ratings: Self.ratings())
    zip[30 + 17 + 5] ^= 0x01  // inside ratings.dat's data (after its 30-byte header and name): CRC mismatch
    let repo = try Self.repo(zip: zip)
    try expectFailure(repo, stage: "download", message: "crc")
  }

  @Test func checksumMismatch() throws {
    let repo = try Self.repo(zip: Self.dataset(ratings: Self.ratings()), sha256: String(repeating: "0", count: 64))
    try expectFailure(repo, stage: "download", message: "expected 0000000000000000")
  }

  @Test func truncatedRatingsLine() throws {
    let repo = try Self.repo(zip: Self.dataset(ratings: Self.ratings("3::1")))
    try expectFailure(repo, stage: "parse", message: "ratings.dat:7")
  }

  @Test func ratingOfSeven() throws {
    let repo = try Self.repo(zip: Self.dataset(ratings: Self.ratings("3::1::7::978300000\n")))
    try expectFailure(repo, stage: "parse", message: "ratings.dat:7")
  }

  @Test func unknownFormat() throws {
    let repo = try Self.repo(zip: StoredZip.make([("data/notes.txt", Array("hello".utf8))]))
    try expectFailure(repo, stage: "parse", message: "no movielens dataset found")
  }
}
