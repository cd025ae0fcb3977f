import Foundation
import ModelBundle
import RecommendCLI
import RecsysCore

/// `bundle-bench [--users N] [--movies N] [--ratings-per-user N] [--factors K]
/// [--neighbors K] [--queries N] [--runs N] [--out DIR]`
///
/// Builds a random ML-1M-shaped bundle, then reports in-process `recommend user` latency
/// (p50/p99 over random users) and the wall time of one-shot `recommend` processes.
@main
struct Bench {
  static func main() throws {
    var options: [String: Int] = [
      "users": 6040, "movies": 3706, "ratings-per-user": 132, "factors": 100, "neighbors": 50,
      "queries": 10_000, "runs": 20,
    ]
    var out = NSTemporaryDirectory() + "bundle-bench"
    var arguments = Array(CommandLine.arguments.dropFirst())
    while !arguments.isEmpty {
      let name = arguments.removeFirst()
      guard name.hasPrefix("--"), !arguments.isEmpty else {
        fail("usage: bundle-bench [--users N] [--movies N] ... [--out DIR]")
      }
      let value = arguments.removeFirst()
      if name == "--out" {
        out = value
      } else {
        guard options[String(name.dropFirst(2))] != nil, let number = Int(value), number > 0 else {
          fail("unknown option or bad value: \(name) \(value)")
        }
        options[String(name.dropFirst(2))] = number
      }
    }

    var start = now()
    let contents = SyntheticBundle.make(
      users: options["users"]!, movies: options["movies"]!,
      ratingsPerUser: options["ratings-per-user"]!,
      factors: options["factors"]!, neighbors: options["neighbors"]!, seed: 42)
    print("generate: \(ms(now() - start)) ms")
    start = now()
    let written = try BundleWriter.write(contents, toDirectory: out)
    print("write: \(ms(now() - start)) ms, \(written.size) bytes, \(out)/\(written.fileName)")
    print(
      "ratings: \(contents.ratings.indices.count), neighbours: \(contents.neighbors.indices.count)")
    let path = "\(out)/\(written.fileName)"

    for verify in [true, false] {
      var times: [Double] = []
      for _ in 0..<5 {
        start = now()
        _ = try BundleReader(path: path, verifyChecksum: verify)
        times.append(now() - start)
      }
      print("open (checksum \(verify ? "on" : "off")): median \(ms(times.sorted()[2])) ms")
    }

    let reader = try BundleReader(path: path)
    let recommender = Recommender(bundle: reader)
    var random = SeededGenerator(seed: 7)
    let queries = options["queries"]!
    var latencies: [Double] = []
    latencies.reserveCapacity(queries)
    var checksum = 0
    let cpuStart = cpuNow()
    for _ in 0..<queries {
      let user = random.nextInt(below: reader.users.count)
      let begin = now()
      let items = try recommender.recommend(user: user, count: 10, alpha: 0.7)
      latencies.append(now() - begin)
      checksum &+= items.first?.movie ?? 0
    }
    report("recommend user (top 10, k \(reader.model.factorCount))", latencies)
    print(
      "recommend user: CPU time per query \(String(format: "%.1f", (cpuNow() - cpuStart) / Double(queries) * 1e6)) us (thread CPU clock, less sensitive to a loaded machine)"
    )

    latencies.removeAll()
    for _ in 0..<1000 {
      let begin = now()
      let items = recommender.popular(count: 10, genre: nil, minRatings: 1, damping: 10)
      latencies.append(now() - begin)
      checksum &+= items.first?.movie ?? 0
    }
    report("popular (top 10)", latencies)
    latencies.removeAll()
    for index in 0..<100 {
      let begin = now()
      let match = TitleSearch.search(
        "synthetic movie \(index * 37)", in: reader.movies, popularity: reader.popularity)
      latencies.append(now() - begin)
      if case .found(let movie, _) = match { checksum &+= movie }
    }
    report("title search", latencies)
    print("(checksum \(checksum))")

    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("recommend").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
      print("one-shot: skipped, build the 'recommend' product first (\(binary))")
      return
    }
    for command in [["--version"], ["user", "1"], ["similar", "7"], ["popular"], ["info"]] {
      var walls: [Double] = []
      for _ in 0..<options["runs"]! {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = command == ["--version"] ? command : command + ["--bundle", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let begin = now()
        try process.run()
        process.waitUntilExit()
        walls.append(now() - begin)
        guard process.terminationStatus == 0 else { fail("recommend failed: \(command)") }
      }
      walls.sort()
      print(
        "one-shot `recommend \(command.joined(separator: " "))`: median \(ms(walls[walls.count / 2])) ms over \(walls.count) runs"
      )
    }
  }

  static func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(64)
  }

  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }

  static func cpuNow() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }

  static func ms(_ seconds: Double) -> String { String(format: "%.3f", seconds * 1000) }

  static func report(_ name: String, _ samples: [Double]) {
    let sorted = samples.sorted()
    let p50 = sorted[sorted.count / 2]
    let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
    let mean = sorted.reduce(0, +) / Double(sorted.count)
    print(
      "\(name): p50 \(String(format: "%.1f", p50 * 1e6)) us, p99 \(String(format: "%.1f", p99 * 1e6)) us, mean \(String(format: "%.1f", mean * 1e6)) us over \(sorted.count)"
    )
  }
}
