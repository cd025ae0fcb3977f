import Archive
import Fetch
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct FetcherTests {
  let md5 = try! Checksum(.md5, hex: Sample.smallMD5)
  let sha = try! Checksum(.sha256, hex: Sample.smallSHA256)

  // MARK: local files

  @Test func usesALocalFileInPlace() throws {
    let cache = try Sample.temporaryFolder()
    let fetcher = Fetcher(cacheFolder: cache)
    let archive = try fetcher.fetch(.local(path: Sample.small), checksums: [md5, sha])
    #expect(
      archive
        == FetchedArchive(
          path: Sample.small, size: Sample.smallSize, sha256: Sample.smallSHA256,
          md5: Sample.smallMD5, origin: .local))
    // Parsed from a file:// url, and without any checksum: still fingerprinted.
    let parsed = try fetcher.fetch(try DataSource.parse("file://" + Sample.small))
    #expect(parsed.sha256 == Sample.smallSHA256)
    #expect(Sample.listing(cache) == [])
  }

  @Test func localChecksumMismatchNamesBothDigestsAndKeepsTheUsersFile() throws {
    let wrong = try Checksum(.md5, hex: String(repeating: "0", count: 32))
    let fetcher = Fetcher(cacheFolder: try Sample.temporaryFolder())
    do {
      _ = try fetcher.fetch(.local(path: Sample.small), checksums: [wrong])
      Issue.record("mismatch not detected")
    } catch let error as FetchError {
      #expect(
        error
          == .checksumMismatch(
            file: Sample.small, algorithm: "md5", expected: wrong.hex, actual: Sample.smallMD5))
      let text = String(describing: error)
      #expect(
        text.contains(wrong.hex) && text.contains(Sample.smallMD5) && text.contains("small.zip"))
    }
    #expect(FileManager.default.fileExists(atPath: Sample.small))
  }

  @Test func missingAndNonFileSources() throws {
    let folder = try Sample.temporaryFolder()
    let fetcher = Fetcher(cacheFolder: folder)
    #expect(throws: FetchError.fileNotFound(path: folder + "/nope.zip")) {
      try fetcher.fetch(.local(path: folder + "/nope.zip"))
    }
    #expect(throws: FetchError.notAFile(path: folder)) { try fetcher.fetch(.local(path: folder)) }
    #expect(throws: FetchError.nothingToFetch(source: "synthetic")) {
      try fetcher.fetch(.synthetic)
    }
  }

  // MARK: offline behaviour (no network used: loopback only)

  @Test func unreachableServerGivesTheOfflineErrorWithBothWaysOut() throws {
    let cache = try Sample.temporaryFolder()
    let fetcher = Fetcher(
      cacheFolder: cache, timeout: 5, datasetBaseURL: "https://127.0.0.1:1/movielens/")
    do {
      _ = try fetcher.fetch(try DataSource.parse("ml-1m"))
      Issue.record("download from a closed port succeeded")
    } catch let error as FetchError {
      guard case .offline(let url, _, let folder) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(url == "https://127.0.0.1:1/movielens/ml-1m.zip")
      #expect(folder == cache)
      let text = String(describing: error)
      #expect(
        text.contains("data.source=file:///path/to/ml-1m.zip")
          && text.contains("data.source=synthetic"))
      #expect(text == text.lowercased() || text.contains(cache))
    }
    #expect(Sample.listing(cache) == [])
  }

  @Test func unknownHostIsOfflineToo() throws {
    // `.invalid` never resolves (RFC 2606), with or without a network.
    let cache = try Sample.temporaryFolder()
    let url = "https://archive-tests.invalid/ml-1m.zip"
    do {
      _ = try Fetcher(cacheFolder: cache, timeout: 5).fetch(.remote(url: url), checksums: [md5])
      Issue.record("download from an unresolvable host succeeded")
    } catch let error as FetchError {
      guard case .offline(let failed, let reason, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(failed == url)
      #expect(
        reason == "host not found" || reason == "timed out" || reason == "no network connection")
    }
    #expect(Sample.listing(cache) == [])
  }

  @Test func silentServerTimesOut() throws {
    // Listens but never accepts or answers: the connection hangs until the timeout.
    let server = try TestHTTPServer(routes: [:], accepting: false)
    defer { server.stop() }
    let cache = try Sample.temporaryFolder()
    let fetcher = Fetcher(cacheFolder: cache, timeout: 1)
    #expect(
      throws: FetchError.offline(
        url: server.baseURL + "x.zip", reason: "timed out", cacheFolder: cache)
    ) {
      try fetcher.fetch(.remote(url: server.baseURL + "x.zip"), checksums: [md5])
    }
    #expect(Sample.listing(cache) == [])
  }

  @Test func downloadsNeedAChecksum() throws {
    let fetcher = Fetcher(cacheFolder: try Sample.temporaryFolder())
    #expect(throws: FetchError.checksumRequired(source: "https://example.org/a.zip")) {
      try fetcher.fetch(.remote(url: "https://example.org/a.zip"))
    }
    #expect(throws: FetchError.checksumRequired(source: "ml-latest-small")) {
      try fetcher.fetch(try DataSource.parse("ml-latest-small"))
    }
  }

  @Test func reusesAVerifiedCachedCopyWithoutNetwork() throws {
    let cache = try Sample.temporaryFolder()
    try FileManager.default.copyItem(atPath: Sample.small, toPath: cache + "/ml-test.zip")
    let dataset = KnownDataset(name: "ml-test", md5: Sample.smallMD5)
    let fetcher = Fetcher(cacheFolder: cache, timeout: 5, datasetBaseURL: "https://127.0.0.1:1/")
    let archive = try fetcher.fetch(.named(dataset))
    #expect(archive.origin == .cache)
    #expect(archive.path == cache + "/ml-test.zip")
    #expect(archive.sha256 == Sample.smallSHA256)
  }

  @Test func aStaleCachedCopyIsRemovedAndRefetched() throws {
    let cache = try Sample.temporaryFolder()
    try FileManager.default.copyItem(atPath: Sample.badCRC, toPath: cache + "/ml-test.zip")
    let dataset = KnownDataset(name: "ml-test", md5: Sample.smallMD5)
    let fetcher = Fetcher(cacheFolder: cache, timeout: 5, datasetBaseURL: "https://127.0.0.1:1/")
    #expect(throws: FetchError.self) { try fetcher.fetch(.named(dataset)) }
    #expect(Sample.listing(cache) == [])
  }

  // MARK: downloads from a loopback server

  @Test func downloadsVerifiesStoresAndThenReusesTheCache() throws {
    let body = try Sample.bytes(Sample.small)
    let server = try TestHTTPServer(routes: ["/data/ml-test.zip": .body(body)])
    defer { server.stop() }
    let cache = try Sample.temporaryFolder() + "/downloads"
    let fetcher = Fetcher(cacheFolder: cache, timeout: 10, datasetBaseURL: server.baseURL + "data")
    let dataset = KnownDataset(name: "ml-test", md5: Sample.smallMD5)
    let log = ProgressLog()
    let first = try fetcher.fetch(.named(dataset), checksums: [sha]) { log.record($0, $1) }
    #expect(
      first
        == FetchedArchive(
          path: cache + "/ml-test.zip", size: Sample.smallSize, sha256: Sample.smallSHA256,
          md5: Sample.smallMD5, origin: .download))
    #expect(try Sample.bytes(first.path) == body)
    #expect(log.count >= 1)
    #expect(log.last?.0 == Sample.smallSize && log.last?.1 == Sample.smallSize)
    #expect(Sample.listing(cache) == ["ml-test.zip"])
    #expect(server.requestCount == 1)

    let second = try fetcher.fetch(.named(dataset))
    #expect(second.origin == .cache)
    #expect(server.requestCount == 1)

    // The downloaded archive extracts with our own reader.
    let target = try Sample.temporaryFolder() + "/raw"
    let written = try Fetcher.extract(second, to: target)
    #expect(written.map(\.name) == ["small/a.txt", "small/b.txt", "small/c.dat", "small/raw.bin"])
    #expect(Sample.listing(target + "/small") == ["a.txt", "b.txt", "c.dat", "raw.bin"])
  }

  @Test func downloadedChecksumMismatchRemovesTheFile() throws {
    let server = try TestHTTPServer(routes: [
      "/a/archive.zip": .body(try Sample.bytes(Sample.badCRC))
    ])
    defer { server.stop() }
    let cache = try Sample.temporaryFolder()
    let fetcher = Fetcher(cacheFolder: cache, timeout: 10)
    let url = server.baseURL + "a/archive.zip"
    do {
      _ = try fetcher.fetch(.remote(url: url), checksums: [md5])
      Issue.record("mismatch not detected")
    } catch let error as FetchError {
      #expect(
        error
          == .checksumMismatch(
            file: url, algorithm: "md5", expected: Sample.smallMD5,
            actual: "09627fc0e45e13222abeda6487306ce5"))
    }
    #expect(Sample.listing(cache) == [])
  }

  @Test func httpErrorsAndShortBodiesLeaveNothingBehind() throws {
    let body = try Sample.bytes(Sample.small)
    let server = try TestHTTPServer(routes: [
      "/short.zip": .truncated(body: Array(body[..<1000]), announced: body.count)
    ])
    defer { server.stop() }
    let cache = try Sample.temporaryFolder()
    let fetcher = Fetcher(cacheFolder: cache, timeout: 5)
    #expect(throws: FetchError.httpStatus(url: server.baseURL + "missing.zip", status: 404)) {
      try fetcher.fetch(.remote(url: server.baseURL + "missing.zip"), checksums: [md5])
    }
    #expect(
      throws: FetchError.truncatedDownload(
        url: server.baseURL + "short.zip", expected: Int64(body.count), received: 1000)
    ) {
      try fetcher.fetch(.remote(url: server.baseURL + "short.zip"), checksums: [md5])
    }
    #expect(Sample.listing(cache) == [])
  }

  // MARK: extraction

  @Test func extractionReplacesTheFolderOnlyWhenEverythingChecksOut() throws {
    let root = try Sample.temporaryFolder()
    let target = root + "/raw"
    let fetcher = Fetcher(cacheFolder: root + "/cache")
    try Fetcher.extract(try fetcher.fetch(.local(path: Sample.small)), to: target)
    #expect(Sample.listing(target) == ["small"])
    let bad = try fetcher.fetch(.local(path: Sample.badCRC))
    do {
      try Fetcher.extract(bad, to: target)
      Issue.record("bad archive extracted")
    } catch let error as FetchError {
      guard case .archive(.crcMismatch(_, let entry, _, _)) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(entry == "bad/story.txt")
    }
    // The previous extraction is untouched and no staging folder is left.
    #expect(Sample.listing(target) == ["small"])
    #expect(Sample.listing(root) == ["raw"])
  }

  @Test func errorMessagesAreOneLine() {
    let errors: [FetchError] = [
      .unknownDataset(name: "ml-2m"), .invalidSource(source: "ftp://x", reason: "r"),
      .invalidChecksum(field: "data.md5", value: "x"), .checksumRequired(source: "ml-latest-small"),
      .nothingToFetch(source: "synthetic"), .fileNotFound(path: "a.zip"), .notAFile(path: "a"),
      .checksumMismatch(file: "a.zip", algorithm: "md5", expected: "e", actual: "a"),
      .offline(url: "https://h/ml-1m.zip", reason: "timed out", cacheFolder: "c"),
      .httpStatus(url: "https://h/ml-1m.zip", status: 404),
      .truncatedDownload(url: "u", expected: 3, received: 2), .ioFailed(path: "p", reason: "r"),
      .archive(.notAZip(path: "a.zip")),
    ]
    for error in errors {
      let text = String(describing: error)
      #expect(!text.contains("\n") && text == text.lowercased(), "\(text)")
    }
  }
}
