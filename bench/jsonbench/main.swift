// Throughput of the strict reader and the canonical writer on ~10 MB inputs.
//
//   swift build -c release --product json-bench && .build/release/json-bench [out-dir]
//
// Inputs are generated deterministically (no randomness source but a fixed LCG), so
// runs on different machines read the same bytes. With an out-dir, the inputs are also
// written there (for comparing against python's json.loads).
import Foundation
import StrictJSON

struct LCG {
  var state: UInt64
  mutating func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state >> 11
  }
}

/// A lock-file-shaped document: stages with hashed deps/outs, params and metrics.
func lockLike(targetBytes: Int) -> JSON {
  var rng = LCG(state: 42)
  let hex = Array("0123456789abcdef")
  func sha() -> String { String((0..<64).map { _ in hex[Int(rng.next() % 16)] }) }
  var stages: [JSON.Member] = []
  var size = 0
  var s = 0
  while size < targetBytes {
    var files: [JSON] = []
    for f in 0..<200 {
      files.append(
        .object([
          "path": .string("artifacts/stage\(s)/part-\(f).bin"), "sha256": .string(sha()),
          "size": .number(Double(rng.next() % 1_000_000_000)),
          "nfiles": .number(Double(rng.next() % 100)),
        ]))
    }
    let metrics: JSON = .object([
      "rmse": .number(Double(rng.next() % 1_000_000) / 1_000_003.0),
      "precision@10": .number(Double(rng.next() % 1_000_000) / 999_983.0),
      "ndcg": .number(Double(rng.next() % 1_000_000) * 1e-9),
    ])
    let stage: JSON = .object([
      "cmd": .string(
        "recsys train --in artifacts/split --factors \(s) --note \"caf\u{E9} \u{1F600}\""),
      "deps": .array(files), "outs": .array(Array(files.prefix(20))),
      "params": .object(["svd.factors": .number(Double(s)), "svd.lr": 0.005, "svd.reg": 0.02]),
      "metrics": metrics,
    ])
    stages.append(JSON.Member("stage\(s)", stage))
    size += 200 * 170
    s += 1
  }
  return .object(["schema": 1, "stages": .object(stages)])
}

/// A flat array of doubles in shortest form (the slow path of number parsing).
func numbersLike(count: Int) -> JSON {
  var rng = LCG(state: 7)
  return .array((0..<count).map { _ in .number(Double(rng.next()) * 0x1p-53 * 1000 - 500) })
}

/// CPU time of this process: the machine is shared, so wall time mostly measures the
/// neighbours.
func cpuSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func measure(_ label: String, bytes: Int, runs: Int = 7, _ body: () -> Void) {
  var best = Double.infinity
  for _ in 0..<runs {
    let t0 = cpuSeconds()
    body()
    best = min(best, cpuSeconds() - t0)
  }
  let mb = Double(bytes) / 1_000_000
  print(
    label.padding(toLength: 44, withPad: " ", startingAt: 0)
      + String(format: "%8.1f ms  %7.1f MB/s", best * 1000, mb / best))
}

let outDir = CommandLine.arguments.dropFirst().first
// JSON_BENCH_PROFILE=parse|document|write: loop on one operation (for perf record).
if let only = ProcessInfo.processInfo.environment["JSON_BENCH_PROFILE"] {
  let env = ProcessInfo.processInfo.environment
  let value = lockLike(targetBytes: Int(env["JSON_BENCH_BYTES"] ?? "") ?? 10_000_000)
  let bytes = value.canonicalBytes()
  var sink = 0
  let t0 = cpuSeconds()
  for _ in 0..<(Int(env["JSON_BENCH_ITERS"] ?? "") ?? 20) {
    switch only {
    case "parse":
      if case .object(let m) = try! JSONParser.parse(bytes, file: "x") { sink &+= m.count }
    case "document": sink &+= try! JSONParser.parseDocument(bytes, file: "x").root.location.line
    default: sink &+= value.canonicalBytes().count
    }
  }
  print(sink, "cpu s:", cpuSeconds() - t0)
  exit(0)
}
for (name, value) in [
  ("lock-like", lockLike(targetBytes: 10_000_000)), ("numbers", numbersLike(count: 500_000)),
] {
  let bytes = value.canonicalBytes()
  print("\(name): \(bytes.count) bytes")
  if let outDir {
    _ = FileManager.default.createFile(atPath: "\(outDir)/\(name).json", contents: Data(bytes))
  }
  var sink = 0
  measure("  JSONParser.parse (plain JSON)", bytes: bytes.count) {
    let v = try! JSONParser.parse(bytes, file: "x.json")
    if case .object(let m) = v { sink &+= m.count }
    if case .array(let a) = v { sink &+= a.count }
  }
  measure("  JSONParser.parseDocument (located)", bytes: bytes.count) {
    let d = try! JSONParser.parseDocument(bytes, file: "x.json")
    sink &+= d.root.location.line
  }
  let data = Data(bytes)
  measure("  Foundation JSONSerialization (reference)", bytes: bytes.count) {
    let o = try! JSONSerialization.jsonObject(with: data)
    sink &+= (o as? NSObject)?.hash ?? 0
  }
  measure("  canonicalBytes (write)", bytes: bytes.count) {
    sink &+= value.canonicalBytes().count
  }
  let parsed = try! JSONParser.parse(bytes, file: "x.json")
  precondition(parsed.canonicalBytes() == bytes, "round trip changed the bytes")
  print("  (checksum \(sink & 1))")
}
