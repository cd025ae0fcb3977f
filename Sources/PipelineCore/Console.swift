#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics
import Synchronization

/// Serialized output for the stages running in parallel: whole lines never
/// interleave, and on a terminal a live line per running stage stays at the
/// bottom (spinner, elapsed time, progress bar), redrawn as output scrolls above it.
/// Not on a terminal (CI, pipes), with `TERM=dumb` or `--no-progress` there are no
/// live lines, only plain ones. `NO_COLOR` removes colour and nothing else.
public final class Console: Sendable {
  /// What the output may use, decided once from the environment.
  public struct Mode: Equatable, Sendable {
    /// Live stage lines and progress bars (cursor movement).
    public var live: Bool
    /// Colour and bold.
    public var color: Bool

    public init(live: Bool, color: Bool) {
      self.live = live
      self.color = color
    }

    /// The rule: escape codes only on a terminal that is not `TERM=dumb`; live lines
    /// unless `--no-progress`; colour unless `NO_COLOR` is set (to anything, as
    /// no-color.org says).
    public static func decide(isTerminal: Bool, term: String?, noColor: Bool, noProgress: Bool) -> Mode {
      let capable = isTerminal && (term ?? "dumb") != "dumb" && !(term ?? "").isEmpty
      return Mode(live: capable && !noProgress, color: capable && !noColor)
    }

    /// The mode of this process's stdout.
    public static func current(noProgress: Bool) -> Mode {
      decide(
        isTerminal: isatty(1) == 1, term: getenv("TERM").map { String(cString: $0) },
        noColor: getenv("NO_COLOR") != nil, noProgress: noProgress)
    }
  }

  public let mode: Mode
  /// Whether live lines (and so escape codes for them) are drawn.
  public var isTerminal: Bool { mode.live }

  struct Running {
    var name: String
    var started: Double
    var progress: (done: Int, total: Int, label: String)?
    /// The last progress tenth printed, for plain output.
    var lastTenth = -1
  }

  private struct Live {
    var stages: [Running] = []
    var shown = 0
    var frame = 0
    var ticking = false
  }

  private let live = Mutex(Live())

  /// - Parameter noProgress: `--no-progress`: plain lines even on a terminal.
  public init(noProgress: Bool = false) {
    mode = Mode.current(noProgress: noProgress)
  }

  public init(mode: Mode) { self.mode = mode }

  public func out(_ text: String) { emit(text + "\n", fd: 1) }
  public func err(_ text: String) { emit(text + "\n", fd: 2) }

  /// Text in bold on a terminal, plain elsewhere.
  public func bold(_ text: String) -> String { mode.color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
  public func red(_ text: String) -> String { mode.color ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
  public func green(_ text: String) -> String { mode.color ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
  public func dim(_ text: String) -> String { mode.color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

  // MARK: Live stage lines

  func stageStarted(_ name: String) {
    live.withLock { state in
      eraseLocked(&state)
      state.stages.append(Running(name: name, started: monotonicSeconds()))
      drawLocked(&state)
    }
    startTickerIfNeeded()
  }

  func stageEnded(_ name: String) {
    live.withLock { state in
      eraseLocked(&state)
      state.stages.removeAll { $0.name == name }
      drawLocked(&state)
    }
  }

  /// A `progress: DONE/TOTAL [label]` line from a stage: a bar on a terminal; a
  /// plain line at every tenth elsewhere, so CI logs stay short.
  func stageProgress(_ name: String, done: Int, total: Int, label: String, prefix: String) {
    var plain: String?
    live.withLock { state in
      guard let i = state.stages.firstIndex(where: { $0.name == name }) else { return }
      state.stages[i].progress = (done, total, label)
      if !isTerminal {
        let tenth = total > 0 ? min(10, done * 10 / total) : 0
        if tenth != state.stages[i].lastTenth {
          state.stages[i].lastTenth = tenth
          plain = "\(prefix)\(done)/\(total)\(label.isEmpty ? "" : " " + label)"
        }
      }
    }
    if let plain { out(plain) }
  }

  /// Parses `progress: 5/20 epoch` into its parts.
  static func parseProgress(_ line: String) -> (Int, Int, String)? {
    guard line.hasPrefix("progress: ") else { return nil }
    let rest = line.dropFirst(10)
    let fraction = rest.prefix { $0 != " " }
    let parts = fraction.split(separator: "/")
    guard parts.count == 2, let done = Int(parts[0]), let total = Int(parts[1]) else { return nil }
    let label = rest.dropFirst(fraction.count).drop { $0 == " " }
    return (done, total, String(label))
  }

  private func startTickerIfNeeded() {
    guard isTerminal else { return }
    let start = live.withLock { state -> Bool in
      if state.ticking { return false }
      state.ticking = true
      return true
    }
    guard start else { return }
    startThread { [self] in
      while true {
        usleep(100_000)
        let more = live.withLock { state -> Bool in
          state.frame += 1
          eraseLocked(&state)
          drawLocked(&state)
          if state.stages.isEmpty { state.ticking = false }
          return !state.stages.isEmpty
        }
        if !more { return }
      }
    }
  }

  private func emit(_ text: String, fd: Int32) {
    live.withLock { state in
      eraseLocked(&state)
      writeAll(text, fd: fd)
      drawLocked(&state)
    }
  }

  private func eraseLocked(_ state: inout Live) {
    guard isTerminal, state.shown > 0 else { return }
    writeAll(String(repeating: "\u{1B}[1A\u{1B}[2K", count: state.shown), fd: 1)
    state.shown = 0
  }

  private func drawLocked(_ state: inout Live) {
    guard isTerminal, !state.stages.isEmpty else { return }
    let spinner = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
    let width = terminalWidth()
    let nameWidth = state.stages.map(\.name.count).max() ?? 0
    var text = ""
    for stage in state.stages {
      let elapsed = monotonicSeconds() - stage.started
      var line = "\(spinner[state.frame % spinner.count]) \(stage.name.padding(nameWidth))  \(formatSeconds(elapsed))"
      if let p = stage.progress, p.total > 0 {
        let filled = min(20, p.done * 20 / p.total)
        line += "  [" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "]"
        line += " \(p.done)/\(p.total)" + (p.label.isEmpty ? "" : " " + p.label)
      }
      text += "\u{1B}[2K" + String(line.prefix(max(10, width - 1))) + "\n"
    }
    writeAll(text, fd: 1)
    state.shown = state.stages.count
  }

  private func terminalWidth() -> Int {
    var size = winsize()
    return ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
  }

  private func writeAll(_ text: String, fd: Int32) {
    // A closed stdout (`| head`) must not stop the run: the error is dropped.
    try? Syscall.writeAll(fd, Array(text.utf8), path: fd == 1 ? "stdout" : "stderr")
  }
}
