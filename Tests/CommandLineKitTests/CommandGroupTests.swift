import CommandLineKit
import Testing

@Suite struct CommandGroupTests {
  let run = CommandSpec(
    name: "tool run", abstract: "Run.",
    options: [.option("--bundle", value: "p", help: "B."), .flag("--json", help: "J.")])
  let show = CommandSpec(name: "tool show", abstract: "Show.")
  var group: CommandGroup {
    CommandGroup(
      name: "tool", abstract: "A tool.", version: "1.0", commands: [run, show],
      sharedOptions: [.option("--bundle", value: "p", help: "B."), .flag("--json", help: "J.")])
  }

  @Test func dispatchesAndMovesSharedOptions() {
    #expect(group.resolve(["run", "a"]) == .command(run, ["a"]))
    #expect(
      group.resolve(["--bundle", "b.mlb", "--json", "run", "a"])
        == .command(run, ["a", "--bundle", "b.mlb", "--json"]))
    #expect(group.resolve(["--bundle=b.mlb", "show"]) == .command(show, ["--bundle=b.mlb"]))
  }

  @Test func helpAndVersion() {
    #expect(group.resolve(["--version"]) == .version)
    #expect(group.resolve(["--help"]) == .help(group.helpText()))
    #expect(group.resolve(["help"]) == .help(group.helpText()))
    #expect(group.resolve(["help", "show"]) == .help(show.helpText()))
    #expect(group.helpText().contains("\n  run                   Run.\n"))
  }

  @Test func usageErrors() {
    guard case .usageError(let text) = group.resolve(["rnu"]) else {
      Issue.record("expected a usage error")
      return
    }
    #expect(
      text
        == "Error: unknown command 'rnu' (did you mean 'run'?)\nUsage: tool <command> [<options>]\nSee 'tool --help'.\n"
    )
    guard case .usageError(let missing) = group.resolve([]) else {
      Issue.record("expected a usage error")
      return
    }
    #expect(missing.hasPrefix("Error: missing command\n"))
    guard case .usageError = group.resolve(["--nope", "run"]) else {
      Issue.record("expected a usage error")
      return
    }
  }
}
