import Foundation
import Testing
import TestSupport

/// The README's examples are tests: every code block marked with a preceding
/// `<!-- README-TEST: ... -->` comment is run, in README order, and its output compared
/// with the block after normalizing what changes from run to run (durations, run ids,
/// temporary paths, column padding). A line `...` in a block stands for any number of
/// lines.
///
/// Marker: `<!-- README-TEST: SESSION [| params: k=v ...] [| run: COMMAND] [| after: k=v ...] -->`.
/// Blocks of one SESSION share one repository: a copy of this package's pipeline.json,
/// params.json, stages/ and Sources/ made at its first block. `params:` sets values in
/// params.json before the block runs, `after:` after it. A block whose lines start with
/// `$ ` runs each of those commands (a trailing `  # comment` is not part of it) and
/// compares the lines up to the next `$ ` with its output (stdout and stderr merged); a
/// block without `$ ` lines is the output of its `run:` command. Commands run through
/// `/bin/sh` with the built products first on `PATH` and `NO_COLOR=1`.
///
/// Regenerate the blocks from real output: `UPDATE_README=1 swift test --filter ReadmeTests`
/// (or `scripts/update-readme`). Lines `...` are kept, with the lines around them taken
/// from the new output.
@Suite(.serialized) struct ReadmeTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  @Test func readmeExamplesMatchTheProgram() throws {
    let readmePath = Self.root + "/README.md"
    let text = try String(contentsOfFile: readmePath, encoding: .utf8)
    var lines = text.components(separatedBy: "\n")
    let blocks = try ReadmeBlock.parse(lines)
    #expect(blocks.count >= 5, "README.md lost its README-TEST blocks")
    let update = ProcessInfo.processInfo.environment["UPDATE_README"] == "1"
    var sessions: [String: TempRepo] = [:]
    var replacements: [(range: Range<Int>, lines: [String])] = []
    for block in blocks {
      let repo: TempRepo
      if let existing = sessions[block.session] {
        repo = existing
      } else {
        repo = try Self.makeSession()
        sessions[block.session] = repo
      }
      try Self.setParams(block.params, in: repo)
      var newBody: [String] = []
      for step in block.steps {
        let actual = try Self.run(step.command, in: repo)
        let expected = step.expected
        if !ReadmeMatch.matches(expected: expected, actual: actual) {
          if !update {
            Issue.record(
              """
              README.md:\(step.line): '\(step.command)' printed something else (normalized):
              --- README
              \(expected.map(ReadmeMatch.normalize).joined(separator: "\n"))
              --- actual
              \(actual.map(ReadmeMatch.normalize).joined(separator: "\n"))
              Regenerate with: UPDATE_README=1 swift test --filter ReadmeTests
              """)
          }
        }
        let regenerated = ReadmeMatch.regenerate(expected: expected, actual: actual)
        if update && regenerated == nil {
          Issue.record("README.md:\(step.line): cannot place the '...' of this block in the new output; edit it by hand")
        }
        newBody += step.header + (regenerated ?? expected)
      }
      replacements.append((block.body, newBody))
      try Self.setParams(block.after, in: repo)
    }
    if update {
      for (range, body) in replacements.reversed() { lines.replaceSubrange(range, with: body) }
      try lines.joined(separator: "\n").write(toFile: readmePath, atomically: true, encoding: .utf8)
    }
  }

  @Test func matchingTreatsDotsAsAnyLinesAndNormalizesRunValues() {
    let actual = [
      "Running stage 'a':", "a | 3 rows", "Stage 'a' finished in 0.79s", "stage  status  time", "a      ran     12.5s",
      "exp-1  20261130-050816-1  32",
    ]
    #expect(
      ReadmeMatch.matches(
        expected: ["Running stage 'a':", "...", "stage status time", "a ran 0.01s", "exp-1 20000101-000000-9 32"],
        actual: actual))
    #expect(!ReadmeMatch.matches(expected: ["Running stage 'b':", "..."], actual: actual))
    #expect(!ReadmeMatch.matches(expected: ["...", "a ran 1s", "exp-1 20261130-050816-1 33"], actual: actual))
    #expect(ReadmeMatch.matches(expected: ["..."], actual: []))
    // Regeneration keeps the dots and takes the other lines from the new output.
    #expect(
      ReadmeMatch.regenerate(expected: ["Running stage 'x':", "...", "exp-1 old"], actual: actual)
        == ["Running stage 'a':", "...", "exp-1  20261130-050816-1  32"])
    #expect(
      ReadmeMatch.regenerate(expected: ["Running stage 'a':", "...", "stage  status  time", "...", "x"], actual: actual)
        == ["Running stage 'a':", "...", "stage  status  time", "...", "exp-1  20261130-050816-1  32"])
    #expect(ReadmeMatch.regenerate(expected: ["old"], actual: ["new", "lines"]) == ["new", "lines"])
  }

  @Test func markersAreParsedWithTheirOptions() throws {
    let readme = [
      "text", "<!-- README-TEST: s | params: a.b=1 c=x | run: pipeline repro | after: a.b=2 -->", "```", "out 1",
      "...", "```", "<!-- README-TEST: s -->", "```", "$ pipeline status   # a comment", "line", "$ pipeline dag",
      "```",
    ]
    let blocks = try ReadmeBlock.parse(readme)
    #expect(blocks.count == 2)
    #expect(blocks[0].session == "s")
    #expect(blocks[0].params.map { "\($0.key)=\($0.value)" } == ["a.b=1", "c=x"])
    #expect(blocks[0].after.map { "\($0.key)=\($0.value)" } == ["a.b=2"])
    #expect(blocks[0].steps.map(\.command) == ["pipeline repro"])
    #expect(blocks[0].steps[0].expected == ["out 1", "..."])
    #expect(blocks[0].body == 3..<5)
    #expect(blocks[1].steps.map(\.command) == ["pipeline status", "pipeline dag"])
    #expect(blocks[1].steps[0].header == ["$ pipeline status   # a comment"])
    #expect(blocks[1].steps[0].expected == ["line"])
    #expect(throws: ReadmeBlock.ParseError.self) { try ReadmeBlock.parse(["<!-- README-TEST: s -->", "text"]) }
  }

  /// A copy of the package's pipeline in a fresh folder.
  static func makeSession() throws -> TempRepo {
    let repo = try TempRepo()
    for item in ["pipeline.json", "params.json", "stages", "Sources"] {
      try FileManager.default.copyItem(atPath: root + "/" + item, toPath: repo.path + "/" + item)
    }
    return repo
  }

  /// Sets dotted keys in the session's params.json; a value that parses as JSON (a
  /// number, `true`) is stored as that, anything else as a string.
  static func setParams(_ values: [(key: String, value: String)], in repo: TempRepo) throws {
    guard !values.isEmpty else { return }
    var params = try JSONSerialization.jsonObject(with: repo.bytes("params.json")) as! [String: Any]
    for (key, text) in values {
      let parts = key.split(separator: ".").map(String.init)
      let value: Any = (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) ?? text
      func set(_ object: inout [String: Any], _ path: ArraySlice<String>) {
        guard let first = path.first else { return }
        if path.count == 1 {
          object[first] = value
        } else {
          var child = object[first] as? [String: Any] ?? [:]
          set(&child, path.dropFirst())
          object[first] = child
        }
      }
      set(&params, parts[...])
    }
    let data = try JSONSerialization.data(withJSONObject: params, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: repo.path + "/params.json"))
  }

  /// Runs one README command in the session and returns its output lines.
  static func run(_ command: String, in repo: TempRepo) throws -> [String] {
    let path = Tools.products + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let result = try repo.run("/bin/sh", ["-c", command + " 2>&1"], environment: ["PATH": path])
    var lines = result.stdout.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    return lines.map { $0.replacingOccurrences(of: repo.path, with: "<repo>") }
  }
}

