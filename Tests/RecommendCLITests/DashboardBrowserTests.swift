import Foundation
import StrictJSON
import Testing

/// The dashboard in a real browser: headless Chromium loads a view's URL, runs the
/// page's script, and the DOM it dumps must hold the answers the API gives.
///
/// Needs Debian's `chromium`. Without it the suite is skipped, except under CI
/// (`CI` set), where a missing browser fails the run instead.
@Suite(.enabled(if: Chromium.path != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct DashboardBrowserTests {

  /// Runs Chromium on `url` and returns (DOM, stderr).
  static func dumpDOM(_ url: String) throws -> (dom: String, log: String) {
    let browser = try #require(
      Chromium.path, "chromium is not installed: apt-get install -y chromium")
    let profile = NSTemporaryDirectory() + "chromium-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: browser)
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile)",
      "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", "--dump-dom", url,
    ]
    let out = Pipe()
    let logPath = profile + ".log"
    FileManager.default.createFile(atPath: logPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: logPath) }
    process.standardOutput = out
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
    try process.run()
    let dom = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    return (String(decoding: dom, as: UTF8.self), log)
  }

  /// The `data-movie-id`s inside the element with `id`, in order.
  static func movieIDs(in dom: String, list id: String) -> [Int] {
    guard let start = dom.range(of: "id=\"\(id)\"") else { return [] }
    let rest = dom[start.upperBound...]
    let end = rest.range(of: "</ol>")?.lowerBound ?? rest.endIndex
    var ids: [Int] = []
    var cursor = rest[..<end]
    while let hit = cursor.range(of: "data-movie-id=\"") {
      let digits = cursor[hit.upperBound...].prefix { $0.isNumber }
      if let value = Int(digits) { ids.append(value) }
      cursor = cursor[hit.upperBound...]
    }
    return ids
  }

  static func expectNoConsoleErrors(_ log: String) {
    let lines = log.split(separator: "\n").filter {
      $0.contains("CONSOLE")
        && ($0.contains("Uncaught") || $0.contains("Error") || $0.contains("error"))
    }
    #expect(lines.isEmpty, "console: \(lines.joined(separator: "\n"))")
  }

  static func ids(_ json: String) throws -> [Int] {
    try JSONParser.parse(json, file: "cli")["items"]?.arrayValue?.compactMap {
      $0["movie_id"]?.intValue
    } ?? []
  }

  @Test func eachViewURLShowsItsAnswer() throws {
    let server = try ServeProcess(["--quiet"])
    let base = "http://127.0.0.1:\(server.port)"

    let user = try Self.dumpDOM("\(base)/?user=10&n=3&alpha=0.5")
    let expected = try Self.ids(server.cli("user", "10", "-n", "3", "--alpha", "0.5"))
    #expect(expected.count == 3)
    #expect(Self.movieIDs(in: user.dom, list: "user-list") == expected)
    #expect(user.dom.contains("because you liked"))
    #expect(user.dom.contains("id=\"view-similar\" aria-labelledby=\"tab-similar\" hidden"))
    #expect(!user.dom.contains("id=\"view-user\" aria-labelledby=\"tab-user\" hidden"))
    Self.expectNoConsoleErrors(user.log)

    let similar = try Self.dumpDOM("\(base)/?similar=1&n=2")
    #expect(
      Self.movieIDs(in: similar.dom, list: "similar-list")
        == (try Self.ids(server.cli("similar", "1", "-n", "2"))))
    Self.expectNoConsoleErrors(similar.log)

    let popular = try Self.dumpDOM("\(base)/?popular&genre=Comedy")
    let comedies = try Self.ids(server.cli("popular", "--genre", "Comedy"))
    #expect(!comedies.isEmpty)
    #expect(Self.movieIDs(in: popular.dom, list: "popular-list") == comedies)
    Self.expectNoConsoleErrors(popular.log)

    let data = try Self.dumpDOM("\(base)/?data")
    #expect(data.dom.contains("src=\"/charts/ratings.svg\""))
    #expect(data.dom.contains("src=\"/charts/genres.svg\""))
    #expect(!data.dom.contains("id=\"view-data\" aria-labelledby=\"tab-data\" hidden"))
    Self.expectNoConsoleErrors(data.log)

    let unknown = try Self.dumpDOM("\(base)/?user=999")
    #expect(unknown.dom.contains("is not in the bundle"))
    #expect(server.stop() == 0)
  }
}

/// Where Debian's (or another) Chromium is installed, if it is.
enum Chromium {
  static let path: String? = [
    "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
  ]
  .first { FileManager.default.isExecutableFile(atPath: $0) }
}
