import Archive
import Foundation
import Testing

@Suite struct ZipArchiveTests {
  static let readable = [
    "stored.zip", "deflated.zip", "small.zip", "comment.zip", "descriptor.zip", "prefixed.zip",
    "methods.zip", "zip64.zip", "zip64-descriptor.zip", "utf8.zip",
  ]

  @Test(arguments: readable)
  func listsAndExtractsLikePython(_ name: String) throws {
    let archive = try ZipArchive(path: Fixture.path(name))
    let expected = try Fixture.expected(name)
    #expect(archive.entries.map(\.name) == expected.entries.map(\.name))
    #expect(String(decoding: archive.comment, as: UTF8.self) == expected.comment)
    for (entry, want) in zip(archive.entries, expected.entries) {
      #expect(entry.uncompressedSize == want.size, "\(entry.name)")
      #expect(entry.compressedSize == want.compressed, "\(entry.name)")
      #expect(entry.crc32 == want.crc32, "\(entry.name)")
      #expect(entry.method == want.method, "\(entry.name)")
      let data = try archive.contents(of: entry)
      #expect(Fixture.sha256(data) == want.sha256, "\(entry.name)")
    }
  }

  @Test func readsArchivesFromMemory() throws {
    let archive = try ZipArchive(bytes: Fixture.bytes("deflated.zip"), path: "mem.zip")
    let big = try archive.contents(of: "data/big.bin")
    #expect(big.count == 280_000)
    #expect(archive.path == "mem.zip")
  }

  @Test func flagsDescriptorsZip64AndDirectories() throws {
    let descriptor = try ZipArchive(path: Fixture.path("descriptor.zip"))
    #expect(descriptor.entries.map(\.hasDataDescriptor) == [true, true])
    let z64 = try ZipArchive(path: Fixture.path("zip64-descriptor.zip"))
    #expect(z64.entries.first?.hasDataDescriptor == true)
    #expect(try z64.contents(of: "z64d/story.txt").count == 5000)
    let deflated = try ZipArchive(path: Fixture.path("deflated.zip"))
    #expect(deflated.entries.map(\.isDirectory) == [true, false, false, false, false])
  }

