import Foundation
import TestSupport
import Testing

/// Nothing read back from the cache is trusted.
@Suite struct CacheIntegrityTests {
  /// The object file of a workspace file: the cache is named by content.
  static func objectPath(_ repo: TempRepo, sha: String) -> String {
    repo.path + "/.pipeline/cache/" + sha.prefix(2) + "/" + sha.dropFirst(2)
  }

  static func damage(_ path: String, with text: String = "evil bytes\n") throws {
    chmod(path, 0o644)
    try text.write(toFile: path, atomically: false, encoding: .utf8)
  }

  static func oneStage(_ repo: TempRepo) throws -> String {
    try repo.write(
      "pipeline.json", #"{"stages": {"a": {"cmd": "echo hello > o.txt", "outs": ["o.txt"]}}}"#)
    #expect(try repo.pipeline("repro").status == 0)
    return try sha256sum(repo.path + "/o.txt")
  }

  /// The exact scenario of the issue: a damaged object, the workspace copy gone.
  @Test func checkoutOfADamagedObjectFailsAndQuarantinesIt() throws {
    let repo = try TempRepo()
    let sha = try Self.oneStage(repo)
    let object = Self.objectPath(repo, sha: sha)
    try Self.damage(object)
    try FileManager.default.removeItem(atPath: repo.path + "/o.txt")

    let r = try repo.pipeline("checkout")
    #expect(r.status == 1)
    #expect(!r.stdout.contains("Restored"), "\(r.stdout)")
    #expect(r.stderr.contains("damaged"), "\(r.stderr)")
    #expect(r.stderr.contains("'o.txt'"), "\(r.stderr)")
    #expect(!repo.exists("o.txt"))
    #expect(!FileManager.default.fileExists(atPath: object))
    #expect(repo.exists(".pipeline/cache/quarantine/" + sha))
    let status = try repo.pipeline("status", "--exit-code")
    #expect(status.status == 1)
    #expect(status.stdout.contains("o.txt"), "\(status.stdout)")

    // repro rebuilds it, and the cache is whole again.
    #expect(try repo.pipeline("repro").status == 0)
    #expect(try repo.read("o.txt") == "hello\n")
    #expect(try repo.pipeline("status", "--exit-code").status == 0)
    #expect(try repo.pipeline("cache", "verify").status == 0)
  }

  /// A damaged file inside a cached directory is caught too, and nothing half
  /// restored is left in the workspace.
  @Test func damagedFileInADirectoryOutIsNotRestored() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "mkdir -p d && echo one > d/1 && echo two > d/2", "outs": ["d"]}}}"#
    )
    #expect(try repo.pipeline("repro").status == 0)
    let sha = try sha256sum(repo.path + "/d/2")
    try Self.damage(Self.objectPath(repo, sha: sha))
    try FileManager.default.removeItem(atPath: repo.path + "/d")
    let r = try repo.pipeline("checkout")
    #expect(r.status == 1)
    #expect(r.stderr.contains("damaged"), "\(r.stderr)")
    #expect(!repo.exists("d"))
    #expect(try repo.pipeline("status", "--exit-code").status == 1)
  }

  /// A run-cache hit whose object is damaged runs the stage instead.
  @Test func damagedRunCacheObjectRebuildsByRunning() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "echo v${p.v} > o.txt; echo ran >> runs.log", "params": ["p.v"], "outs": ["o.txt"]}}}"#
    )
    try repo.write("params.json", #"{"p": {"v": 1}}"#)
    #expect(try repo.pipeline("repro").status == 0)
    let sha = try sha256sum(repo.path + "/o.txt")
    try repo.write("params.json", #"{"p": {"v": 2}}"#)
    #expect(try repo.pipeline("repro").status == 0)
    try Self.damage(Self.objectPath(repo, sha: sha))
    try repo.write("params.json", #"{"p": {"v": 1}}"#)
    let r = try repo.pipeline("repro")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!r.stdout.contains("restored from run-cache"), "\(r.stdout)")
    #expect(r.stderr.contains("damaged"), "\(r.stderr)")
    #expect(try repo.read("o.txt") == "v1\n")
    #expect(try repo.read("runs.log") == "ran\nran\nran\n")
    #expect(try repo.pipeline("status", "--exit-code").status == 0)
    #expect(try repo.pipeline("cache", "verify").status == 0)
  }

  /// Storing an object whose name exists but whose bytes are damaged replaces it.
  @Test func storingOverADamagedObjectReplacesIt() throws {
    let repo = try TempRepo()
    let sha = try Self.oneStage(repo)
    let object = Self.objectPath(repo, sha: sha)
    try Self.damage(object)
    #expect(try repo.pipeline("repro", "--force").status == 0)
    #expect(try sha256sum(object) == sha)
    #expect(try repo.pipeline("cache", "verify").status == 0)
  }

  @Test func cacheVerifyListsDamagedObjectsSorted() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "echo one > a.txt", "outs": ["a.txt"]}, "b": {"cmd": "echo two > b.txt", "outs": ["b.txt"]}, "c": {"cmd": "echo three > c.txt", "outs": ["c.txt"]}}}"#
    )
    #expect(try repo.pipeline("repro").status == 0)
    let clean = try repo.pipeline("cache", "verify")
    #expect(clean.status == 0)
    #expect(
      clean.stdout == "3 cached object(s) verified; all match their names.\n", "\(clean.stdout)")

    let bad = try ["a.txt", "c.txt"].map { try sha256sum(repo.path + "/" + $0) }
    for sha in bad { try Self.damage(Self.objectPath(repo, sha: sha)) }
    let r = try repo.pipeline("cache", "verify")
    #expect(r.status == 1)
    let listed = r.stdout.split(separator: "\n").map { String($0.prefix(64)) }
    #expect(listed == bad.sorted())
    #expect(r.stderr.contains("2 of 3 cached object(s) damaged"), "\(r.stderr)")
  }
}
