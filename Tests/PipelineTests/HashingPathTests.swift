import Foundation
import Testing
import TestSupport

/// Directories and multi-file deps are hashed in parallel and, by default, on the CPU's SHA
/// instructions: the lock must be the bytes the sequential, portable definition gives.
@Suite struct HashingPathTests {
  /// A tree of 60 files of varied sizes in nested folders, plus three file deps.
  private func makeTree() throws -> TempRepo {
    let repo = try TempRepo()
    for index in 0..<60 {
      let folder = ["", "x/", "x/y/", "z/"][index % 4]
      let size = (index * 977) % 5000
      let text = String(repeating: String(UnicodeScalar(UInt8(65 + index % 26))), count: size)
      try repo.write("tree/\(folder)f\(index).txt", text)
    }
    for name in ["d1", "d2", "d3"] { try repo.write("\(name).txt", "dep \(name)\n") }
    try repo.write(
      "pipeline.json",
      #"{"stages": {"s": {"cmd": "cat d1.txt d2.txt d3.txt > out.txt", "deps": ["tree", "d1.txt", "d2.txt", "d3.txt"], "outs": ["out.txt"]}}}"#
    )
    return repo
  }

  /// The manifest as the contract defines it, computed file by file with sha256sum.
  private func expectedManifest(_ repo: TempRepo) throws -> String {
    let files = try FileManager.default.subpathsOfDirectory(atPath: repo.path + "/tree")
      .filter { !(try FileManager.default.attributesOfItem(atPath: repo.path + "/tree/" + $0)[.type] as! FileAttributeType == .typeDirectory) }
      .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    var text = ""
    for file in files {
      let size = try FileManager.default.attributesOfItem(atPath: repo.path + "/tree/" + file)[.size] as! Int
      text += try sha256sum(repo.path + "/tree/" + file) + " \(size) \(file)\n"
    }
    return text
  }

  @Test func parallelManifestMatchesTheDefinition() throws {
    let repo = try makeTree()
    let run = try repo.pipeline("repro")
    #expect(run.status == 0, "\(run.stderr)")
    let lock = try JSONSerialization.jsonObject(with: repo.bytes("pipeline.lock")) as! [String: Any]
    let deps = ((lock["stages"] as! [String: Any])["s"] as! [String: Any])["deps"] as! [[String: Any]]
    #expect(deps.map { $0["path"] as! String } == ["tree", "d1.txt", "d2.txt", "d3.txt"])
    let tree = deps.first { $0["path"] as? String == "tree" }!
    try expectedManifest(repo).write(toFile: repo.path + "/manifest", atomically: true, encoding: .utf8)
    #expect(tree["sha256"] as? String == (try sha256sum(repo.path + "/manifest")))
    #expect(tree["nfiles"] as? Int == 60)
    for dep in deps where dep["path"] as? String != "tree" {
      #expect(dep["sha256"] as? String == (try sha256sum(repo.path + "/" + (dep["path"] as! String))))
    }

    // The portable Swift path, with a cold stat cache, writes the same lock.
    let first = try repo.bytes("pipeline.lock")
    try FileManager.default.removeItem(atPath: repo.path + "/.pipeline/state")
    let again = try repo.run(Tools.pipeline, ["repro", "--force"], environment: ["PIPELINE_SHA256": "portable"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try repo.bytes("pipeline.lock") == first)
  }

  @Test func versionNamesTheImplementation() throws {
    let repo = try TempRepo()
    let version = try repo.pipeline("--version")
    #expect(version.status == 0)
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let hasInstructions =
      cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") || $0.hasPrefix("Features") }
      .map { line in
        let flags = Set(line.split(separator: " ").map(String.init))
        return (flags.contains("sha_ni") && flags.contains("sse4_1") && flags.contains("ssse3"))
          || flags.contains("sha2")
      } ?? false
    #expect(version.stdout == "pipeline 0.1.0 (sha-256: \(hasInstructions ? "accelerated" : "portable"))\n")
    let portable = try repo.run(Tools.pipeline, ["--version"], environment: ["PIPELINE_SHA256": "portable"])
    #expect(portable.stdout == "pipeline 0.1.0 (sha-256: portable)\n")
    let bad = try repo.run(Tools.pipeline, ["status"], environment: ["PIPELINE_SHA256": "turbo"])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("PIPELINE_SHA256='turbo' is not a sha-256 implementation"))
  }
}
