import Foundation
import Testing
import TestSupport
import TinyBundleFixture

/// Mutated inputs run through the real binaries: pipeline.json and params.json
/// (`pipeline status`, `dag`, `repro --dry`), ML-1M `::` and CSV ratings files
/// (`recsys parse`), ZIP archives (`recsys download`), and bundles with a recomputed
/// checksum (`recommend`). Every variant must end in success or a clean error (exit 1,
/// 2 or 64 with a message): no signal, no trap, no hang.
///
/// `swift test` runs a small fixed-seed set; `bench/fuzz/run.sh` runs thousands
/// (`FUZZ_CASES` per kind, `FUZZ_SEED`). Inputs that crash or hang are kept under
/// `/tmp/fuzz-findings` for reproduction.
@Suite(.serialized) struct ProductFuzzTests {
  static let environment = ProcessInfo.processInfo.environment
  static let casesPerKind = Int(environment["FUZZ_CASES"] ?? "") ?? 30
  static let seed = UInt64(environment["FUZZ_SEED"] ?? "") ?? 8
  static let timeout = Double(environment["FUZZ_TIMEOUT"] ?? "") ?? 30
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// One kind of input: how to make the n-th variant in a fresh folder, and what to run.
  struct Kind {
    var name: String
    var prepare: (inout Mutator, String, Int) throws -> [String]
    var executable: String
  }

