// Benchmark driver: `hashbench sha256|md5 FILE...` prints `hex  path` lines like
// sha256sum/md5sum, so bench/hash.sh can time both the same way and compare output.
// `hashbench --implementation` prints the SHA-256 implementation this process picked
// (PIPELINE_SHA256=portable forces the Swift code).
import Hashing

#if canImport(Glibc)
  import Glibc
#endif

/// Writes to file descriptor 2; the C `stderr` global is not concurrency-safe in Swift 6.
func printError(_ message: String) {
  fflush(nil)
  var line = message + "\n"
  line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--implementation"] {
  do {
    try SHA256.checkImplementationVariable()
  } catch {
    printError("hashbench: \(error)")
    exit(64)
  }
  print(SHA256.defaultImplementation)
  exit(0)
}
guard arguments.count >= 2, ["sha256", "md5"].contains(arguments[0]) else {
  printError("usage: hashbench sha256|md5 FILE...")
  exit(64)
}
var status: Int32 = 0
for path in arguments.dropFirst() {
  do {
    let digest =
      arguments[0] == "sha256"
      ? try SHA256.hash(fileAt: path).digest : try MD5.hash(fileAt: path).digest
    print("\(digest)  \(path)")
  } catch {
    printError("hashbench: \(error)")
    status = 1
  }
}
exit(status)
