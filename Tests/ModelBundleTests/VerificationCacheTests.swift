import Foundation
import Testing

@testable import ModelBundle
import TinyBundleFixture

/// The verification cache skips hashing only for a file whose identity is unchanged.
@Suite struct VerificationCacheTests {
  @Test func rememberedFileSkipsHashingAndAnyWriteForcesIt() throws {
    let folder = FileManager.default.temporaryDirectory.path + "/vcache-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let bytes = try BundleWriter.encode(TinyBundle.contents())
    let path = folder + "/b.mlb"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    // Age the file so the cache may remember it.
    let old = Date(timeIntervalSinceNow: -10)
    try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
    let cache = VerificationCache(file: folder + "/verified")
    _ = try BundleReader(path: path, cache: cache)
    let ctimeFresh = FileManager.default.fileExists(atPath: cache.file)
    // setAttributes moved ctime to now, so this first open must not have been remembered.
    #expect(!ctimeFresh)

    // Flip one payload byte in place: the identity changes, so the checksum runs and fails.
    var flipped = bytes
    flipped[bytes.count - 1] ^= 0xFF
    try Data(flipped).write(to: URL(fileURLWithPath: path))
    #expect(throws: BundleError.self) { try BundleReader(path: path, cache: cache) }
  }

  @Test func cacheLinesMatchOnlyTheSameIdentity() throws {
    let folder = FileManager.default.temporaryDirectory.path + "/vcache-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let cache = VerificationCache(file: folder + "/verified")
    var st = stat()
    st.st_ino = 7
    st.st_size = 100
    st.st_ctim.tv_sec = 1
    st.st_mtim.tv_sec = 1
    let identity = FileIdentity(st)
    cache.remember(path: "/x/b.mlb", identity: identity, digest: "abc")
    #expect(cache.contains(path: "/x/b.mlb", identity: identity, digest: "abc"))
    var other = st
    other.st_ctim.tv_nsec = 1
    #expect(!cache.contains(path: "/x/b.mlb", identity: FileIdentity(other), digest: "abc"))
    #expect(!cache.contains(path: "/x/b.mlb", identity: identity, digest: "abd"))
  }
}
