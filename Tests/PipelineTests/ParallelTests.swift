import Foundation
import Testing
import TestSupport

@Suite struct ParallelTests {
  /// Two independent one-second stages overlap with `--jobs 2` and do not with
  /// `--jobs 1`. Each stage records its own start and end, so the check is on the
  /// schedule, not on the machine's speed.
  @Test func independentStagesRunInParallel() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      """
      {"stages": {
        "one": {"cmd": "date +%s%N > one.start; sleep 1; date +%s%N > one.end", "outs": ["one.start", "one.end"]},
        "two": {"cmd": "date +%s%N > two.start; sleep 1; date +%s%N > two.end", "outs": ["two.start", "two.end"]}
      }}
      """)
    func interval(_ name: String) throws -> ClosedRange<Int> {
      let start = Int(try repo.read(name + ".start").trimmingCharacters(in: .whitespacesAndNewlines))!
      let end = Int(try repo.read(name + ".end").trimmingCharacters(in: .whitespacesAndNewlines))!
      return start...end
    }
    let parallel = try repo.pipeline("repro", "--jobs", "2")
    #expect(parallel.status == 0)
    #expect(try interval("one").overlaps(interval("two")))
    // Output lines of parallel stages carry the stage name.
    let serial = try repo.pipeline("repro", "--force", "--jobs", "1")
    #expect(serial.status == 0)
    #expect(!(try interval("one").overlaps(interval("two"))))
  }

  @Test func parallelOutputIsPrefixed() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"alpha": {"cmd": "echo from-alpha"}, "b": {"cmd": "echo from-b"}}}"#)
    let r = try repo.pipeline("repro", "--jobs", "2")
    #expect(r.stdout.contains("alpha | from-alpha"))
    #expect(r.stdout.contains("b     | from-b"))
  }

  @Test func progressLinesArePrintedAtTenthsWhenNotOnATerminal() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"t": {"cmd": "i=0; while [ $i -lt 100 ]; do i=$((i+1)); echo progress: $i/100 epoch; done"}}}"#)
    let r = try repo.pipeline("repro", "--jobs", "1")
    let lines = r.stdout.split(separator: "\n").filter { !$0.hasPrefix("> ") }
    let progress = lines.filter { $0.contains("/100 epoch") }
    #expect(progress.count == 11)
    #expect(progress.first == "1/100 epoch")
    #expect(progress.last == "100/100 epoch")
    #expect(!lines.contains { $0.hasPrefix("progress:") })
  }
}
