// Timing of the tfidf stage on synthetic movie documents shaped like MovieLens titles
// and ML-25M genre shares, and of the ranking evaluation on an ML-1M-sized problem.
//
//   swift build -c release --product contentbench && .build/release/contentbench [tfidf|eval] ...
import ContentSimilarity
import Dispatch
import Evaluation
import RecsysCore

#if canImport(Glibc)
  import Glibc
#endif

/// CPU seconds used by the whole process: other jobs on a shared machine inflate wall
/// time but not this.
func cpuSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// ML-25M genre counts over 62,423 movies.
let genreShares: [(String, Double)] = [
  ("Drama", 25606), ("Comedy", 16870), ("Thriller", 8654), ("Romance", 7719),
  ("Action", 7348), ("Horror", 5989), ("Documentary", 5605), ("Crime", 5319),
  ("Adventure", 4145), ("Sci-Fi", 3595), ("Children", 2935), ("Animation", 2929),
  ("Mystery", 2925), ("Fantasy", 2731), ("War", 1874), ("Western", 1399),
  ("Musical", 1054), ("Film-Noir", 353), ("IMAX", 195),
].map { ($0.0, $0.1 / 62423) }

func syntheticDocuments(count: Int, seed: UInt64) -> [String] {
  var rng = SeededGenerator(seed: seed)
  let vocabularySize = max(2000, count / 2)
  // Zipf(1) over word ranks by inverse CDF on a precomputed table.
  var cdf = [Double](repeating: 0, count: vocabularySize)
  var total = 0.0
  for r in 0..<vocabularySize {
    total += 1 / Double(r + 1)
    cdf[r] = total
  }
  func word() -> String {
    let u = rng.nextDouble() * total
    var lo = 0
    var hi = vocabularySize - 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
    }
    return "w\(lo)"
  }
  return (0..<count).map { _ in
    let words = (0..<(1 + rng.nextInt(below: 5))).map { _ in word() }
    var genres = genreShares.filter { rng.nextDouble() < $0.1 * 1.2 }.map(\.0)
    if genres.isEmpty && rng.nextDouble() < 0.9 { genres = ["Drama"] }
    return document(title: words.joined(separator: " "), genres: genres)
  }
}

func benchTfidf(_ sizes: [Int]) throws {
  for n in sizes {
    let docs = syntheticDocuments(count: n, seed: 42)
    var matrix = TfidfMatrix(documents: [])
    let fit = seconds { matrix = TfidfMatrix(documents: docs) }
    var nb = try Neighbours(cosineOf: matrix, k: 20)
    let parallel = try seconds { nb = try Neighbours(cosineOf: matrix, k: 20) }
    let cpu0 = cpuSeconds()
    let serial = try seconds { _ = try Neighbours(cosineOf: matrix, k: 20, parallel: false) }
    let serialCPU = cpuSeconds() - cpu0
    var scores: [Float] = []
    let liked = (0..<100).map { Int32($0 * (n / 100)) }
    let score = seconds {
      for _ in 0..<100 { contentScores(liked: liked, neighbours: nb, into: &scores) }
    }
    print(
      "tfidf n=\(n) terms=\(matrix.columnCount) nnz=\(matrix.nonZeroCount)"
        + " fit=\(fmt(fit))s neighbours(k=20, 2 threads)=\(fmt(parallel))s"
        + " neighbours(serial)=\(fmt(serial))s (cpu \(fmt(serialCPU))s) contentScores(|L|=100)=\(fmt(score * 10))ms/user"
        + " entries=\(nb.indices.count)")
  }
}

/// Writes `docs.txt` (one document per line) and `neighbours.tsv` (row, neighbour,
/// similarity) for `tfidf_peer.py` to time scikit-learn on and compare against.
func dump(count: Int, directory: String) throws {
  let docs = syntheticDocuments(count: count, seed: 42)
  let nb = try Neighbours(cosineOf: TfidfMatrix(documents: docs), k: 20)
  var lines = ""
  for i in 0..<nb.rowCount {
    let (indices, sims) = nb.row(i)
    for (j, s) in zip(indices, sims) { lines += "\(i)\t\(j)\t\(s)\n" }
  }
  try write(docs.joined(separator: "\n") + "\n", to: directory + "/docs.txt")
  try write(lines, to: directory + "/neighbours.tsv")
}

func write(_ text: String, to path: String) throws {
  guard let file = fopen(path, "w") else {
    print("error: cannot write '\(path)'")
    return
  }
  defer { fclose(file) }
  _ = Array(text.utf8).withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
}

func fmt(_ x: Double) -> String {
  let scaled = (x * 1000).rounded() / 1000
  return "\(scaled)"
}

let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "tfidf"
let numbers = arguments.dropFirst().compactMap { Int($0) }
do {
  switch mode {
  case "dump":
    try dump(count: numbers.first ?? 3883, directory: arguments.count > 2 ? arguments[2] : ".")
  case "eval":
    try benchEvaluation(users: numbers.first ?? 6040, items: numbers.dropFirst().first ?? 3706)
  default: try benchTfidf(numbers.isEmpty ? [3883, 62423] : numbers)
  }
} catch {
  print("error: \(error)")
}
