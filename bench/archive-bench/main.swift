// Times inflating every entry of a ZIP archive with our own inflater.
//
// usage: archive-bench <zip> [repeats]
// Prints, per entry, the best-of-N wall time of extract-to-nowhere (inflate + CRC-32
// check, output discarded) and of inflate alone, in MB/s of uncompressed output.
import Archive
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
  FileHandle.standardError.write("usage: archive-bench <zip> [repeats]\n".data(using: .utf8)!)
  exit(64)
}
if arguments[1] == "--crc" {
  let bytes = [UInt8](repeating: 0, count: 64 << 20).enumerated().map {
    UInt8(truncatingIfNeeded: $0.offset &* 2_654_435_761 >> 13)
  }
  for _ in 0..<3 {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = CRC32.checksum(bytes)
    let s = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print(String(format: "crc32 %08x: %.0f MB/s", value, 64 * 1.048576 / s))
  }
  exit(0)
}
if arguments[1] == "--inflate" && arguments.count >= 3 {
  // One pass of inflate only, for instruction counting under valgrind.
  let archive = try! ZipArchive(path: arguments[2])
  let inflater = Inflater()
  let raw = try! Data(contentsOf: URL(fileURLWithPath: arguments[2]), options: .alwaysMapped)
  for entry in archive.entries where entry.method == 8 {
    let base = Int(entry.localHeaderOffset)
    let start =
      base + 30 + (Int(raw[base + 26]) | Int(raw[base + 27]) << 8)
      + (Int(raw[base + 28]) | Int(raw[base + 29]) << 8)
    let produced = try! raw.withUnsafeBytes { all in
      try inflater.inflate(
        UnsafeRawBufferPointer(rebasing: all[start..<start + Int(entry.compressedSize)])
      ) { _ in }.produced
    }
    print(entry.name, produced)
  }
  exit(0)
}
if arguments[1] == "--extract" && arguments.count >= 4 {
  // Whole extraction (inflate + CRC-32 + write + rename) into a fresh folder each time,
  // as `unzip -d` into an empty folder; best of 3 by wall clock, with the CPU time
  // (user + system) of that run, the steadier number on a shared machine.
  var best = (wall: Double.infinity, cpu: 0.0)
  var bytes: UInt64 = 0
  for run in 1...3 {
    let before = cpuSeconds()
    let wall = try! seconds {
      bytes = try ZipArchive.extract(zipAt: arguments[2], to: arguments[3] + "/run-\(run)").reduce(0) {
        $0 + $1.uncompressedSize
      }
    }
    if wall < best.wall { best = (wall, cpuSeconds() - before) }
  }
  print(
    String(
      format: "extract to folder: %.1f MB in %.3f s wall, %.3f s cpu = %.0f MB/s", Double(bytes) / 1e6, best.wall,
      best.cpu, Double(bytes) / 1e6 / best.wall))
  exit(0)
}

/// User plus system CPU time of this process so far.
func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
  return s(usage.ru_utime) + s(usage.ru_stime)
}
let repeats = arguments.count >= 3 ? Int(arguments[2]) ?? 3 : 3

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

do {
  let archive = try ZipArchive(path: arguments[1])
  let raw = try Data(contentsOf: URL(fileURLWithPath: arguments[1]), options: .alwaysMapped)
  var totalOut: UInt64 = 0
  var totalExtract = 0.0
  for entry in archive.entries where !entry.isDirectory {
    var bestExtract = Double.infinity
    var bestInflate = Double.infinity
    for _ in 0..<repeats {
      var sum: UInt64 = 0
      bestExtract = min(
        bestExtract,
        try seconds {
          try archive.extract(entry) { sum &+= UInt64($0.count) }
        })
      if entry.method == 8 {
        let nameLength =
          Int(raw[Int(entry.localHeaderOffset) + 26]) | Int(raw[Int(entry.localHeaderOffset) + 27])
          << 8
        let extraLength =
          Int(raw[Int(entry.localHeaderOffset) + 28]) | Int(raw[Int(entry.localHeaderOffset) + 29])
          << 8
        let start = Int(entry.localHeaderOffset) + 30 + nameLength + extraLength
        let inflater = Inflater()
        bestInflate = min(
          bestInflate,
          try seconds {
            try raw.withUnsafeBytes { all in
              let stream = UnsafeRawBufferPointer(
                rebasing: all[start..<start + Int(entry.compressedSize)])
              _ = try inflater.inflate(stream) { _ in }
            }
          })
      }
    }
    let mb = Double(entry.uncompressedSize) / 1e6
    totalOut += entry.uncompressedSize
    totalExtract += bestExtract
    print(
      String(
        format: "%@  %.1f MB  extract+crc %.3f s = %.0f MB/s  inflate only %.3f s = %.0f MB/s",
        entry.name, mb, bestExtract, mb / bestExtract, bestInflate, mb / bestInflate))
  }
  print(
    String(
      format: "total %.1f MB in %.3f s = %.0f MB/s (extract+crc)", Double(totalOut) / 1e6,
      totalExtract, Double(totalOut) / 1e6 / totalExtract))
} catch {
  FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
  exit(1)
}
