import Basics
import CPosix
import Foundation
import StrictJSON

#if canImport(Glibc)
  import Glibc
#endif

/// Headless Chromium driven through the DevTools protocol over
/// `--remote-debugging-pipe`: JSON messages ended by a NUL byte, read by the browser on
/// fd 3 and written on fd 4. No WebSocket: fd 3 and 4 are both one end of a socket
/// pair, whose other end this object holds.
///
/// The browser runs under the CPosix guardian, so it and its renderer processes die
/// with the browser's main process or with the test process, whichever goes first.
/// Every event is kept; `problems` lists the page's console errors and exceptions.
final class DevToolsBrowser {
  enum Failure: Error, CustomStringConvertible {
    case cannotStart(String)
    case closed(String)
    case timedOut(String)
    case protocolError(String)

    var description: String {
      switch self {
      case .cannotStart(let why): return "chromium did not start: \(why)"
      case .closed(let log): return "chromium closed the DevTools pipe; its log:\n\(log)"
      case .timedOut(let what): return "timed out waiting for \(what)"
      case .protocolError(let what): return "DevTools error: \(what)"
      }
    }
  }

  private let socket: Int32
  private let guardian: pid_t
  private let life: Int32
  private let status: Int32
  private let profile: String
  private var pending: [UInt8] = []
  private var nextID = 1
  /// Every event received so far (`method`, `params`, `sessionId`), in order.
  private(set) var events: [JSON] = []
  /// The page session every `page` call goes to.
  private var session = ""

