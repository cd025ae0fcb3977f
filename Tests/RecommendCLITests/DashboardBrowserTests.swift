import Foundation
import ModelBundle
import StrictJSON
import Testing
import TinyBundleFixture

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

extension DashboardBrowserTests {
  /// The dashboard's user list as the page shows it: (movie id, title text) per item.
  static let shownList = """
    (() => { const items = document.querySelectorAll('#user-list li');
      return items.length ? Array.from(items, (li) => [Number(li.dataset.movieId), li.querySelector('.title').textContent]) : null; })()
    """

  /// The list `recommend user ID --json` gives, as the page labels it.
  static func expectedList(_ json: String) throws -> [JSON] {
    try #require(JSONParser.parse(json, file: "cli")["items"]?.arrayValue).map { item in
      let title = item["title"]?.stringValue ?? ""
      let label = item["year"]?.intValue.map { "\(title) (\($0))" } ?? title
      return .array([.number(Double(item["movie_id"]?.intValue ?? -1)), .string(label)])
    }
  }

  /// A person's path through the page: open `/`, click into the user-id box, type an
  /// id, press Enter; the list that appears must be `recommend user`'s. Then the same
  /// view straight from its URL. Any console error, exception or failed load fails it.
  @Test func typingAUserIDShowsTheirRecommendations() throws {
    let chromium = try #require(
      Chromium.path, "chromium is not installed: apt-get install -y chromium")
    let server = try ServeProcess(["--quiet"])
    let base = "http://127.0.0.1:\(server.port)"
    let browser = try DevToolsBrowser(chromium: chromium)
    let expected = try Self.expectedList(server.cli("user", "10"))
    #expect(expected.count == 4)  // user 10 rated 2 of the 6 movies

    try browser.navigate(base + "/")
    #expect(try browser.evaluate("document.getElementById('user-list')") == .null)
    try browser.evaluate("document.getElementById('user-id').focus()")
    #expect(try browser.evaluate("document.activeElement.id") == "user-id")
    try browser.type("10")
    try browser.press(key: "Enter", code: 13, text: "\r")
    let typed = try browser.poll("the list after typing a user id", Self.shownList)
    #expect(typed == .array(expected))
    #expect(try browser.evaluate("location.search") == "?user=10&n=10")
    #expect(try browser.evaluate("document.getElementById('user-list').dataset.user") == "10")

    try browser.navigate(base + "/?user=10")
    let direct = try browser.poll("the list of /?user=10", Self.shownList)
    #expect(direct == .array(expected))
    #expect(try browser.evaluate("document.getElementById('user-id').value") == "10")

    // A user the bundle does not know: the popular list, with the page's note.
    try browser.navigate(base + "/")
    try browser.evaluate("document.getElementById('user-id').focus()")
    try browser.type("999")
    try browser.press(key: "Enter", code: 13, text: "\r")
    let note = try browser.poll(
      "the unknown-user note",
      "document.querySelector('#user-results .note') && document.querySelector('#user-results .note').textContent")
    #expect(note.stringValue?.contains("User 999 is not in the bundle") == true)

    #expect(browser.problems.isEmpty, "browser: \(browser.problems.joined(separator: "\n"))")
    #expect(server.stop() == 0)
  }
}

extension DashboardBrowserTests {
  /// The model tab of a bundle packaged with plot data: the metrics table, and every
  /// model chart the server lists, the training curve and the alpha sweep among them,
  /// loaded as images; a bundle without plot data says so instead of breaking images.
  @Test func modelTabShowsTheCurveAndTheSweep() throws {
    let chromium = try #require(
      Chromium.path, "chromium is not installed: apt-get install -y chromium")
    let root = TinyBundle.temporaryDirectory()
    defer { TinyBundle.removeDirectory(root) }
    var contents = TinyBundle.contents()
    contents.metrics = .object([
      "ranking": .object(["hybrid": .object(["ndcg": 0.2, "precision": 0.1, "recall": 0.05])])
    ])
    contents.plots = ServeEndToEndTests.plots
    try BundleWriter.write(contents, toDirectory: "\(root)/artifacts/bundle")
    let server = try ServeProcess(["--quiet"], root: root)
    let browser = try DevToolsBrowser(chromium: chromium)
    try browser.navigate("http://127.0.0.1:\(server.port)/?model")
    let loaded = try browser.poll(
      "the model charts",
      """
      (() => { const imgs = Array.from(document.querySelectorAll('#model-charts img'));
        return imgs.length && imgs.every((i) => i.complete && i.naturalWidth > 0) ? imgs.map((i) => i.getAttribute('src')) : null; })()
      """)
    #expect(
      loaded
        == .array([
          "/charts/ranking.svg", "/charts/training-curve.svg", "/charts/alpha-sweep.svg",
        ]))
    #expect(try browser.evaluate("document.getElementById('model-missing').hidden") == .bool(true))
    #expect(try browser.evaluate("document.querySelectorAll('#metrics-table tr').length") == 2)

    let plain = try ServeProcess(["--quiet"])
    try browser.navigate("http://127.0.0.1:\(plain.port)/?model")
    let note = try browser.poll(
      "the missing-plots note",
      "!document.getElementById('model-missing').hidden && document.querySelectorAll('#model-charts img').length === 0")
    #expect(note == .bool(true))
    #expect(browser.problems.isEmpty, "browser: \(browser.problems.joined(separator: "\n"))")
    #expect(server.stop() == 0)
    #expect(plain.stop() == 0)
  }
}

/// Where Debian's (or another) Chromium is installed, if it is.
enum Chromium {
  static let path: String? = [
    "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
  ]
  .first { FileManager.default.isExecutableFile(atPath: $0) }
}
