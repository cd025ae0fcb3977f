import Foundation
import TestSupport

/// Starts `pipeline` without waiting for it, so a test can signal or kill it while
/// it runs, and finds every process a run started by a token in their environment.
struct RunningPipeline {
  let process: Process
  /// Every process of this run (pipeline, its guardians, shells, grandchildren)
  /// inherits `PIPELINE_TEST_TOKEN=<token>`.
  let token: String

  private let out = Pipe()
  private let err = Pipe()
  private let capture: Bool

  init(
    in repo: TempRepo, _ args: [String], token: String = UUID().uuidString,
    captureOutput: Bool = false
  )
    throws
  {
    capture = captureOutput
    self.token = token
    process = Process()
    process.executableURL = URL(fileURLWithPath: Tools.pipeline)
    process.arguments = args
    process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env["PIPELINE_TEST_TOKEN"] = token
    process.environment = env
    process.standardOutput = captureOutput ? out : FileHandle.nullDevice
    process.standardError = captureOutput ? err : FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
  }

  var pid: Int32 { process.processIdentifier }

  func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

  /// Polls until the process blocks SIGINT (its start-up code ran), for at most 5 s.
  func waitUntilSignalsBlocked() {
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline {
      if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("SigBlk:") }),
        let mask = UInt64(line.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16),
        mask & (1 << (UInt64(SIGINT) - 1)) != 0
      {
        return
      }
      usleep(200)
    }
  }

  /// Waits for the end and returns what it printed (with `captureOutput`; the
  /// output must be small, as it is read after the exit).
  func finish() -> (status: Int32, stdout: String, stderr: String) {
    process.waitUntilExit()
    let stdout = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
    let stderr = capture ? err.fileHandleForReading.readDataToEndOfFile() : Data()
    return (
      process.terminationStatus, String(decoding: stdout, as: UTF8.self),
      String(decoding: stderr, as: UTF8.self)
    )
  }

  /// Waits for `pipeline` itself to end.
  func wait() { process.waitUntilExit() }

  /// Live processes (zombies excluded) whose environment holds the token.
  func survivors() -> [Int32] { Self.processes(withToken: token) }

  /// Polls until no process of the run is left or `limit` seconds passed; returns
  /// what is left (empty when all died).
  func survivorsAfterSettling(limit: Double = 5) -> [Int32] {
    let deadline = Date().addingTimeInterval(limit)
    var left = survivors()
    while !left.isEmpty && Date() < deadline {
      usleep(20_000)
      left = survivors()
    }
    return left
  }

  static func processes(withToken token: String) -> [Int32] {
    let needle = Array("PIPELINE_TEST_TOKEN=\(token)".utf8)
    var found: [Int32] = []
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for name in names {
      guard let pid = Int32(name), pid != getpid() else { continue }
      guard let env = FileManager.default.contents(atPath: "/proc/\(name)/environ") else {
        continue
      }
      let entries = env.split(separator: 0)
      guard entries.contains(where: { Array($0) == needle }) else { continue }
      // A zombie has run its last instruction; only its parent's wait is missing.
      if let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")"),
        stat[stat.index(close, offsetBy: 2)] == "Z"
      {
        continue
      }
      found.append(pid)
    }
    return found.sorted()
  }
}

/// A pid that no process has: a child that has been reaped.
func deadPid() throws -> Int32 {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/bin/true")
  try p.run()
  p.waitUntilExit()
  return p.processIdentifier
}

/// A fixed sequence of pseudo-random numbers (tests never depend on the clock).
struct TestGenerator {
  var state: UInt64
  mutating func next(below n: UInt64) -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return (state >> 33) % n
  }
}