/// A README code block under a `README-TEST` marker.
struct ReadmeBlock {
  struct Step {
    /// 1-based README line of the command (or the block's first line).
    var line: Int
    var command: String
    /// The `$ ...` line as written (empty for a `run:` block).
    var header: [String]
    var expected: [String]
  }

  struct ParseError: Error, CustomStringConvertible {
    var description: String
  }

  var session: String
  var params: [(key: String, value: String)] = []
  var after: [(key: String, value: String)] = []
  var steps: [Step] = []
  /// The block's lines between the fences (0-based line indices).
  var body: Range<Int>

  static let marker = "<!-- README-TEST:"

  static func parse(_ lines: [String]) throws -> [ReadmeBlock] {
    var blocks: [ReadmeBlock] = []
    var index = 0
    while index < lines.count {
      let line = lines[index].trimmingCharacters(in: .whitespaces)
      guard line.hasPrefix(marker), line.hasSuffix("-->") else {
        index += 1
        continue
      }
      let spec = String(line.dropFirst(marker.count).dropLast(3)).trimmingCharacters(in: .whitespaces)
      var parts = spec.components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
      guard index + 1 < lines.count, lines[index + 1].hasPrefix("```"),
        let close = lines[(index + 2)...].firstIndex(where: { $0.hasPrefix("```") })
      else {
        throw ParseError(description: "README.md:\(index + 1): a README-TEST marker must be followed by a code block")
      }
      var block = ReadmeBlock(session: parts.removeFirst(), body: (index + 2)..<close)
      var run: String? = nil
      for part in parts {
        func pairs(_ text: Substring) -> [(key: String, value: String)] {
          text.split(separator: " ").compactMap { pair in
            guard let equals = pair.firstIndex(of: "=") else { return nil }
            return (String(pair[..<equals]), String(pair[equals...].dropFirst()))
          }
        }
        if part.hasPrefix("params:") {
          block.params = pairs(part.dropFirst(7))
        } else if part.hasPrefix("after:") {
          block.after = pairs(part.dropFirst(6))
        } else if part.hasPrefix("run:") {
          run = part.dropFirst(4).trimmingCharacters(in: .whitespaces)
        } else {
          throw ParseError(description: "README.md:\(index + 1): unknown README-TEST option '\(part)'")
        }
      }
      let body = Array(lines[block.body])
      if let run {
        block.steps = [Step(line: index + 3, command: run, header: [], expected: body)]
      } else {
        for (offset, text) in body.enumerated() {
          if text.hasPrefix("$ ") {
            var command = String(text.dropFirst(2))
            if let comment = command.range(of: #"\s+#\s.*$"#, options: .regularExpression) {
              command.removeSubrange(comment)
            }
            block.steps.append(Step(line: block.body.lowerBound + offset + 1, command: command, header: [text], expected: []))
          } else if !block.steps.isEmpty {
            block.steps[block.steps.count - 1].expected.append(text)
          } else {
            throw ParseError(
              description: "README.md:\(block.body.lowerBound + offset + 1): output before the first '$ ' command (use '| run: COMMAND')")
          }
        }
      }
      blocks.append(block)
      index = close + 1
    }
    return blocks
  }
}

