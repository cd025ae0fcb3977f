import Glibc
import Testing

@testable import RecsysCore

@Suite struct AtomicFileWriterTests {
  @Test func fileAppearsOnlyOnCommit() throws {
    let dir = TempDirectory()
    let path = dir.file("out.txt")
    let writer = try AtomicFileWriter(path: path)
    try writer.write("hello ")
    try writer.write(Array("world".utf8))
    #expect(!FileIO.isFile(path))
    try writer.commit()
    #expect(dir.names() == ["out.txt"])
    #expect(try FileIO.readBytes(atPath: path) == Array("hello world".utf8))
  }

  @Test func droppedWriterLeavesNothing() throws {
    let dir = TempDirectory()
    do {
      let writer = try AtomicFileWriter(path: dir.file("x.csv"))
      try writer.write("partial")
    }
    #expect(dir.names().isEmpty)
  }

  @Test func replacesAnExistingFile() throws {
    let dir = TempDirectory()
    dir.write("a.txt", "old")
    try AtomicFileWriter.write("new", to: dir.file("a.txt"))
    #expect(dir.read("a.txt") == Array("new".utf8))
    #expect(dir.names() == ["a.txt"])
  }

  @Test func missingFolderIsAnErrorNamingTheFile() {
    do {
      _ = try AtomicFileWriter(path: "/nonexistent/dir/a.txt")
      Issue.record("opened a file in a missing folder")
    } catch {
      #expect(error.code == ENOENT)
      #expect(error.path.hasPrefix("/nonexistent/dir/.a.txt.tmp-"))
      #expect(String(describing: error).hasSuffix(": no such file or directory"))
    }
  }

  @Test func readsEmptyAndLargerFiles() throws {
    let dir = TempDirectory()
    dir.write("empty", "")
    #expect(try FileIO.readBytes(atPath: dir.file("empty")) == [])
    let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    dir.write("big", bytes: big)
    #expect(try FileIO.readBytes(atPath: dir.file("big")) == big)
    #expect(try FileIO.listDirectory(dir.path) == ["big", "empty"])
    try FileIO.createDirectory(dir.file("a/b/c"))
    #expect(FileIO.isDirectory(dir.file("a/b/c")))
  }
}