  @Test func mutatedInputsNeverCrashOrHang() throws {
    let pipelineJSON = try String(contentsOfFile: Self.root + "/pipeline.json", encoding: .utf8)
    let paramsJSON = try String(contentsOfFile: Self.root + "/params.json", encoding: .utf8)
    let ml1m = [
      "ratings.dat": "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978301968\n2::73::2::978300275\n3::661::1::978824291\n",
      "movies.dat": "73::Misérables, Les (1995)::Drama|Musical\n661::James and the Giant Peach (1996)::Animation|Children's|Musical\n1193::One Flew Over the Cuckoo's Nest (1975)::Drama\n",
      "users.dat": "1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::15::55117\n",
    ]
    let csv = [
      "ratings.csv": "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.5,964981247\n5,2,2.5,964982224\n5,1,5.0,964983815\n",
      "movies.csv": "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation|Children\n2,\"Say \"\"Hello\"\", Again (2004)\",Drama\n3,\"Garden Party, The (1995)\",Comedy|Romance\n",
    ]
    let storedZip = StoredZip.make(
      ml1m.keys.sorted().map { ("ml-1m/" + $0, Array(ml1m[$0]!.utf8)) })
    let deflatedZip = try [UInt8](
      Data(contentsOf: URL(fileURLWithPath: Self.root + "/Tests/ArchiveTests/Fixtures/deflated.zip")))
    let bundle = TinyBundle.bytes()
    let bundleQueries = [
      ["popular"], ["popular", "--genre", "Comedy", "--json"], ["user", "10"], ["user", "20", "--json"],
      ["similar", "1"], ["similar", "toy story"], ["info"], ["info", "--json"],
    ]

    func writeFiles(_ files: [String: String], to folder: String) throws {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: false, encoding: .utf8) }
    }

    let kinds: [Kind] = [
      Kind(name: "pipeline.json", prepare: { m, dir, n in
        try m.mutateJSON(pipelineJSON).write(toFile: dir + "/pipeline.json", atomically: false, encoding: .utf8)
        try paramsJSON.write(toFile: dir + "/params.json", atomically: false, encoding: .utf8)
        return [["status"], ["dag"], ["repro", "--dry"]][n % 3]
      }, executable: Tools.pipeline),
      Kind(name: "params.json", prepare: { m, dir, n in
        try pipelineJSON.write(toFile: dir + "/pipeline.json", atomically: false, encoding: .utf8)
        try m.mutateJSON(paramsJSON).write(toFile: dir + "/params.json", atomically: false, encoding: .utf8)
        return [["status"], ["repro", "--dry"], ["params", "diff"]][n % 3]
      }, executable: Tools.pipeline),
      Kind(name: "ratings ::", prepare: { m, dir, n in
        try writeFiles(ml1m, to: dir + "/raw")
        let file = ["ratings.dat", "ratings.dat", "movies.dat", "users.dat"][n % 4]
        try Data(m.mutateLines(ml1m[file]!, separator: "::")).write(to: URL(fileURLWithPath: dir + "/raw/" + file))
        return ["parse", "--in=" + dir + "/raw", "--out=" + dir + "/parsed", "--strict=" + (n % 2 == 0 ? "true" : "false")]
      }, executable: Tools.recsys),
      Kind(name: "ratings csv", prepare: { m, dir, n in
        try writeFiles(csv, to: dir + "/raw")
        let file = ["ratings.csv", "movies.csv"][n % 2]
        try Data(m.mutateLines(csv[file]!, separator: ",")).write(to: URL(fileURLWithPath: dir + "/raw/" + file))
        return ["parse", "--in=" + dir + "/raw", "--out=" + dir + "/parsed", "--strict=" + (n % 3 == 0 ? "false" : "true")]
      }, executable: Tools.recsys),
      Kind(name: "zip", prepare: { m, dir, n in
        try Data(m.mutateZip(n % 2 == 0 ? storedZip : deflatedZip)).write(to: URL(fileURLWithPath: dir + "/d.zip"))
        return ["download", "--source=file://" + dir + "/d.zip", "--sha256=", "--md5=", "--out=" + dir + "/raw"]
      }, executable: Tools.recsys),
      Kind(name: "bundle", prepare: { m, dir, n in
        var crafted = Self.craftBundle(bundle, &m)
        if n % 10 != 9 { TinyBundle.reseal(&crafted) }  // mostly past the checksum
        try Data(crafted).write(to: URL(fileURLWithPath: dir + "/b.mlb"))
        return bundleQueries[n % bundleQueries.count] + ["--bundle", dir + "/b.mlb"]
      }, executable: Tools.recommend),
    ]

    var mutator = Mutator(seed: Self.seed)
    var rows: [(kind: String, tally: Tally)] = []
    for kind in kinds {
      var tally = Tally()
      for n in 0..<Self.casesPerKind {
        let repo = try TempRepo()
        let arguments = try kind.prepare(&mutator, repo.path, n)
        let outcome = try ProcessRunner.run(kind.executable, arguments, in: repo.path, timeout: Self.timeout)
        let verdict = outcome.verdict
        tally.count(verdict)
        if verdict == .crash || verdict == .hang || verdict == .unclear {
          let kept = Self.keep(repo.path, kind: kind.name, case: n)
          Issue.record(
            "\(kind.name) case \(n) (seed \(Self.seed)): \(verdict) running \(arguments.joined(separator: " ")): status \(outcome.status), stderr \(outcome.stderr.prefix(300)); input kept in \(kept)"
          )
        }
      }
      rows.append((kind.name, tally))
    }
    print(Tally.table(rows))
    #expect(rows.allSatisfy { $0.tally.crashes == 0 && $0.tally.hangs == 0 && $0.tally.unclear == 0 })
    // The mutations must reach the error paths, or this proves nothing.
    #expect(rows.allSatisfy { $0.tally.cleanErrors > 0 })
  }

  /// A bundle edit: a section value set to an edge value (NaN, infinities, 1.5e22,
  /// negative or huge indices), random bytes in the payload, a table-of-contents field,
  /// the manifest's text, or a truncation.
  static func craftBundle(_ bytes: [UInt8], _ m: inout Mutator) -> [UInt8] {
    let names = TinyBundle.sectionNames(in: bytes)
    var out = bytes
    switch m.below(6) {
    case 0, 1, 2:
      let name = m.pick(names)
      guard let section = TinyBundle.section(name, in: bytes), section.length >= 4 else { break }
      let width = name == "mf.global_mean" || name == "shape" || name.hasSuffix(".ids") ? 8 : 4
      let slot = section.offset + m.below(section.length / width) * width
      let values: [[UInt8]] =
        width == 8
        ? [
          TinyBundle.littleEndian([Double.nan]), TinyBundle.littleEndian([1e300]), TinyBundle.littleEndian([-1.5e22]),
          TinyBundle.littleEndian([Int64.max]), TinyBundle.littleEndian([Int64(-1)]), TinyBundle.littleEndian([Int64(1 << 31)]),
        ]
        : [
          TinyBundle.littleEndian([Float.nan]), TinyBundle.littleEndian([Float.infinity]),
          TinyBundle.littleEndian([Float(1.5e22)]), TinyBundle.littleEndian([Float(-3e38)]),
          TinyBundle.littleEndian([Int32.max]), TinyBundle.littleEndian([Int32(-1)]), TinyBundle.littleEndian([Int32(7)]),
          TinyBundle.littleEndian([Float(5.5)]), TinyBundle.littleEndian([Float(0)]),
        ]
      out.replaceSubrange(slot..<(slot + width), with: m.pick(values))
    case 3:
      // The table of contents: kind, offset or length of a section.
      let entry = 64 + 8 + m.below(names.count) * 64
      let field = m.pick([(40, 4), (48, 8), (56, 8)])
      let value = m.pick([UInt64(0), 1, 3, 7, 16, 0xFFFF_FFFF, UInt64.max, UInt64(bytes.count)])
      for i in 0..<field.1 { out[entry + field.0 + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
    case 4:
      guard let manifest = TinyBundle.section("manifest", in: bytes) else { break }
      let text = String(decoding: bytes[manifest.offset..<(manifest.offset + manifest.length)], as: UTF8.self)
      return TinyBundle.replacing("manifest", with: Array(m.mutateJSON(text).utf8), in: bytes)
    default:
      out = m.damageBytes(bytes, protecting: 64)
    }
    return out
  }

  static func keep(_ folder: String, kind: String, case n: Int) -> String {
    let target = "/tmp/fuzz-findings/\(kind.filter { $0.isLetter || $0.isNumber })-\(seed)-\(n)"
    try? FileManager.default.createDirectory(atPath: "/tmp/fuzz-findings", withIntermediateDirectories: true)
    try? FileManager.default.removeItem(atPath: target)
    try? FileManager.default.copyItem(atPath: folder, toPath: target)
    return target
  }
}

/// How each variant ended.
enum Verdict: Equatable, CustomStringConvertible {
  case ok, cleanError, crash, hang, unclear

  var description: String {
    switch self {
    case .ok: "ok"
    case .cleanError: "clean error"
    case .crash: "crash"
    case .hang: "hang"
    case .unclear: "non-zero exit without a message"
    }
  }
}

struct Tally {
  var variants = 0, ok = 0, cleanErrors = 0, crashes = 0, hangs = 0, unclear = 0

  mutating func count(_ verdict: Verdict) {
    variants += 1
    switch verdict {
    case .ok: ok += 1
    case .cleanError: cleanErrors += 1
    case .crash: crashes += 1
    case .hang: hangs += 1
    case .unclear: unclear += 1
    }
  }

  static func table(_ rows: [(kind: String, tally: Tally)]) -> String {
    func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    var lines = [
      pad("input", 15) + pad("variants", 10) + pad("ok", 6) + pad("clean errors", 14) + pad("crashes", 9)
        + pad("hangs", 7) + "unclear"
    ]
    var total = Tally()
    for (kind, t) in rows + [] {
      lines.append(
        pad(kind, 15) + pad("\(t.variants)", 10) + pad("\(t.ok)", 6) + pad("\(t.cleanErrors)", 14)
          + pad("\(t.crashes)", 9) + pad("\(t.hangs)", 7) + "\(t.unclear)")
      total.variants += t.variants
      total.ok += t.ok
      total.cleanErrors += t.cleanErrors
      total.crashes += t.crashes
      total.hangs += t.hangs
      total.unclear += t.unclear
    }
    lines.append(
      pad("total", 15) + pad("\(total.variants)", 10) + pad("\(total.ok)", 6) + pad("\(total.cleanErrors)", 14)
        + pad("\(total.crashes)", 9) + pad("\(total.hangs)", 7) + "\(total.unclear)")
    return lines.joined(separator: "\n")
  }
}

/// Runs a program with a time limit, reading both pipes while it runs.
enum ProcessRunner {
  struct Outcome {
    var status: Int32
    var signalled: Bool
    var timedOut: Bool
    var stderr: String

    var verdict: Verdict {
      if timedOut { return .hang }
      if signalled || status >= 128 || stderr.contains("Fatal error") { return .crash }
      if status == 0 { return .ok }
      let message = stderr.lowercased()
      if [1, 2, 64].contains(status) && message.contains("error") { return .cleanError }
      return .unclear
    }
  }

  static func run(_ executable: String, _ arguments: [String], in folder: String, timeout: Double) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment["XDG_CACHE_HOME"] = folder + "/.cache"
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      _ = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    var timedOut = false
    if finished.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      kill(process.processIdentifier, SIGKILL)
      finished.wait()
    }
    group.wait()
    return Outcome(
      status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal && !timedOut,
      timedOut: timedOut, stderr: String(decoding: errData, as: UTF8.self))
  }
}