  @Test func findsTheRealRecordBehindFakeSignaturesInTheComment() throws {
    let tricky = try ZipArchive(path: Fixture.path("comment-tricky.zip"))
    let plain = try ZipArchive(path: Fixture.path("comment.zip"))
    #expect(tricky.entries.map(\.crc32) == plain.entries.map(\.crc32))
    #expect(try tricky.contents(of: "note.txt") == plain.contents(of: "note.txt"))
    #expect(
      String(decoding: tricky.comment, as: UTF8.self).hasPrefix("MovieLens fixture comment PK"))
  }

  @Test func decodesUTF8Names() throws {
    let archive = try ZipArchive(path: Fixture.path("utf8.zip"))
    #expect(archive.entries.first?.name == "caf\u{e9}/na\u{ef}ve.txt")
  }

  @Test func reportsBadCRCNamingArchiveAndEntry() throws {
    let path = Fixture.path("badcrc.zip")
    let archive = try ZipArchive(path: path)
    #expect(try archive.contents(of: "bad/hello.txt") == Array("hello, zip\n".utf8))
    do {
      _ = try archive.contents(of: "bad/story.txt")
      Issue.record("expected a crc error")
    } catch let error as ArchiveError {
      guard case .crcMismatch(let p, let entry, _, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(p == path)
      #expect(entry == "bad/story.txt")
      let text = String(describing: error)
      #expect(
        text.contains("badcrc.zip") && text.contains("'bad/story.txt'") && text.contains("crc-32"))
    }
  }

  @Test func refusesOtherMethodsAndEncryption() throws {
    let bzip = try ZipArchive(path: Fixture.path("bzip2.zip"))
    #expect(
      throws: ArchiveError.unsupportedMethod(
        path: Fixture.path("bzip2.zip"), entry: "packed/story.txt", method: 12)
    ) {
      try bzip.contents(of: "packed/story.txt")
    }
    let message = String(
      describing: ArchiveError.unsupportedMethod(path: "x.zip", entry: "e", method: 12))
    #expect(message.contains("bzip2") && message.contains("'e'"))
    let secret = try ZipArchive(path: Fixture.path("encrypted.zip"))
    #expect(
      throws: ArchiveError.encrypted(path: Fixture.path("encrypted.zip"), entry: "secret.txt")
    ) {
      try secret.contents(of: "secret.txt")
    }
  }

  @Test func rejectsNonArchives() throws {
    #expect(throws: ArchiveError.notAZip(path: "<memory>")) { try ZipArchive(bytes: []) }
    #expect(throws: ArchiveError.notAZip(path: "<memory>")) {
      try ZipArchive(bytes: Array("not a zip at all, just text".utf8))
    }
    #expect(throws: ArchiveError.self) { try ZipArchive(path: "/nonexistent/file.zip") }
    let folder = try Fixture.temporaryFolder()
    #expect(throws: ArchiveError.cannotOpen(path: folder, reason: "not a regular file")) {
      try ZipArchive(path: folder)
    }
  }

  @Test func truncatedArchivesThrow() throws {
    let bytes = try Fixture.bytes("deflated.zip")
    // Cut off the end: the directory record is gone.
    #expect(throws: ArchiveError.self) {
      try ZipArchive(bytes: Array(bytes[..<(bytes.count - 30)]))
    }
    // Keep the directory but drop the middle of the data: the big entry runs short.
    let archive = try ZipArchive(bytes: bytes)
    let big = try #require(archive.entry(named: "data/big.bin"))
    let start = Int(big.localHeaderOffset) + 30 + big.nameBytes.count
    var damaged = bytes
    for i in start + 1000..<start + 1100 { damaged[i] ^= 0x5A }
    let broken = try ZipArchive(bytes: damaged, path: "damaged.zip")
    #expect(throws: ArchiveError.self) { try broken.contents(of: big) }
  }

  @Test func extractsIntoAFolder() throws {
    let folder = try Fixture.temporaryFolder()
    let written = try ZipArchive.extract(zipAt: Fixture.path("deflated.zip"), to: folder + "/out")
    #expect(
      written.map(\.name) == [
        "data/empty.txt", "data/hello.txt", "data/nested/deeper/story.txt", "data/big.bin",
      ])
    let expected = try Fixture.expected("deflated.zip").entries
    for want in expected where !want.name.hasSuffix("/") {
      let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/out/" + want.name)))
      #expect(Fixture.sha256(data) == want.sha256, "\(want.name)")
    }
    let listing = try FileManager.default.subpathsOfDirectory(atPath: folder + "/out").sorted()
    #expect(
      listing == [
        "data", "data/big.bin", "data/empty.txt", "data/hello.txt", "data/nested",
        "data/nested/deeper", "data/nested/deeper/story.txt",
      ])
    // Extracting again replaces the files in place (an edited one gets its bytes back),
    // and leaves no temporary names behind.
    try Data("edited".utf8).write(to: URL(fileURLWithPath: folder + "/out/data/hello.txt"))
    try ZipArchive.extract(zipAt: Fixture.path("deflated.zip"), to: folder + "/out")
    #expect(
      try FileManager.default.subpathsOfDirectory(atPath: folder + "/out").sorted() == listing)
    let hello = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/out/data/hello.txt")))
    #expect(Fixture.sha256(hello) == expected.first { $0.name == "data/hello.txt" }!.sha256)
    let mode = try FileManager.default.attributesOfItem(atPath: folder + "/out/data/hello.txt")[.posixPermissions]
    #expect((mode as? Int).map { $0 & 0o600 } == 0o600)
  }

  @Test func failedEntryLeavesNoPartialFile() throws {
    let folder = try Fixture.temporaryFolder()
    #expect(throws: ArchiveError.self) {
      try ZipArchive.extract(zipAt: Fixture.path("badcrc.zip"), to: folder)
    }
    #expect(try FileManager.default.subpathsOfDirectory(atPath: folder) == ["bad"])
  }

  @Test(arguments: [
    ("slip-dotdot.zip", "../evil.txt"), ("slip-absolute.zip", "/tmp/evil.txt"),
    ("slip-backslash.zip", "dir\\..\\..\\evil.txt"), ("slip-nested.zip", "a/b/../../../evil.txt"),
  ])
  func rejectsZipSlip(_ name: String, _ entry: String) throws {
    let folder = try Fixture.temporaryFolder()
    do {
      try ZipArchive.extract(zipAt: Fixture.path(name), to: folder + "/out")
      Issue.record("\(name) was extracted")
    } catch let error as ArchiveError {
      guard case .unsafeName(let path, let e, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(path == Fixture.path(name))
      #expect(e == entry)
    }
    // Names are checked before anything is written.
    #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/evil.txt"))
  }

  @Test func rejectsDuplicatePaths() throws {
    let folder = try Fixture.temporaryFolder()
    #expect(
      throws: ArchiveError.duplicateEntry(path: Fixture.path("duplicate.zip"), entry: "./same.txt")
    ) {
      try ZipArchive.extract(zipAt: Fixture.path("duplicate.zip"), to: folder)
    }
  }

  @Test func errorMessagesAreOneLowercaseLine() {
    let errors: [ArchiveError] = [
      .cannotOpen(path: "a.zip", reason: "no such file or directory"), .notAZip(path: "a.zip"),
      .malformed(path: "a.zip", detail: "x"), .multiDisk(path: "a.zip"),
      .unsupportedMethod(path: "a.zip", entry: "e", method: 14),
      .encrypted(path: "a.zip", entry: "e"),
      .corruptData(path: "a.zip", entry: "e", detail: "invalid distance code"),
      .crcMismatch(path: "a.zip", entry: "e", expected: 0xABC, actual: 1),
      .sizeMismatch(path: "a.zip", entry: "e", expected: 3, actual: 2),
      .unsafeName(path: "a.zip", entry: "e", reason: "r"),
      .duplicateEntry(path: "a.zip", entry: "e"),
      .entryNotFound(path: "a.zip", entry: "e"), .writeFailed(path: "a.zip", reason: "r"),
    ]
    for error in errors {
      let text = String(describing: error)
      #expect(text == text.lowercased() && !text.contains("\n") && text.contains("a.zip"))
    }
    #expect(String(describing: errors[7]).contains("expected 00000abc, got 00000001"))
  }
}
