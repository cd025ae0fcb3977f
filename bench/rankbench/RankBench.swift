import Dispatch
import Ranking
import RecsysCore

#if canImport(Glibc)
  import Glibc
#endif

/// `rankbench`: trains one of our ranking models on a split's `train.csv`, writes every
/// training user's top-N (raw ids) and prints the fit time and peak memory as one JSON
/// line, for `bench/ranking_peers.py` to score beside its peers with one evaluator.
///
/// ```
/// rankbench --train artifacts/split/train.csv --model ease|als|knn|pop --out recs.csv
///   [--n 10] [--lambda 500] [--factors 64] [--iterations 15] [--reg 0.05] [--alpha 2]
///   [--cg-steps 3] [--neighbours 50] [--fit-only]
/// ```
enum RankBench {
  struct Options {
    var train = ""
    var model = "ease"
    var out = ""
    var n = 10
    var lambda = 500.0
    var factors = 32
    var iterations = 15
    var reg = 0.05
    var alpha = 2.0
    var cgSteps = 3
    var neighbours = 50
    var fitOnly = false
  }

  static func run(arguments: [String]) -> Int32 {
    do {
      let options = try parse(arguments)
      try execute(options)
      return 0
    } catch {
      fflush(nil)
      var line = "rankbench: error: \(error)\n"
      line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
      return 1
    }
  }

  struct UsageError: Error, CustomStringConvertible {
    let description: String
  }

  static func parse(_ arguments: [String]) throws -> Options {
    var o = Options()
    var i = 0
    func value() throws -> String {
      i += 1
      guard i < arguments.count else {
        throw UsageError(description: "\(arguments[i - 1]) needs a value")
      }
      return arguments[i]
    }
    func number<T: LosslessStringConvertible>(_ name: String) throws -> T {
      let text = try value()
      guard let v = T(text) else {
        throw UsageError(description: "\(name): '\(text)' is not a number")
      }
      return v
    }
    while i < arguments.count {
      switch arguments[i] {
      case "--train": o.train = try value()
      case "--model": o.model = try value()
      case "--out": o.out = try value()
      case "--n": o.n = try number("--n")
      case "--lambda": o.lambda = try number("--lambda")
      case "--factors": o.factors = try number("--factors")
      case "--iterations": o.iterations = try number("--iterations")
      case "--reg": o.reg = try number("--reg")
      case "--alpha": o.alpha = try number("--alpha")
      case "--cg-steps": o.cgSteps = try number("--cg-steps")
      case "--neighbours": o.neighbours = try number("--neighbours")
      case "--fit-only": o.fitOnly = true
      default: throw UsageError(description: "unknown option '\(arguments[i])'")
      }
      i += 1
    }
    if o.train.isEmpty { throw UsageError(description: "--train FILE is required") }
    if o.out.isEmpty && !o.fitOnly {
      throw UsageError(description: "--out FILE is required (or --fit-only)")
    }
    return o
  }

  static func seconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  /// User plus system CPU seconds of this process (all threads) so far.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
  }

  static func peakMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }

  static func execute(_ o: Options) throws {
    let table = try RatingsCSV.read(path: o.train)
    var users = IdIndex()
    var items = IdIndex()
    let u = users.encode(table.users)
    let i = items.encode(table.items)
    let matrix = try InteractionMatrix(
      rows: u, columns: i, values: table.ratings, rowCount: users.count, columnCount: items.count)
    let loadedMB = peakMegabytes()
    let start = seconds()
    let startCPU = cpuSeconds()
    let ranker: any ItemRanker
    var als: ALSModel? = nil
    switch o.model {
    case "ease":
      ranker = try EASEModel.train(matrix, config: EASEConfig(lambda: o.lambda))
    case "als":
      let model = try ALSModel.train(
        matrix,
        config: ALSConfig(
          factors: o.factors, iterations: o.iterations, regularization: o.reg, alpha: o.alpha,
          cgSteps: o.cgSteps))
      als = model
      ranker = model
    case "knn":
      ranker = try ItemKNNModel.train(matrix, config: ItemKNNConfig(neighbours: o.neighbours))
    case "pop":
      ranker = Popularity(matrix: matrix)
    default:
      throw UsageError(description: "unknown model '\(o.model)' (ease, als, knn, pop)")
    }
    let fit = seconds() - start
    let fitCPU = cpuSeconds() - startCPU
    let peak = peakMegabytes()
    if !o.fitOnly {
      let n = o.n
      let knownALS = als
      let userIds = users
      let itemIds = items
      let chunks = ChunkedWork.run(count: matrix.rowCount, chunkSize: 64, parallel: true) { range in
        var text: [UInt8] = []
        var scores: [Float] = []
        var heap = TopKHeap(capacity: n)
        for user in range {
          let own = Array(matrix.columns(ofRow: user))
          if let knownALS {
            knownALS.scores(forUser: user, into: &scores)
          } else {
            ranker.scores(forItems: own, into: &scores)
          }
          for item in own { scores[Int(item)] = -.infinity }
          heap.removeAll()
          for j in 0..<scores.count where scores[j] > -.infinity { heap.offer(Int32(j), scores[j]) }
          for (rank, pair) in heap.sorted().enumerated() {
            text += Array(
              "\(userIds.rawId(at: user)),\(itemIds.rawId(at: Int(pair.item))),\(rank + 1)\n".utf8)
          }
        }
        return text
      }
      var out = Array("userId,movieId,rank\n".utf8)
      for c in chunks { out += c }
      try AtomicFileWriter.write(out, to: o.out)
    }
    print(
      "{\"model\":\"\(o.model)\",\"fit_seconds\":\(fit),\"fit_cpu_seconds\":\(fitCPU),\"peak_rss_mb\":\(peak),\"loaded_rss_mb\":\(loadedMB)}"
    )
  }
}

/// Most-interacted items first, the same for everyone.
struct Popularity: ItemRanker {
  let itemCount: Int
  let counts: [Float]

  init(matrix: InteractionMatrix) {
    itemCount = matrix.columnCount
    var c = [Float](repeating: 0, count: itemCount)
    for j in matrix.columns { c[Int(j)] += 1 }
    counts = c
  }

  func scores(forItems items: [Int32], into scores: inout [Float]) { scores = counts }
}
