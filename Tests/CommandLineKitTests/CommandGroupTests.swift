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

  @Test func familiesHaveHelpAndNameTheirTypos() {
    let add = CommandSpec(name: "tool remote add", abstract: "Add a remote.")
    let list = CommandSpec(name: "tool remote list", abstract: "List remotes.")
    let tool = CommandGroup(
      name: "tool", abstract: "A tool.", version: "1.0", commands: [run, add, list],
      families: [.init("remote", abstract: "Manage remotes.")])
    let help = """
      OVERVIEW: Manage remotes.

      USAGE: tool remote <subcommand> [<options>]

      SUBCOMMANDS:
        add                   Add a remote.
        list                  List remotes.

      See 'tool help remote <subcommand>' for detailed help.

      """
    #expect(tool.familyHelpText("remote") == help)
    #expect(tool.resolve(["remote", "--help"]) == .help(help))
    #expect(tool.resolve(["help", "remote"]) == .help(help))
    #expect(tool.resolve(["help", "remote", "add"]) == .help(add.helpText()))
    #expect(tool.resolve(["remote", "add", "--help"]) == .command(add, ["--help"]))
    #expect(
      tool.resolve(["remote", "lsit"])
        == .usageError(
          "Error: unknown subcommand 'lsit' of 'tool remote' (did you mean 'list'?); subcommands: add, list\nUsage: tool remote <subcommand> [<options>]\nSee 'tool remote --help'.\n"
        ))
    #expect(
      tool.resolve(["remote"])
        == .usageError(
          "Error: 'tool remote' needs a subcommand: add, list\nUsage: tool remote <subcommand> [<options>]\nSee 'tool remote --help'.\n"
        ))
    // The shared did-you-mean: prefixes count, case does not.
    #expect(tool.resolve(["RUN"]) != .command(run, []))
    guard case .usageError(let text) = tool.resolve(["RUN"]) else { return }
    #expect(text.hasPrefix("Error: unknown command 'RUN' (did you mean 'run'?)"))
  }
}
