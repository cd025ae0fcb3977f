import Foundation
import Testing
import TestSupport

/// End-to-end checks of `pipeline repro` and `status` through the built binary, on
/// pipelines of plain shell commands.
@Suite struct ReproTests {
  static let chain = """
    {
      "stages": {
        "a": {"cmd": "echo ${x.p} > a.txt", "params": ["x.p"], "outs": ["a.txt"]},
        "b": {"cmd": "cat a.txt a.txt > b.txt", "deps": ["a.txt"], "outs": ["b.txt"]},
        "c": {"cmd": "mkdir -p c && echo constant > c/out.txt", "params": ["x.q"], "outs": ["c"]},
        "d": {"cmd": "cat c/out.txt b.txt > d.txt", "deps": ["c", "b.txt"], "outs": ["d.txt"]}
      }
    }
    """
  static let params = #"{"x": {"p": 1, "q": "one"}}"#

  func makeChain() throws -> TempRepo {
    let repo = try TempRepo()
    try repo.write("pipeline.json", Self.chain)
    try repo.write("params.json", Self.params)
    return repo
  }

  func ran(_ r: TempRepo.Result) -> [String] {
    r.stdout.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("Running stage '") else { return nil }
      return String(line.dropFirst(15).prefix { $0 != "'" })
    }
  }

  @Test func firstRunRunsEverythingSecondRunsNothing() throws {
    let repo = try makeChain()
    let first = try repo.pipeline("repro")
    #expect(first.status == 0, "\(first.stderr)")
    #expect(ran(first).sorted() == ["a", "b", "c", "d"])
    let second = try repo.pipeline("repro")
    #expect(second.status == 0)
    #expect(ran(second).isEmpty)
    #expect(second.stdout.contains("Data and pipelines are up to date."))

    // The lock's hashes are what sha256sum says of the same bytes.
    let lock = try JSONSerialization.jsonObject(with: repo.bytes("pipeline.lock")) as! [String: Any]
    let stages = lock["stages"] as! [String: Any]
    let b = stages["b"] as! [String: Any]
    let out = (b["outs"] as! [[String: Any]])[0]
    #expect(out["sha256"] as? String == (try sha256sum(repo.path + "/b.txt")))
    #expect(out["size"] as? Int == 4)
    let dep = (b["deps"] as! [[String: Any]])[0]
    #expect(dep["sha256"] as? String == (try sha256sum(repo.path + "/a.txt")))
    // A directory records its file count and the manifest hash.
    let c = (((stages["c"] as! [String: Any])["outs"]) as! [[String: Any]])[0]
    #expect(c["nfiles"] as? Int == 1)
    let manifest = try sha256sum(repo.path + "/c/out.txt") + " 9 out.txt\n"
    try manifest.write(toFile: repo.path + "/manifest", atomically: true, encoding: .utf8)
    #expect(c["sha256"] as? String == (try sha256sum(repo.path + "/manifest")))
  }

  @Test func paramChangeRerunsOnlyWhatChanged() throws {
    let repo = try makeChain()
    try repo.pipeline("repro")
    // c lists x.q but writes the same bytes: d must stay skipped.
    try repo.write("params.json", #"{"x": {"p": 1, "q": "two"}}"#)
    let r1 = try repo.pipeline("repro")
    #expect(r1.status == 0)
    #expect(ran(r1) == ["c"])
    // x.p changes a's bytes, so b and d follow.
    try repo.write("params.json", #"{"x": {"p": 2, "q": "two"}}"#)
    let r2 = try repo.pipeline("repro")
    #expect(ran(r2) == ["a", "b", "d"])
    #expect(try repo.read("d.txt") == "constant\n2\n2\n")
  }

  @Test func statusNamesEachReason() throws {
    let repo = try makeChain()
    let never = try repo.pipeline("status", "--exit-code")
    #expect(never.status == 1)
    #expect(never.stdout.contains("never run"))
    try repo.pipeline("repro")
    let clean = try repo.pipeline("status", "--exit-code")
    #expect(clean.status == 0)
    #expect(clean.stdout.contains("up to date"))

    try repo.write("params.json", #"{"x": {"p": 5, "q": "one"}}"#)
    let param = try repo.pipeline("status", "--exit-code")
    #expect(param.status == 1)
    #expect(param.stdout.contains("param x.p 1 -> 5"))
    try repo.write("params.json", Self.params)

    try repo.write("a.txt", "edited\n")
    let dep = try repo.pipeline("status")
    #expect(dep.stdout.contains("changed dep a.txt"))
    #expect(dep.stdout.contains("changed out a.txt"))
    try repo.pipeline("repro")

    try FileManager.default.removeItem(atPath: repo.path + "/d.txt")
    #expect(try repo.pipeline("status").stdout.contains("missing out d.txt"))
    try repo.pipeline("repro")

    try repo.write("pipeline.json", Self.chain.replacingOccurrences(of: "cat a.txt a.txt", with: "cat a.txt a.txt a.txt"))
    let cmd = try repo.pipeline("status", "--json")
    let json = try JSONSerialization.jsonObject(with: Data(cmd.stdout.utf8)) as! [String: Any]
    let b = json["b"] as! [String: Any]
    #expect(b["reasons"] as? [String] == ["changed cmd"])
    #expect(b["stale"] as? Bool == true)
    #expect((json["a"] as! [String: Any])["stale"] as? Bool == false)
  }

  @Test func forcedRunsGiveByteIdenticalLocks() throws {
    let repo = try makeChain()
    try repo.pipeline("repro")
    let r1 = try repo.pipeline("repro", "--force")
    #expect(ran(r1).sorted() == ["a", "b", "c", "d"])
    let first = try repo.bytes("pipeline.lock")
    try repo.pipeline("repro", "--force")
    #expect(try repo.bytes("pipeline.lock") == first)
    #expect(first.last == UInt8(ascii: "\n"))
  }

  @Test func dryRunRunsNothing() throws {
    let repo = try makeChain()
    let dry = try repo.pipeline("repro", "--dry")
    #expect(dry.status == 0)
    #expect(dry.stdout.contains("would run 'a': never run"))
    #expect(!repo.exists("a.txt"))
    #expect(!repo.exists("pipeline.lock"))
  }

  @Test func targetsRunWhatTheyNeedOnly() throws {
    let repo = try makeChain()
    let r = try repo.pipeline("repro", "b")
    #expect(ran(r) == ["a", "b"])
    let single = try repo.pipeline("repro", "--single-item", "d")
    #expect(single.status == 1)
    #expect(single.stderr.contains("dependency 'c' does not exist"))
    let unknown = try repo.pipeline("repro", "bb")
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("unknown stage 'bb' (did you mean 'b'?)"))
  }

  @Test func setParamEditsParamsAndReruns() throws {
    let repo = try makeChain()
    try repo.pipeline("repro")
    let r = try repo.pipeline("repro", "-S", "x.p=7")
    #expect(ran(r) == ["a", "b", "d"])
    #expect(try repo.read("params.json").contains("\"p\": 7"))
    let bad = try repo.pipeline("repro", "-S", "x.pp=1")
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("did you mean 'x.p'"))
  }
}
