import Hashing
import ModelBundle
import StrictJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A bundle small enough to check every answer by hand; the numbers:
///
/// Movies (index: id title year genres):
///   0: 1 Toy Story 1995 Animation|Children's|Comedy
///   1: 2 Jumanji 1995 Adventure|Children's|Fantasy
///   2: 3 Heat 1995 Action|Crime|Thriller
///   3: 5 Amélie 2001 Comedy|Romance
///   4: 8 American President, The 1995 Comedy|Drama|Romance
///   5: 13 Toy Story 2 1999 Animation|Children's|Comedy
/// Users (index: id): 0: 10, 1: 20, 2: 30, 3: 40.
/// MF: k = 2, mu = 3.5, bu = [0, 0.5, -0.5, 2], bi = [0.5, 0, -0.5, 0.25, 0, 0.25],
///   p = [1,0] [0,1] [1,1] [0,0]; q = [0.5,0] [1,0] [-1,0.5] [0,1] [0.25,0.25] [0.75,-0.5].
/// Ratings: user 10: m0 5, m2 2; user 20: m1 4, m3 5, m4 3; user 30: m2 3;
///   user 40: m0 4, m5 5.
/// Neighbours: m0: m5 .9, m1 .4, m3 .2; m1: m0 .4, m5 .3; m2: none; m3: m4 .6, m0 .2;
///   m4: m3 .6, m5 .1; m5: m0 .9, m1 .3, m4 .1.
/// Popularity (count, mean): (2, 4.5) (1, 4) (2, 2.5) (1, 5) (1, 3) (1, 5).
/// Params: hybrid.alpha 0.5, popularity.damping 2.
public enum TinyBundle {
  public static func contents() -> BundleContents {
    let movies = [
      MovieRecord(
        id: 1, title: "Toy Story", year: 1995, genres: ["Animation", "Children's", "Comedy"]),
      MovieRecord(
        id: 2, title: "Jumanji", year: 1995, genres: ["Adventure", "Children's", "Fantasy"]),
      MovieRecord(id: 3, title: "Heat", year: 1995, genres: ["Action", "Crime", "Thriller"]),
      MovieRecord(id: 5, title: "Amélie", year: 2001, genres: ["Comedy", "Romance"]),
      MovieRecord(
        id: 8, title: "American President, The", year: 1995, genres: ["Comedy", "Drama", "Romance"]),
      MovieRecord(
        id: 13, title: "Toy Story 2", year: 1999, genres: ["Animation", "Children's", "Comedy"]),
    ]
    let model = FactorModel(
      factorCount: 2, globalMean: 3.5, userBiases: [0, 0.5, -0.5, 2],
      itemBiases: [0.5, 0, -0.5, 0.25, 0, 0.25], userFactors: [1, 0, 0, 1, 1, 1, 0, 0],
      itemFactors: [0.5, 0, 1, 0, -1, 0.5, 0, 1, 0.25, 0.25, 0.75, -0.5])
    let neighbors = SparseRows(rows: [
      [(5, 0.9), (1, 0.4), (3, 0.2)],
      [(0, 0.4), (5, 0.3)],
      [],
      [(4, 0.6), (0, 0.2)],
      [(3, 0.6), (5, 0.1)],
      [(0, 0.9), (1, 0.3), (4, 0.1)],
    ])
    let ratings = SparseRows(rows: [
      [(0, 5), (2, 2)],
      [(1, 4), (3, 5), (4, 3)],
      [(2, 3)],
      [(0, 4), (5, 5)],
    ])
    return BundleContents(
      params: .object([
        "hybrid": .object(["alpha": 0.5]),
        "popularity": .object(["damping": 2]),
        "svd": .object(["factors": 2, "lr": 0.005]),
      ]),
      metrics: .object(["mf": .object(["rmse": 0.91]), "hybrid": .object(["ndcg_at_10": 0.12])]),
      datasetFingerprint: "tiny-0001", movies: movies, userIDs: [10, 20, 30, 40], model: model,
      neighbors: neighbors,
      popularity: Popularity(counts: [2, 1, 2, 1, 1, 1], means: [4.5, 4, 2.5, 5, 3, 5]),
      ratings: ratings,
      scoring: ScoringConfig(
        model: "svd", alpha: 0.5, normalize: "minmax", likedThreshold: 4, foldInReg: 0.06,
        foldInAlpha: 0))
  }

