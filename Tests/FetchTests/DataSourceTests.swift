import Fetch
import Testing

@Suite struct DataSourceTests {
  @Test func parsesEveryKindOfSource() throws {
    #expect(try DataSource.parse("synthetic") == .synthetic)
    #expect(
      try DataSource.parse("ml-1m")
        == .named(KnownDataset(name: "ml-1m", md5: "c4d9eecfca2ab87c1945afe126590906")))
    #expect(try DataSource.parse("file:///data/ml-1m.zip") == .local(path: "/data/ml-1m.zip"))
    #expect(
      try DataSource.parse("file:///data/my%20data/ml-1m.zip")
        == .local(path: "/data/my data/ml-1m.zip"))
    #expect(try DataSource.parse("file://localhost/data/x.zip") == .local(path: "/data/x.zip"))
    #expect(try DataSource.parse("data/ml-1m.zip") == .local(path: "data/ml-1m.zip"))
    #expect(try DataSource.parse("/abs/ml-1m.zip") == .local(path: "/abs/ml-1m.zip"))
    #expect(
      try DataSource.parse("https://example.org/a/ml.zip")
        == .remote(url: "https://example.org/a/ml.zip"))
    #expect(
      try DataSource.parse("HTTP://example.org/ml.zip") == .remote(url: "HTTP://example.org/ml.zip")
    )
  }

  @Test func rejectsBadSources() {
    #expect(throws: FetchError.unknownDataset(name: "ml-2m")) { try DataSource.parse("ml-2m") }
    #expect(throws: FetchError.self) { try DataSource.parse("ftp://example.org/ml.zip") }
    #expect(throws: FetchError.self) { try DataSource.parse("https:///nohost.zip") }
    #expect(throws: FetchError.self) { try DataSource.parse("") }
    let message = String(describing: FetchError.unknownDataset(name: "ml-2m"))
    #expect(
      message.contains("'ml-1m'") && message.contains("'synthetic'") && message.contains("'ml-32m'")
    )
  }

  @Test func pinsTheGroupLensDatasets() {
    #expect(
      KnownDataset.all.map(\.name) == [
        "ml-100k", "ml-1m", "ml-10m", "ml-20m", "ml-25m", "ml-32m", "ml-latest-small",
      ])
    #expect(KnownDataset.named("ml-100k")?.md5 == "0e33842e24a9c977be4e0107933c0723")
    #expect(KnownDataset.named("ml-latest-small")?.md5 == nil)
    #expect(
      KnownDataset.named("ml-1m")?.url()
        == "https://files.grouplens.org/datasets/movielens/ml-1m.zip")
    #expect(
      KnownDataset.named("ml-1m")?.url(baseURL: "http://mirror/x") == "http://mirror/x/ml-1m.zip")
    for dataset in KnownDataset.all {
      if let md5 = dataset.md5 { #expect((try? Checksum(.md5, hex: md5)) != nil) }
    }
  }

  @Test func validatesChecksums() throws {
    let upper = try Checksum(.md5, hex: "4DDE190B809EF3EE38C9B042799D7F60")
    #expect(upper.hex == "4dde190b809ef3ee38c9b042799d7f60")
    #expect(upper.description == "md5:4dde190b809ef3ee38c9b042799d7f60")
    #expect(throws: FetchError.invalidChecksum(field: "data.md5", value: "abc")) {
      try Checksum(.md5, hex: "abc")
    }
    #expect(
      throws: FetchError.invalidChecksum(
        field: "data.sha256", value: String(repeating: "g", count: 64))
    ) {
      try Checksum(.sha256, hex: String(repeating: "g", count: 64))
    }
    #expect(try Checksum.parameters(sha256: "", md5: nil) == [])
    #expect(
      try Checksum.parameters(
        sha256: String(repeating: "a", count: 64), md5: String(repeating: "b", count: 32)
      ).map(\.algorithm) == [.sha256, .md5])
    #expect(
      String(describing: FetchError.invalidChecksum(field: "data.md5", value: "abc")).contains(
        "32 hexadecimal digits"))
  }
}
