import Foundation
import ModelBundle
import RecommendCLI
import StrictJSON
import TestSupport
import TinyBundleFixture

/// The built `recommend serve` running on a free loopback port over the tiny bundle.
final class ServeProcess {
  static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(".build/debug/recommend").path

  enum Failure: Error {
    case noBinary(String)
    case didNotStart(String)
  }

  let root: String
  private let ownsRoot: Bool
  let bundleDirectory: String
  let process = Process()
  let port: Int
  private let log = LogCollector()

  /// Starts the server; `extra` are more `serve` options; `descriptorLimit` runs it
  /// under `ulimit -n` (the shell execs it, so the pid is the server's).
  init(_ extra: [String] = [], root existing: String? = nil, descriptorLimit: Int? = nil) throws {
    guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
      throw Failure.noBinary("\(Self.binary) is not built; run 'swift build' first")
    }
    root = existing ?? TinyBundle.temporaryDirectory()
    ownsRoot = existing == nil
    bundleDirectory = "\(root)/artifacts/bundle"
    if existing == nil {
      try BundleWriter.write(TinyBundle.contents(), toDirectory: bundleDirectory)
    }
    let arguments = ["serve", "--bundle", bundleDirectory, "--port", "0", "--threads", "2"] + extra
    if let descriptorLimit {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments =
        ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" \"$@\"", Self.binary] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: Self.binary)
      process.arguments = arguments
    }
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let log = self.log
    Thread.detachNewThread {
      let handle = errors.fileHandleForReading
      while true {
        let data = handle.availableData
        if data.isEmpty { break }
        log.append(String(decoding: data, as: UTF8.self))
      }
      log.finish()
    }
    let marker = "listening on http://127.0.0.1:"
    guard let line = log.waitFor(marker), let range = line.range(of: marker),
      let port = Int(line[range.upperBound...].prefix(while: { $0.isNumber }))
    else {
      process.terminate()
      throw Failure.didNotStart(log.text)
    }
    self.port = port
  }

  deinit {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
    if ownsRoot { TinyBundle.removeDirectory(root) }
  }

  /// Everything the server wrote to stderr so far.
  var stderr: String { log.text }

  /// Waits until stderr holds `text` (or the server exits); a hang guard, not a timing check.
  @discardableResult
  func waitForLog(_ text: String) -> Bool { log.waitFor(text) != nil }

  func client() throws -> TestClient { try TestClient(port: port) }

  func signal(_ number: Int32) { kill(process.processIdentifier, number) }

  /// Sends SIGTERM and waits for the exit status.
  func stop() -> Int32 {
    signal(SIGTERM)
    process.waitUntilExit()
    log.waitForEnd()
    return process.terminationStatus
  }

  /// The in-process CLI's JSON for the same question (the answer the server must equal).
  func cli(_ arguments: String...) -> String {
    RecommendCLI.execute(arguments: arguments + ["--json", "--bundle", bundleDirectory]).stdout
  }
}

/// Collects a child's stderr and lets a test wait for a line.
final class LogCollector: @unchecked Sendable {
  private let condition = NSCondition()
  private var buffer = ""
  private var ended = false

  func append(_ text: String) {
    condition.lock()
    buffer += text
    condition.broadcast()
    condition.unlock()
  }

  func finish() {
    condition.lock()
    ended = true
    condition.broadcast()
    condition.unlock()
  }

  var text: String {
    condition.lock()
    defer { condition.unlock() }
    return buffer
  }

  /// The first line holding `needle`, waiting up to a minute for it.
  func waitFor(_ needle: String) -> String? {
    let limit = Date().addingTimeInterval(60)
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let range = buffer.range(of: needle) {
        let start =
          buffer[..<range.lowerBound].lastIndex(of: "\n").map { buffer.index(after: $0) }
          ?? buffer.startIndex
        let end = buffer[range.upperBound...].firstIndex(of: "\n") ?? buffer.endIndex
        return String(buffer[start..<end])
      }
      if ended || !condition.wait(until: limit) { return nil }
    }
  }

  func waitForEnd() {
    let limit = Date().addingTimeInterval(60)
    condition.lock()
    while !ended, condition.wait(until: limit) {}
    condition.unlock()
  }
}
