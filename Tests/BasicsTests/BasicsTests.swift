import Basics
import Foundation
import Testing

/// A fresh folder per test, removed afterwards.
final class Scratch {
  let path: String
  init() throws {
    path = NSTemporaryDirectory() + "basics-test-" + UUID().uuidString
    try Directory.create(path)
  }
  deinit { try? Directory.remove(path) }
  func names() -> [String] { (try? Directory.list(path)) ?? [] }
}

@Suite struct AtomicFileTests {
  @Test func fileAppearsWholeOnCommitAndNoTempStays() throws {
    let dir = try Scratch()
    let target = dir.path + "/out.txt"
    let file = try AtomicFile(path: target)
    try file.write("hello ")
    try file.write(Array("world".utf8))
    #expect(dir.names().count == 1)
    #expect(dir.names()[0].hasPrefix(".out.txt.tmp-\(getpid())-"))
    #expect(FileIdentity(path: target) == nil)
    try file.commit()
    #expect(dir.names() == ["out.txt"])
    #expect(try Syscall.readFile(target) == Array("hello world".utf8))
    #expect(FileIdentity(path: target).map { $0.kind } == .file)
  }

  @Test func droppedOrDiscardedWriteLeavesNothing() throws {
    let dir = try Scratch()
    do {
      let file = try AtomicFile(path: dir.path + "/a")
      try file.write("partial")
    }
    let other = try AtomicFile(path: dir.path + "/b")
    other.discard()
    #expect(dir.names() == [])
  }

  @Test func replacesAndRenamesToAChosenName() throws {
    let dir = try Scratch()
    try AtomicFile.write("old", to: dir.path + "/a")
    try AtomicFile.write("new", to: dir.path + "/a")
    #expect(try Syscall.readFile(dir.path + "/a") == Array("new".utf8))
    let file = try AtomicFile(path: dir.path + "/placeholder")
    try file.write("named by content")
    try file.commit(renamingTo: dir.path + "/final")
    #expect(dir.names() == ["a", "final"])
  }

  @Test func missingFolderNamesTheFile() {
    do {
      try AtomicFile.write("x", to: "/nonexistent-folder/a.txt")
      Issue.record("wrote into a missing folder")
    } catch {
      #expect(error.code == ENOENT)
      #expect(error.description.hasPrefix("cannot open '/nonexistent-folder/.a.txt.tmp-"))
      #expect(error.description.hasSuffix(": no such file or directory"))
    }
  }
}

@Suite struct TempNameTests {
  @Test(
    arguments: [
      (".pipeline.lock.tmp-4242-1a2b", Int32(4242)),
      ("3fa1.tmp-77-ff", 77),
      (".o.txt.restore-9", 9),
      (".raw.123.extracting", 123),
      (".x.tmp.55.abc", nil),
      ("a.txt", nil),
      ("tmp-", nil),
      ("tmp-12x", nil),
      (".raw.extracting", nil),
      (".raw.12a.extracting", nil),
    ] as [(String, Int32?)])
  func ownerIsParsedFromTheName(name: String, pid: Int32?) {
    #expect(TempName.owner(of: name) == pid)
  }

  @Test func freshNamesCarryOurPidAndNeverRepeat() {
    let a = TempName.beside("dir/file.json")
    let b = TempName.beside("dir/file.json")
    #expect(a != b)
    #expect(a.hasPrefix("dir/.file.json.tmp-\(getpid())-"))
    #expect(TempName.owner(of: Directory.baseName(of: a)) == getpid())
  }

  @Test func onlyTempsOfDeadOwnersAreRemoved() throws {
    let dir = try Scratch()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/true")
    try p.run()
    p.waitUntilExit()
    let dead = p.processIdentifier
    let names = [
      ".a.tmp-\(dead)-1", ".b.restore-\(dead)", ".a.tmp-\(getpid())-2", ".a.tmp-1-3", "keep.txt",
      "user.tmp-\(dead)",
    ]
    for name in names { try AtomicFile.write("x", to: dir.path + "/" + name) }
    try Directory.create(dir.path + "/.raw.\(dead).extracting/inner")
    let removed = TempName.removeStale(in: dir.path)
    #expect(removed == [".a.tmp-\(dead)-1", ".b.restore-\(dead)", ".raw.\(dead).extracting"])
    // Ours (alive), pid 1's (alive, another user's) and ordinary files stay.
    #expect(dir.names() == [".a.tmp-1-3", ".a.tmp-\(getpid())-2", "keep.txt", "user.tmp-\(dead)"])
    // In a folder that holds only the tool's files, hidden or not.
    #expect(TempName.removeStale(in: dir.path, hiddenOnly: false) == ["user.tmp-\(dead)"])
  }
}

