import Foundation
import Hashing
import Testing

@Suite struct FileHashingTests {
  /// Sizes around the 1 MiB read buffer, with their digests from Python's hashlib.
  static let cases: [(size: Int, sha256: String, md5: String)] = [
    (
      0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "d41d8cd98f00b204e9800998ecf8427e"
    ),
    (
      1, "ca358758f6d27e6cf45272937977a748fd88391db679ceda7dc7bf1f005ee879",
      "89e74e640b8c46257a29de0616794d5d"
    ),
    (
      1 << 20, "06b7bbfb7824aa03382051691630eb26de85102d1b08a81e907ec0744cd8a286",
      "3f2c8bd9cfde6550fdff4b36617c3261"
    ),
    (
      (1 << 20) + 1, "0d09f3eabb5c78e5d435c41e3b3755f1c4d038657f739d0be0083c24e71235df",
      "b68260e9a33f6d74165da80734481246"
    ),
  ]

  @Test(arguments: 0..<cases.count)
  func fileMatchesMemoryAndReference(index: Int) throws {
    let (size, sha256, md5) = Self.cases[index]
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("data-\(size).bin").path
    let bytes = pattern(size)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))

    let sha = try SHA256.hash(fileAt: path)
    #expect(sha.size == size)
    #expect(sha.digest == SHA256.hash(bytes))
    #expect(sha.digest.hex == sha256)

    let md = try MD5.hash(fileAt: path)
    #expect(md.size == size)
    #expect(md.digest == MD5.hash(bytes))
    #expect(md.digest.hex == md5)
  }

  @Test(arguments: Algorithm.allCases)
  func missingFileIsCannotOpen(algorithm: Algorithm) throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("missing.bin").path
    #expect(throws: HashingError.cannotOpen(path: path, reason: "No such file or directory")) {
      try algorithm.hash(fileAt: path)
    }
  }

  @Test(arguments: Algorithm.allCases)
  func directoryIsReadFailed(algorithm: Algorithm) throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(throws: HashingError.readFailed(path: directory.path, reason: "Is a directory")) {
      try algorithm.hash(fileAt: directory.path)
    }
  }

  @Test func errorMessagesAreOneLowercaseLineNamingThePath() {
    let open = HashingError.cannotOpen(path: "data/x.bin", reason: "No such file or directory")
    #expect(
      open.description
        == "cannot open 'data/x.bin' for hashing: no such file or directory "
        + "(check that the file exists and is readable)")
    let read = HashingError.readFailed(path: "data", reason: "Is a directory")
    #expect(read.description.hasPrefix("cannot read 'data' for hashing: is a directory"))
    #expect(!read.description.contains("\n"))
  }
}
