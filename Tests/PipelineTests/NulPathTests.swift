import Testing
import TestSupport

/// Found by the product fuzzer (seed 1): a dep of "\u0000" named the repository root for
/// every C call, and hashing it recursed until the stack overflowed (signal 11).
@Suite struct NulPathTests {
  @Test(arguments: [#"\u0000"#, #"a\u0000b"#, #"src/\u0000"#])
  func aPathWithANulIsAnErrorWithItsLocation(_ path: String) throws {
    let repo = try TempRepo()
    try repo.write("params.json", "{}\n")
    try repo.write("src/x.txt", "x\n")
    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "true", "deps": ["# + "\"\(path)\"" + "]}}}\n")
    for command in [["status"], ["dag"], ["repro", "--dry"]] {
      let result = try repo.run(Tools.pipeline, command)
      #expect(result.status == 2, "\(command): \(result.stderr)")
      #expect(result.stderr.hasPrefix("pipeline.json:1:"), "\(result.stderr)")
      #expect(result.stderr.contains("contains a nul character"), "\(result.stderr)")
    }
  }
}
