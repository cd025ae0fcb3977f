import Foundation
@testable import PipelineCore
import TestSupport
import Testing

/// A shared directory remote: configuration in pipeline.json, push/fetch/pull,
/// `repro --pull`, damage on the remote, concurrent pushers.
@Suite struct RemoteTests {
  /// Three stages: a directory of 120 files, a sorted concatenation, a count.
  static let stages = #"""
    "a": {"cmd": "mkdir -p d && for i in $(seq 1 120); do seq $i 300 > d/f$i.txt; done", "outs": ["d"]},
    "b": {"cmd": "cat d/*.txt | sort > b.txt", "deps": ["d"], "outs": ["b.txt"]},
    "c": {"cmd": "wc -l < b.txt | tr -d ' ' > c.txt", "deps": ["b.txt"], "outs": ["c.txt"]}
  """#

  /// A repository with the three stages and `remote` as its default remote, reproduced.
  static func origin(remote: TempRepo) throws -> TempRepo {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      "{\"stages\": {\n\(stages)\n},\n\"remotes\": {\"origin\": {\"url\": \"\(remote.path)\", \"default\": true}}}\n")
    let run = try repo.pipeline("repro")
    #expect(run.status == 0, "\(run.stderr)")
    return repo
  }

  /// What a teammate's fresh clone holds: the committed files, no outputs, no `.pipeline`.
  static func clone(_ repo: TempRepo, lock: Bool = true) throws -> TempRepo {
    let copy = try TempRepo()
    for name in ["pipeline.json"] + (lock ? ["pipeline.lock"] : []) { try copy.write(name, try repo.read(name)) }
    return copy
  }

  static let outputs = ["d/f1.txt", "d/f120.txt", "b.txt", "c.txt", "pipeline.lock"]

  /// Problems on the remote: an object whose bytes do not hash to its name, a run-cache
  /// entry that does not match its checksum, or any file outside objects/, runcache/, tmp/.
  static func remoteProblems(_ remote: TempRepo) throws -> [String] {
    var problems: [String] = []
    var objects: [String] = []
    let root = remote.path
    for case let relative as String in FileManager.default.enumerator(atPath: root)! {
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
      if isDirectory.boolValue { continue }
      let parts = relative.split(separator: "/")
      if parts.first == "objects", parts.count == 3, parts[1].count == 2, parts[2].count == 62 {
        objects.append(relative)
      } else if parts.first == "runcache", parts.count == 3, parts[2].hasSuffix(".json") {
        let bytes = Array(try remote.bytes(relative))
        if RemoteCache.openEnvelope(bytes) == nil { problems.append("bad entry \(relative)") }
      } else if parts.first != "tmp" {
        problems.append("stray file \(relative)")
      }
    }
    if !objects.isEmpty {
      let sums = try remote.run("/usr/bin/sha256sum", objects)
      for line in sums.stdout.split(separator: "\n") {
        let hash = line.prefix(64)
        let name = line.dropFirst(66).split(separator: "/").dropFirst().joined()
        if hash != name { problems.append("object \(name) hashes to \(hash)") }
      }
      if sums.status != 0 { problems.append("sha256sum failed: \(sums.stderr)") }
    }
    return problems
  }

  // MARK: configuration

  /// add, default, remove edit only the "remotes" value of a multi-line pipeline.json;
  /// list shows shared and personal remotes.
  @Test func remoteCommandsEditPipelineJSONInPlace() throws {
    let repo = try TempRepo()
    let original = "{\n    \"stages\": {\n        \"a\": {\"cmd\": \"echo a > a.txt\",   \"outs\": [\"a.txt\"]}\n    }\n}\n"
    try repo.write("pipeline.json", original)
    #expect(try repo.pipeline("remote", "add", "-d", "shared", "/mnt/shared/cache").status == 0)
    #expect(try repo.pipeline("remote", "add", "ci", "file:///srv/ci-cache").status == 0)
    #expect(
      try repo.read("pipeline.json")
        == "{\n    \"stages\": {\n        \"a\": {\"cmd\": \"echo a > a.txt\",   \"outs\": [\"a.txt\"]}\n    },\n"
        + "    \"remotes\": {\n      \"shared\": {\"url\": \"/mnt/shared/cache\", \"default\": true},\n"
        + "      \"ci\": {\"url\": \"file:///srv/ci-cache\"}\n    }\n}\n")
    #expect(try repo.pipeline("remote", "default", "ci").status == 0)
    #expect(try repo.pipeline("remote", "add", "--local", "mine", "../my-cache").status == 0)
    let list = try repo.pipeline("remote", "list")
    #expect(
      list.stdout
        == "ci      file:///srv/ci-cache  default\nmine    ../my-cache           local\nshared  /mnt/shared/cache\n")
    #expect(try repo.pipeline("remote", "remove", "shared").status == 0)
    #expect(try repo.pipeline("remote", "remove", "ci").status == 0)
    #expect(
      try repo.read("pipeline.json")
        == "{\n    \"stages\": {\n        \"a\": {\"cmd\": \"echo a > a.txt\",   \"outs\": [\"a.txt\"]}\n    },\n"
        + "    \"remotes\": {}\n}\n")
    #expect(try repo.read(".pipeline/config.json").contains("\"mine\": {\"url\": \"../my-cache\"}"))
    #expect(try repo.pipeline("status").status == 0)
  }

  /// A one-line pipeline.json stays on one line.
  @Test func oneLineFileStaysOneLine() throws {
    let repo = try TempRepo()
    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "echo a > a.txt", "outs": ["a.txt"]}}}"#)
    #expect(try repo.pipeline("remote", "add", "origin", "cache dir").status == 0)
    #expect(
      try repo.read("pipeline.json")
        == #"{"stages": {"a": {"cmd": "echo a > a.txt", "outs": ["a.txt"]}}, "remotes": {"origin": {"url": "cache dir"}}}"#)
  }

  @Test func badRemoteConfigurationIsReportedWhereItIs() throws {
    let repo = try TempRepo()
    let stage = #"{"stages": {"a": {"cmd": "echo a > a.txt", "outs": ["a.txt"]}},"#
    func expectError(_ remotes: String, _ message: String, command: [String] = ["status"]) throws {
      try repo.write("pipeline.json", stage + "\n\"remotes\": " + remotes + "}")
      let run = try repo.run(Tools.pipeline, command)
      #expect(run.status == 2, "\(remotes)")
      #expect(run.stderr.contains(message), "\(run.stderr)")
    }
    try expectError(#"{"o": {"url": "/x", "defualt": true}}"#, "pipeline.json:2:32: error: remote 'o': unknown field 'defualt' (did you mean 'default'?)")
    try expectError(#"{"o": {"path": "/x"}}"#, "pipeline.json:2:19: error: remote 'o': unknown field 'path'")
    try expectError(#"{"o": {}}"#, "pipeline.json:2:13: error: remote 'o': missing field 'url'")
    try expectError(#"["/x"]"#, "pipeline.json:2:12: error: 'remotes' must be an object of remotes, found an array")
    try expectError(#"{"o": {"url": 3}}"#, "remote 'o': 'url' must be a non-empty string, found a number")
    try expectError(#"{"a b": {"url": "/x"}}"#, "remote name 'a b' may only use letters")
    try expectError(
      #"{"o": {"url": "/x", "default": true}, "p": {"url": "/y", "default": true}}"#,
      "remotes 'o' and 'p' are both marked default")
    try expectError(
      #"{"o": {"url": "s3://bucket/cache"}}"#,
      "pipeline.json:2:26: error: remote 'o': unsupported URL 's3://bucket/cache' (scheme 's3'); supported: a directory path",
      command: ["push"])
    try expectError(#"{"o": {"url": "file://host/x"}}"#, "names a host", command: ["fetch"])

    try repo.write("pipeline.json", stage + "\"remotes\": {}}")
    let ssh = try repo.pipeline("remote", "add", "o", "ssh://host/cache")
    #expect(ssh.status == 64)
    #expect(ssh.stderr.contains("unsupported URL 'ssh://host/cache'; supported: a directory path"))
    #expect(try repo.pipeline("remote", "add", "o", "/x").status == 0)
    let twice = try repo.pipeline("remote", "add", "o", "/y")
    #expect(twice.status == 2)
    #expect(twice.stderr.contains("remote 'o' already exists (/x)"))
    let unknown = try repo.pipeline("remote", "remove", "oo")
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("no remote named 'oo' (did you mean 'o'?)"))
    let bad = try repo.pipeline("push", "-r", "nope")
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("no remote named 'nope'"))
  }

  // MARK: transfers

  /// Push from one clone, pull into a fresh one: repro runs nothing, the outputs are the
  /// same bytes, and a second push sends nothing.
  @Test func pushThenPullRestoresEverything() throws {
    let remote = try TempRepo()
    let repo = try Self.origin(remote: remote)
    let push = try repo.pipeline("push")
    #expect(push.status == 0, "\(push.stderr)")
    #expect(push.stdout.hasPrefix("pushed 123 objects ("), "\(push.stdout)")
    #expect(push.stdout.contains("and 3 run-cache entries to remote 'origin'; 0 already on the remote"))
    #expect(try repo.pipeline("push").stdout.contains("pushed 0 objects (0 B) and 0 run-cache entries"))
    #expect(try Self.remoteProblems(remote) == [])

    let copy = try Self.clone(repo)
    let cloud = try copy.pipeline("status", "--cloud")
    #expect(cloud.stdout.contains("d      no           yes"), "\(cloud.stdout)")
    let pull = try copy.pipeline("pull", "-j", "3")
    #expect(pull.status == 0, "\(pull.stderr)")
    #expect(pull.stdout.contains("fetched 123 objects"))
    #expect(pull.stdout.contains("restored 3 outputs in the workspace"))
    let repro = try copy.pipeline("repro")
    #expect(repro.status == 0)
    #expect(repro.stdout.hasSuffix("Data and pipelines are up to date.\n"), "\(repro.stdout)")
    for name in Self.outputs { #expect(try copy.bytes(name) == repo.bytes(name), "\(name)") }
    #expect(try copy.pipeline("cache", "verify").status == 0)
    #expect(try copy.pipeline("status", "--cloud", "--exit-code").status == 0)
  }

  /// `repro --pull` in a fresh clone (with or without the lock) restores every stage from
  /// the remote's run-cache.
  @Test func reproPullRestoresEveryStage() throws {
    let remote = try TempRepo()
    let repo = try Self.origin(remote: remote)
    #expect(try repo.pipeline("push").status == 0)
    for withLock in [true, false] {
      let copy = try Self.clone(repo, lock: withLock)
      let run = try copy.pipeline("repro", "--pull")
      #expect(run.status == 0, "\(run.stderr)")
      for stage in ["a", "b", "c"] {
        #expect(run.stdout.contains("Stage '\(stage)' restored from remote run-cache"), "\(run.stdout)")
      }
      #expect(!run.stdout.contains("Running stage"))
      for name in Self.outputs { #expect(try copy.bytes(name) == repo.bytes(name), "\(name)") }
    }
    // Without --pull a fresh clone runs the stages.
    let copy = try Self.clone(repo)
    #expect(try copy.pipeline("repro").stdout.contains("Running stage 'a'"))
  }

  /// A damaged object on the remote is found when received, reported (which object, for
  /// which out, on which remote), never enters the local cache, and the stage runs instead.
  @Test func damagedRemoteObjectIsNeverUsed() throws {
    let remote = try TempRepo()
    let repo = try Self.origin(remote: remote)
    #expect(try repo.pipeline("push").status == 0)
    let lock = try repo.read("pipeline.lock")
    let bSha = String(lock.components(separatedBy: "\"b.txt\",\n          \"sha256\": \"")[1].prefix(64))
    let object = remote.path + "/objects/" + bSha.prefix(2) + "/" + bSha.dropFirst(2)
    chmod(object, 0o644)
    try "evil bytes\n".write(toFile: object, atomically: false, encoding: .utf8)

    let copy = try Self.clone(repo)
    let pull = try copy.pipeline("pull")
    #expect(pull.status == 1)
    #expect(pull.stderr.contains("error: remote 'origin' (\(remote.path)): object \(bSha) for 'b.txt' is damaged (its bytes hash to "), "\(pull.stderr)")
    #expect(!copy.exists("b.txt"))
    #expect(!FileManager.default.fileExists(atPath: copy.path + "/.pipeline/cache/" + bSha.prefix(2) + "/" + bSha.dropFirst(2)))
    #expect(try copy.pipeline("cache", "verify").status == 0)

    let fresh = try Self.clone(repo)
    let run = try fresh.pipeline("repro", "--pull")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("object \(bSha) for 'b.txt' is damaged"))
    #expect(run.stdout.contains("Stage 'a' restored from remote run-cache"))
    #expect(run.stdout.contains("Running stage 'b'"))
    #expect(try fresh.bytes("b.txt") == repo.bytes("b.txt"))
    #expect(try fresh.pipeline("cache", "verify").status == 0)
  }

  /// Pushers from four clones with the same outputs, at once, into one remote: all
  /// succeed and the remote holds one good copy of each object.
  @Test func concurrentPushersAllSucceed() throws {
    let remote = try TempRepo()
    let repo = try Self.origin(remote: remote)
    var clones: [TempRepo] = []
    for _ in 0..<3 {
      let copy = try Self.clone(repo)
      #expect(try copy.pipeline("repro", "--force").status == 0)
      clones.append(copy)
    }
    let pushers = try ([repo] + clones).map { try RunningPipeline(in: $0, ["push", "-j", "2"], captureOutput: true) }
    for pusher in pushers {
      let (status, _, stderr) = pusher.finish()
      #expect(status == 0, "\(stderr)")
    }
    #expect(try Self.remoteProblems(remote) == [])
    let names = try FileManager.default.subpathsOfDirectory(atPath: remote.path + "/objects").filter { $0.count == 65 }
    #expect(names.count == 123)
    let tmp = (try? FileManager.default.subpathsOfDirectory(atPath: remote.path + "/tmp")) ?? []
    #expect(tmp.allSatisfy { !$0.contains(".tmp-") }, "\(tmp)")
  }

  // MARK: kills

  /// 20 SIGKILLs of `push` at random moments: the remote never holds a bad object or
  /// entry, and the next push completes.
  @Test func killedPushesNeverCorruptTheRemote() throws {
    let remote = try TempRepo()
    let repo = try Self.origin(remote: remote)
    var generator = TestGenerator(state: 12)
    var finished = 0
    for round in 0..<20 {
      if round % 2 == 0 { try? FileManager.default.removeItem(atPath: remote.path + "/objects") }
      let run = try RunningPipeline(in: repo, ["push"])
      usleep(useconds_t(generator.next(below: 400_000)))
      run.signal(SIGKILL)
      run.wait()
      if run.process.terminationReason == .exit { finished += 1 }
      #expect(try Self.remoteProblems(remote) == [], "round \(round)")
    }
    print("push kill test: 20 SIGKILLs, \(finished) pushes had finished first")
    #expect(try repo.pipeline("push").status == 0)
    #expect(try Self.remoteProblems(remote) == [])
    #expect(try repo.pipeline("cache", "verify").status == 0)
    let leftover = try FileManager.default.subpathsOfDirectory(atPath: remote.path + "/tmp").filter { $0.contains(".tmp-") }
    #expect(leftover == [], "a later push removes its host's dead temps")
    let copy = try Self.clone(repo)
    #expect(try copy.pipeline("pull").status == 0)
    for name in Self.outputs { #expect(try copy.bytes(name) == repo.bytes(name), "\(name)") }
  }

  /// 20 SIGKILLs of `pull` at random moments: the local cache always verifies, and the
  /// next pull completes with the same bytes.
  @Test func killedPullsNeverCorruptTheLocalCache() throws {
    let remote = try TempRepo()
    let repo = try Self.origin(remote: remote)
    #expect(try repo.pipeline("push").status == 0)
    let copy = try Self.clone(repo)
    var generator = TestGenerator(state: 21)
    var finished = 0
    for round in 0..<20 {
      if round % 2 == 0 {
        for name in [".pipeline", "d", "b.txt", "c.txt"] { try? FileManager.default.removeItem(atPath: copy.path + "/" + name) }
      }
      let run = try RunningPipeline(in: copy, ["pull", "--jobs", "2"])
      usleep(useconds_t(generator.next(below: 700_000)))
      run.signal(SIGKILL)
      run.wait()
      if run.process.terminationReason == .exit { finished += 1 }
      let verify = try copy.pipeline("cache", "verify")
      #expect(verify.status == 0, "round \(round): \(verify.stdout)")
    }
    print("pull kill test: 20 SIGKILLs, \(finished) pulls had finished first")
    let pull = try copy.pipeline("pull")
    #expect(pull.status == 0, "\(pull.stderr)")
    for name in Self.outputs { #expect(try copy.bytes(name) == repo.bytes(name), "\(name)") }
    #expect(try copy.pipeline("repro").stdout.hasSuffix("Data and pipelines are up to date.\n"))
    #expect(try Self.remoteProblems(remote) == [])
  }
}