/// Comparison of README lines with real output.
enum ReadmeMatch {
  static let rules: [(NSRegularExpression, String)] = [
    (try! NSRegularExpression(pattern: #"\b\d{8}-\d{6}(-\d+)?\b"#), "<run>"),
    (try! NSRegularExpression(pattern: #"\b\d+(\.\d+)?\s?(ms|us|µs|s)\b"#), "<time>"),
    (try! NSRegularExpression(pattern: #"/tmp/[A-Za-z0-9._/-]+"#), "<tmp>"),
    (try! NSRegularExpression(pattern: #"\s+"#), " "),
  ]

  /// A line with run-dependent values replaced and spacing collapsed.
  static func normalize(_ line: String) -> String {
    var text = line
    for (pattern, replacement) in rules {
      text = pattern.stringByReplacingMatches(
        in: text, range: NSRange(text.startIndex..., in: text), withTemplate: replacement)
    }
    return text.trimmingCharacters(in: .whitespaces)
  }

  static func isDots(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces) == "..." }

  /// Where each expected line lands in `actual` (nil for `...`), or nil if they do not match.
  static func align(expected: [String], actual: [String]) -> [Int?]? {
    let e = expected.map { isDots($0) ? nil : normalize($0) }
    let a = actual.map(normalize)
    var memo: [Int: Bool] = [:]
    func key(_ i: Int, _ j: Int) -> Int { i * (a.count + 1) + j }
    func match(_ i: Int, _ j: Int) -> Bool {
      if let known = memo[key(i, j)] { return known }
      let result: Bool
      if i == e.count {
        result = j == a.count
      } else if e[i] == nil {
        result = match(i + 1, j) || (j < a.count && match(i, j + 1))
      } else {
        result = j < a.count && e[i] == a[j] && match(i + 1, j + 1)
      }
      memo[key(i, j)] = result
      return result
    }
    guard match(0, 0) else { return nil }
    var placement: [Int?] = []
    var i = 0
    var j = 0
    while i < e.count {
      if e[i] == nil {
        if match(i + 1, j) {
          placement.append(nil)
          i += 1
        } else {
          j += 1
        }
      } else {
        placement.append(j)
        i += 1
        j += 1
      }
    }
    return placement
  }

  static func matches(expected: [String], actual: [String]) -> Bool {
    align(expected: expected, actual: actual) != nil
  }

  /// The block's new lines: the actual output, with each `...` kept. When the old lines
  /// still match, each takes its new text; otherwise the lines before the first `...`
  /// come from the start of the output, those after the last from its end, and each run
  /// between two `...` from where its first line's first word reappears.
  static func regenerate(expected: [String], actual: [String]) -> [String]? {
    if !expected.contains(where: isDots) { return actual }
    if let placement = align(expected: expected, actual: actual) {
      return zip(expected, placement).map { line, at in at.map { actual[$0] } ?? line }
    }
    var chunks: [[String]] = [[]]
    for line in expected {
      if isDots(line) { chunks.append([]) } else { chunks[chunks.count - 1].append(line) }
    }
    let head = chunks.first!
    let tail = chunks.last!
    guard head.count + tail.count <= actual.count else { return nil }
    var result = Array(actual.prefix(head.count))
    var position = head.count
    let limit = actual.count - tail.count
    for chunk in chunks.dropFirst().dropLast() {
      result.append("...")
      guard !chunk.isEmpty else { continue }
      let word = normalize(chunk[0]).split(separator: " ").first.map(String.init) ?? ""
      guard
        let start = (position..<limit).first(where: {
          normalize(actual[$0]).split(separator: " ").first.map(String.init) == word
        }), start + chunk.count <= limit
      else { return nil }
      result += actual[start..<(start + chunk.count)]
      position = start + chunk.count
    }
    result.append("...")
    // The last run of lines from where its first word reappears (last time), to the end.
    let word = tail.first.map { normalize($0).split(separator: " ").first.map(String.init) ?? "" }
    if let word, let start = (position..<actual.count).last(where: {
      normalize(actual[$0]).split(separator: " ").first.map(String.init) == word && actual.count - $0 >= tail.count
    }) {
      result += actual[start...]
    } else {
      result += actual.suffix(tail.count)
    }
    return result
  }
}
