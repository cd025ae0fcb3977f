import PipelineCore
import Testing

/// NO_COLOR removes colour only; live lines need a capable terminal and no
/// `--no-progress`.
@Suite struct ConsoleModeTests {
  struct Case: Sendable {
    var terminal: Bool, term: String?, noColor: Bool, noProgress: Bool, live: Bool, color: Bool
    init(
      _ terminal: Bool, _ term: String?, _ noColor: Bool, _ noProgress: Bool, _ live: Bool,
      _ color: Bool
    ) {
      (self.terminal, self.term, self.noColor, self.noProgress, self.live, self.color) =
        (terminal, term, noColor, noProgress, live, color)
    }
  }

  @Test(arguments: [
    // (terminal, TERM, NO_COLOR, --no-progress) -> (live, color)
    Case(true, "xterm-256color", false, false, true, true),
    Case(true, "xterm-256color", true, false, true, false),
    Case(true, "xterm-256color", false, true, false, true),
    Case(true, "xterm-256color", true, true, false, false),
    Case(true, "dumb", false, false, false, false),
    Case(true, nil, false, false, false, false),
    Case(false, "xterm-256color", false, false, false, false),
    Case(false, "xterm-256color", true, false, false, false),
  ])
  func modeDecision(_ c: Case) {
    let mode = Console.Mode.decide(
      isTerminal: c.terminal, term: c.term, noColor: c.noColor, noProgress: c.noProgress)
    #expect(mode == Console.Mode(live: c.live, color: c.color))
  }

  @Test func colourOnlyWhenAllowed() {
    let plain = Console(mode: Console.Mode(live: true, color: false))
    #expect(plain.bold("x") == "x")
    #expect(plain.isTerminal)
    let coloured = Console(mode: Console.Mode(live: false, color: true))
    #expect(coloured.red("x") == "\u{1B}[31mx\u{1B}[0m")
    #expect(!coloured.isTerminal)
  }
}
