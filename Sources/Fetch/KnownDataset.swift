/// A MovieLens dataset published by GroupLens, with the checksum we pin it to.
public struct KnownDataset: Sendable, Equatable {
  /// Where GroupLens publishes the archives.
  public static let groupLensBaseURL = "https://files.grouplens.org/datasets/movielens/"

  /// The `data.source` name, e.g. `ml-1m`.
  public let name: String
  /// The pinned MD5 of the archive (lowercase hex), as GroupLens publishes it in
  /// `<name>.zip.md5`; nil when none is pinned, in which case the user must pass one.
  public let md5: String?

  /// Creates a dataset description; `KnownDataset.all` lists the published ones.
  public init(name: String, md5: String?) {
    self.name = name
    self.md5 = md5
  }

  /// The archive's file name, `<name>.zip`.
  public var fileName: String { name + ".zip" }

  /// The archive's URL under `baseURL` (GroupLens by default).
  public func url(baseURL: String = KnownDataset.groupLensBaseURL) -> String {
    (baseURL.hasSuffix("/") ? baseURL : baseURL + "/") + fileName
  }

  /// The datasets `data.source` accepts by name.
  ///
  /// The MD5s are the ones in GroupLens's `.zip.md5` sidecar files (as quoted by
  /// several independent projects that verify against them). `ml-latest-small` is
  /// regenerated from time to time, so it has no stable checksum and is not pinned.
  public static let all: [KnownDataset] = [
    KnownDataset(name: "ml-100k", md5: "0e33842e24a9c977be4e0107933c0723"),
    KnownDataset(name: "ml-1m", md5: "c4d9eecfca2ab87c1945afe126590906"),
    KnownDataset(name: "ml-10m", md5: "ce571fd55effeba0271552578f2648bd"),
    KnownDataset(name: "ml-20m", md5: "cd245b17a1ae2cc31bb14903e1204af3"),
    KnownDataset(name: "ml-25m", md5: "6b51fb2759a8657d3bfcbfc42b592ada"),
    KnownDataset(name: "ml-32m", md5: "d472be332d4daa821edc399621853b57"),
    KnownDataset(name: "ml-latest-small", md5: nil),
  ]

  /// The published dataset called `name`, if any.
  public static func named(_ name: String) -> KnownDataset? {
    all.first { $0.name == name }
  }
}
