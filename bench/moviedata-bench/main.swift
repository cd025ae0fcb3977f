import Foundation
import MovieData
import RecsysCore

// Timing and quality checks for the MovieData stages (release build only):
//   moviedata-bench synth DIR [ml1m|ml25m] [seed]
//   moviedata-bench parse IN OUT [lenient]
//   moviedata-bench readcsv FILE
//   moviedata-bench split IN OUT [random|per_user|temporal] [seed]
//   moviedata-bench quality SPLITDIR MOVIES.CSV

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
func timed<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
  let t0 = now()
  let result = try body()
  print(String(format: "%@: %.3f s", label, now() - t0))
  return result
}

let args = CommandLine.arguments
guard args.count >= 3 else {
  print("usage: moviedata-bench synth|parse|readcsv|split|quality ...")
  exit(64)
}
switch args[1] {
case "synth":
  var params = SyntheticParams.ml1m
  if args.count > 3, args[3] == "ml25m" { params = .ml25m }
  if args.count > 4 { params.seed = UInt64(args[4])! }
  let summary = try timed("synth") { try SyntheticGenerator.generate(params, to: args[2]) }
  print(summary)
  print("star shares %:", summary.starPercentages.map { String(format: "%.2f", $0) })
case "parse":
  let strict = !(args.count > 4 && args[4] == "lenient")
  let summary = try timed("parse") {
    try DatasetParser.parse(input: args[2], output: args[3], params: ParseParams(strict: strict))
  }
  print(summary)
case "readcsv":
  let bytes = try FileIO.readBytes(atPath: args[2]).count
  let table = try timed("read ratings.csv") { try RatingsCSV.read(path: args[2]) }
  let t0 = now()
  _ = try RatingsCSV.read(path: args[2])
  let dt = now() - t0
  print(
    String(
      format: "%d rows, %.1f MB, %.1f MB/s (second run)", table.count, Double(bytes) / 1e6,
      Double(bytes) / 1e6 / dt))
  let t1 = now()
  let raw = try FileIO.readBytes(atPath: args[2])
  let t1b = now()
  let scan = RatingScanner(separator: .comma).scan(raw, from: 32, firstLine: 2)
  let t1c = now()
  print(
    String(
      format: "file read %.3f s (%.0f MB/s), scan %.3f s (%.0f MB/s, %d rows)", t1b - t1,
      Double(bytes) / 1e6 / (t1b - t1), t1c - t1b, Double(bytes) / 1e6 / (t1c - t1b),
      scan.table.count))
  let t2 = now()
  try RatingsCSV.write(table, to: args[2] + ".copy")
  let dt2 = now() - t2
  print(String(format: "write: %.2f s, %.1f MB/s", dt2, Double(bytes) / 1e6 / dt2))
  try? FileManager.default.removeItem(atPath: args[2] + ".copy")
case "split":
  let method = args.count > 4 ? SplitMethod(rawValue: args[4])! : .random
  let seed = args.count > 5 ? UInt64(args[5])! : 42
  let summary = try timed("split") {
    try DatasetSplitter.split(
      input: args[2], output: args[3], params: SplitParams(method: method, seed: seed))
  }
  print(summary)
case "quality":
  try Quality.run(splitDirectory: args[2], moviesPath: args[3])
default:
  print("unknown command")
  exit(64)
}
