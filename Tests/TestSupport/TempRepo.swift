import Foundation

/// A fresh temporary repository for one test, removed afterwards.
public final class TempRepo {
  public let path: String

  public init() throws {
    let base = FileManager.default.temporaryDirectory.path + "/pipeline-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    path = base
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  public func write(_ name: String, _ text: String) throws {
    let full = path + "/" + name
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: full, atomically: true, encoding: .utf8)
  }

  public func read(_ name: String) throws -> String { try String(contentsOfFile: path + "/" + name, encoding: .utf8) }
  public func bytes(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)) }
  public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + name) }

  /// Runs the built `pipeline` binary in this repository.
  @discardableResult
  public func pipeline(_ args: String...) throws -> Result { try run(Tools.pipeline, args) }

  public func run(_ executable: String, _ args: [String], environment: [String: String] = [:]) throws -> Result {
    try TempRepo.run(in: path, executable, args, environment: environment)
  }

  /// Runs a program in `path` with NO_COLOR set, capturing both streams.
  public static func run(in path: String, _ executable: String, _ args: [String], environment: [String: String] = [:])
    throws -> Result
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = args
    process.currentDirectoryURL = URL(fileURLWithPath: path)
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes before waiting, or a chatty child blocks forever.
    let errHandle = err.fileHandleForReading
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = errHandle.readDataToEndOfFile()
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  public struct Result: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }
}

public enum Tools {
  /// The folder holding the built products: the test runner sits beside them.
  public static let products: String = {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    // On Linux the runner is `<products>/<Package>PackageTests.xctest`.
    while !FileManager.default.fileExists(atPath: dir.path + "/pipeline") && dir.path != "/" {
      dir = dir.deletingLastPathComponent()
    }
    return dir.path
  }()
  public static var pipeline: String { products + "/pipeline" }
  public static var recsys: String { products + "/recsys" }
  public static var recommend: String { products + "/recommend" }
}

/// SHA-256 as `sha256sum` prints it, the independent reference for our hashes.
public func sha256sum(_ file: String) throws -> String {
  let repo = try TempRepo()
  let result = try repo.run("/usr/bin/sha256sum", [file])
  return String(result.stdout.prefix(64))
}