  /// The encoded tiny bundle.
  public static func bytes() -> [UInt8] {
    try! BundleWriter.encode(contents())
  }

  /// Rewrites the header checksum after a test edits the payload on purpose, so the
  /// structural checks (not the checksum) are what rejects it.
  public static func reseal(_ bytes: inout [UInt8]) {
    let digest = SHA256.hash(Array(bytes[64...]))
    bytes.replaceSubrange(24..<56, with: digest.bytes)
  }

  /// The payload offset and length of section `name`, read from the table of contents.
  public static func section(_ name: String, in bytes: [UInt8]) -> (offset: Int, length: Int)? {
    func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    let count = u32(64)
    for index in 0..<count {
      let base = 64 + 8 + index * 64
      let nameBytes = bytes[base..<(base + 40)].prefix { $0 != 0 }
      if String(decoding: nameBytes, as: UTF8.self) == name {
        return (64 + u64(base + 48), u64(base + 56))
      }
    }
    return nil
  }

  /// The section names in table-of-contents order.
  public static func sectionNames(in bytes: [UInt8]) -> [String] {
    let count = (0..<4).reduce(0) { $0 | Int(bytes[64 + $1]) << (8 * $1) }
    return (0..<count).map { index in
      let base = 64 + 8 + index * 64
      return String(decoding: bytes[base..<(base + 40)].prefix { $0 != 0 }, as: UTF8.self)
    }
  }

  /// The bundle with section `name`'s bytes replaced by `contents` (any length): the
  /// sections are laid out again, the table of contents and payload length rewritten and
  /// the checksum resealed, so only the reader's structural and range checks stand
  /// between the crafted values and a query.
  public static func replacing(_ name: String, with contents: [UInt8], in bytes: [UInt8]) -> [UInt8] {
    func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    func put64(_ value: Int, at: Int, _ out: inout [UInt8]) {
      for i in 0..<8 { out[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }
    let names = sectionNames(in: bytes)
    let tocEnd = 8 + names.count * 64
    var payload = Array(bytes[64..<(64 + tocEnd)])
    for (index, section) in names.enumerated() {
      let base = 64 + 8 + index * 64
      let data = section == name ? contents : Array(bytes[(64 + u64(base + 48))..<(64 + u64(base + 48) + u64(base + 56))])
      while payload.count % 16 != 0 { payload.append(0) }
      put64(payload.count, at: 8 + index * 64 + 48, &payload)
      put64(data.count, at: 8 + index * 64 + 56, &payload)
      payload += data
    }
    var out = Array(bytes[0..<64]) + payload
    put64(payload.count, at: 16, &out)
    reseal(&out)
    return out
  }

  /// Little-endian bytes of `values`, for `replacing(_:with:in:)`.
  public static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
  }

  /// Little-endian bytes of `values`.
  public static func littleEndian(_ values: [Float]) -> [UInt8] { littleEndian(values.map(\.bitPattern)) }

  /// Little-endian bytes of `values`.
  public static func littleEndian(_ values: [Double]) -> [UInt8] { littleEndian(values.map(\.bitPattern)) }

  /// A fresh empty folder under the system temp directory.
  public static func temporaryDirectory() -> String {
    var template = Array("/tmp/bundle-tests.XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer {
      String(cString: mkdtemp($0.baseAddress!)!)
    }
    return path
  }

  /// Removes a folder made by `temporaryDirectory()` and everything in it.
  public static func removeDirectory(_ path: String) {
    guard path.hasPrefix("/tmp/bundle-tests.") else { return }
    func remove(_ path: String) {
      if let folder = opendir(path) {
        var names: [String] = []
        while let entry = readdir(folder) {
          let name = withUnsafeBytes(of: entry.pointee.d_name) {
            String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
          }
          if name != ".", name != ".." { names.append(name) }
        }
        closedir(folder)
        for name in names { remove("\(path)/\(name)") }
        rmdir(path)
      } else {
        unlink(path)
      }
    }
    remove(path)
  }

  /// Reads a whole file.
  public static func read(_ path: String) -> [UInt8] {
    guard let file = fopen(path, "rb") else { return [] }
    defer { fclose(file) }
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = fread(&chunk, 1, chunk.count, file)
      if count == 0 { return result }
      result.append(contentsOf: chunk[0..<count])
    }
  }

  /// Writes a whole file.
  public static func write(_ bytes: [UInt8], to path: String) {
    guard let file = fopen(path, "wb") else { return }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
  }
}