  /// Starts Chromium and attaches to a fresh blank page.
  init(chromium: String) throws {
    profile = NSTemporaryDirectory() + "devtools-" + UUID().uuidString
    var pair: [Int32] = [0, 0]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0
    else { throw Failure.cannotStart("socketpair: \(Syscall.errnoText())") }
    let log = try Syscall.open(profile + ".log", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC)
    defer { Syscall.close(log) }
    // The guardian hands the stage one extra descriptor, as fd 3; the shell makes fd 4
    // the same socket before it becomes the browser.
    let argv = [
      "/bin/sh", "-c", "exec 4>&3; exec \"$0\" \"$@\"", chromium,
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
      "--remote-debugging-pipe", "--user-data-dir=\(profile)", "--window-size=1000,800", "about:blank",
    ]
    var cArgs = argv.map { strdup($0) } + [nil]
    var cEnv = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      cArgs.forEach { free($0) }
      cEnv.forEach { free($0) }
    }
    var life: Int32 = -1
    var status: Int32 = -1
    guardian = cposix_spawn_guarded(
      "/bin/sh", &cArgs, &cEnv, NSTemporaryDirectory(), log, log, pair[1], &life, &status)
    let reason = Syscall.errnoText()
    Syscall.close(pair[1])
    guard guardian > 0 else {
      Syscall.close(pair[0])
      throw Failure.cannotStart(reason)
    }
    socket = pair[0]
    self.life = life
    self.status = status
    let target = try call("Target.createTarget", ["url": "about:blank"])
    guard let id = target["targetId"]?.stringValue else {
      throw Failure.protocolError("Target.createTarget gave no targetId")
    }
    let attached = try call("Target.attachToTarget", ["targetId": .string(id), "flatten": true])
    guard let session = attached["sessionId"]?.stringValue else {
      throw Failure.protocolError("Target.attachToTarget gave no sessionId")
    }
    self.session = session
    for domain in ["Page", "Runtime", "Log"] { _ = try page("\(domain).enable") }
  }

  deinit {
    // Closing the life pipe makes the guardian kill the browser's whole group.
    Syscall.close(socket)
    Syscall.close(life)
    _ = Syscall.wait(guardian)
    Syscall.close(status)
    try? FileManager.default.removeItem(atPath: profile)
    try? FileManager.default.removeItem(atPath: profile + ".log")
  }

  /// What the browser wrote to stderr so far.
  var log: String { (try? String(contentsOfFile: profile + ".log", encoding: .utf8)) ?? "" }

  /// A command to the page's session; returns its `result`.
  @discardableResult
  func page(_ method: String, _ params: KeyValuePairs<String, JSON> = [:]) throws -> JSON {
    try call(method, params, session: session)
  }

  /// Sends one command and reads until its answer, keeping the events in between.
  func call(_ method: String, _ params: KeyValuePairs<String, JSON> = [:], session: String? = nil)
    throws -> JSON
  {
    let id = nextID
    nextID += 1
    var message: [JSON.Member] = [
      .init("id", .number(Double(id))), .init("method", .string(method)),
      .init("params", .object(params)),
    ]
    if let session { message.append(.init("sessionId", .string(session))) }
    var bytes = Array(JSON.object(message).canonicalText().utf8)
    bytes.append(0)
    // send, not write: a browser that died must give an error here, not a SIGPIPE.
    var sent = 0
    while sent < bytes.count {
      let n = bytes[sent...].withUnsafeBytes { part in
        Syscall.retrying { Glibc.send(socket, part.baseAddress, part.count, Int32(MSG_NOSIGNAL)) }
      }
      guard n > 0 else { throw Failure.closed(log) }
      sent += n
    }
    let deadline = Date().addingTimeInterval(60)
    while true {
      let reply = try nextMessage(until: deadline, waitingFor: method)
      guard reply["id"]?.intValue == id else {
        if reply["method"] != nil { events.append(reply) }
        continue
      }
      if let error = reply["error"] {
        throw Failure.protocolError("\(method): \(error.canonicalText())")
      }
      return reply["result"] ?? .object([])
    }
  }

  /// Reads events until one satisfies `match` (or the deadline passes); returns it.
  func waitForEvent(_ what: String, seconds: Double = 30, _ match: (JSON) -> Bool) throws -> JSON {
    if let seen = events.first(where: match) { return seen }
    let deadline = Date().addingTimeInterval(seconds)
    while true {
      let message = try nextMessage(until: deadline, waitingFor: what)
      guard message["method"] != nil else { continue }
      events.append(message)
      if match(message) { return message }
    }
  }

  /// Evaluates `expression` in the page (awaiting a promise) and returns its value.
  func evaluate(_ expression: String) throws -> JSON {
    let result = try page(
      "Runtime.evaluate",
      ["expression": .string(expression), "returnByValue": true, "awaitPromise": true])
    if let exception = result["exceptionDetails"] {
      throw Failure.protocolError("\(expression): \(exception.canonicalText())")
    }
    return result["result"]?["value"] ?? .null
  }

  /// Evaluates `expression` every 50 ms until it gives something other than null or
  /// false (a hang guard, not a timing check).
  func poll(_ what: String, seconds: Double = 30, _ expression: String) throws -> JSON {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
      let value = try evaluate(expression)
      if value != .null, value != .bool(false) { return value }
      guard Date() < deadline else { throw Failure.timedOut(what) }
      usleep(50_000)
    }
  }

  /// Navigates the page and waits for its load event.
  func navigate(_ url: String) throws {
    events.removeAll { $0["method"]?.stringValue == "Page.loadEventFired" }
    let result = try page("Page.navigate", ["url": .string(url)])
    if let error = result["errorText"]?.stringValue {
      throw Failure.protocolError("navigate \(url): \(error)")
    }
    _ = try waitForEvent("the load event of \(url)") {
      $0["method"]?.stringValue == "Page.loadEventFired"
    }
  }

  /// Console errors, uncaught exceptions and error log entries (failed loads among them)
  /// seen so far, one line each.
  var problems: [String] {
    events.compactMap { event in
      let params = event["params"]
      switch event["method"]?.stringValue {
      case "Runtime.exceptionThrown":
        let details = params?["exceptionDetails"]
        return "exception: "
          + (details?["exception"]?["description"]?.stringValue ?? details?["text"]?.stringValue
            ?? "?")
      case "Runtime.consoleAPICalled" where params?["type"]?.stringValue == "error":
        let args = params?["args"]?.arrayValue ?? []
        return "console.error: "
          + args.map { $0["value"]?.stringValue ?? $0["description"]?.stringValue ?? "?" }
          .joined(separator: " ")
      case "Log.entryAdded" where params?["entry"]?["level"]?.stringValue == "error":
        let entry = params?["entry"]
        return "log: \(entry?["text"]?.stringValue ?? "?") \(entry?["url"]?.stringValue ?? "")"
      default:
        return nil
      }
    }
  }

  /// Types `text` into the focused element, as an IME commit would.
  func type(_ text: String) throws { try page("Input.insertText", ["text": .string(text)]) }

  /// Presses and releases a key that produces `text` (Enter: "\r").
  func press(key: String, code: Int, text: String) throws {
    try page(
      "Input.dispatchKeyEvent",
      [
        "type": "keyDown", "key": .string(key), "code": .string(key),
        "windowsVirtualKeyCode": .number(Double(code)), "text": .string(text),
        "unmodifiedText": .string(text),
      ])
    try page(
      "Input.dispatchKeyEvent",
      [
        "type": "keyUp", "key": .string(key), "code": .string(key),
        "windowsVirtualKeyCode": .number(Double(code)),
      ])
  }

  /// The next NUL-terminated message, parsed.
  private func nextMessage(until deadline: Date, waitingFor what: String) throws -> JSON {
    while true {
      if let end = pending.firstIndex(of: 0) {
        let bytes = Array(pending[..<end])
        pending.removeFirst(end + 1)
        do throws(JSONError) {
          return try JSONParser.parse(bytes, file: "devtools")
        } catch {
          throw Failure.protocolError("unreadable message: \(error)")
        }
      }
      let left = deadline.timeIntervalSinceNow
      guard left > 0 else { throw Failure.timedOut(what) }
      var fds = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
      let ready = Syscall.retrying { Glibc.poll(&fds, 1, Int32(min(left, 1) * 1000)) }
      guard ready > 0 else { continue }
      var chunk = [UInt8](repeating: 0, count: 65536)
      let count = chunk.withUnsafeMutableBytes { Syscall.readSome(socket, into: $0) }
      guard count > 0 else { throw Failure.closed(log) }
      pending += chunk[..<count]
    }
  }
}