@Suite struct SyscallTests {
  @Test func readFileReadsEmptyLargeAndSizelessFiles() throws {
    let dir = try Scratch()
    try AtomicFile.write([], to: dir.path + "/empty")
    #expect(try Syscall.readFile(dir.path + "/empty") == [])
    let big = (0..<300_001).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    try AtomicFile.write(big, to: dir.path + "/big")
    #expect(try Syscall.readFile(dir.path + "/big") == big)
    // procfs reports size 0; the whole text still comes back.
    let status = try Syscall.readFile("/proc/self/status")
    #expect(String(decoding: status, as: UTF8.self).contains("\nPid:"))
    #expect(throws: SystemError.self) { try Syscall.readFile(dir.path) }
  }

  /// A signal whose handler does not restart calls makes a blocked read fail with
  /// EINTR; the wrappers retry instead of reporting an I/O error.
  @Test func interruptedReadsAndWritesAreRetried() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    defer {
      close(fds[0])
      close(fds[1])
    }
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in }
    action.sa_flags = 0  // no SA_RESTART: read(2) returns EINTR
    var previous = sigaction()
    sigaction(SIGUSR1, &action, &previous)
    defer { sigaction(SIGUSR1, &previous, nil) }

    let reader = fds[0]
    let done = DispatchSemaphore(value: 0)
    let result = ResultBox()
    let thread = Thread {
      result.recordThread()
      var buffer = [UInt8](repeating: 0, count: 8)
      let n = buffer.withUnsafeMutableBytes {
        try? Syscall.readFully(reader, into: $0, path: "pipe")
      }
      result.set(n.map { Array(buffer[0..<$0]) })
      done.signal()
    }
    thread.start()
    usleep(50_000)
    let tid = result.waitForThreadId()
    for _ in 0..<5 {
      pthread_kill(tid, SIGUSR1)
      usleep(10_000)
    }
    try Syscall.writeAll(fds[1], Array("12345678".utf8), path: "pipe")
    done.wait()
    #expect(result.bytes == Array("12345678".utf8))
  }
}

/// The reading thread's id and what it read.
final class ResultBox: @unchecked Sendable {
  private let lock = NSLock()
  private var value: [UInt8]??
  private var tid: pthread_t?
  init() {}
  func set(_ bytes: [UInt8]?) { lock.withLock { value = .some(bytes) } }
  var bytes: [UInt8]? { lock.withLock { value ?? nil } }
  func waitForThreadId() -> pthread_t {
    while true {
      if let tid = lock.withLock({ tid }) { return tid }
      usleep(1_000)
    }
  }
  func recordThread() { lock.withLock { tid = pthread_self() } }
}

@Suite struct DirectoryAndIdentityTests {
  @Test func createIsMkdirP() throws {
    let dir = try Scratch()
    try Directory.create(dir.path + "/a/b/c")
    try Directory.create(dir.path + "/a/b/c")
    #expect(FileIdentity(path: dir.path + "/a/b/c")?.isDirectory == true)
    try AtomicFile.write("x", to: dir.path + "/file")
    do {
      try Directory.create(dir.path + "/file/sub")
      Issue.record("created a folder under a file")
    } catch {
      #expect(error.code == ENOTDIR)
    }
    #expect(try Directory.list(dir.path) == ["a", "file"])
    try Directory.remove(dir.path + "/a")
    try Directory.remove(dir.path + "/missing")
    #expect(try Directory.list(dir.path) == ["file"])
  }

  @Test func identityChangesWithAnyWrite() throws {
    let dir = try Scratch()
    let path = dir.path + "/f"
    try AtomicFile.write("abc", to: path)
    let first = try #require(FileIdentity(path: path))
    #expect(FileIdentity(path: path) == first)
    #expect(first.size == 3 && first.isRegular)
    usleep(20_000)  // past the file system's timestamp tick
    let fd = open(path, O_WRONLY)
    _ = "x".withCString { write(fd, $0, 1) }
    close(fd)
    let second = try #require(FileIdentity(path: path))
    #expect(second.size == 3)
    #expect(second != first)
    #expect(second.inode == first.inode)
  }
}
