import Foundation
import Testing

/// Runs the built `recommend` binary end to end (skipped when it is not built).
@Suite struct ExecutableTests {
  static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(".build/debug/recommend").path

  private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.binary)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting, or a full pipe deadlocks.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: stdout, as: UTF8.self),
      String(decoding: stderr, as: UTF8.self)
    )
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
  func binaryAnswersTheSameTwice() throws {
    let cli = try CLIHarness()
    let first = try run(["user", "10", "--json", "--bundle", cli.bundlePath])
    let second = try run(["user", "10", "--json", "--bundle", cli.bundlePath])
    #expect(first.status == 0)
    #expect(first.stdout == second.stdout)
    #expect(first.stdout.contains("\"movie_id\": 13"))
    let missing = try run(["info", "--bundle", "/nonexistent/b.mlb"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("no such bundle file"))
    let usage = try run(["popular", "-n", "x"])
    #expect(usage.status == 64)
  }
}
