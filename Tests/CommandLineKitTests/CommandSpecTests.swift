import CommandLineKit
import Testing

@Suite struct CommandSpecTests {
  let spec = CommandSpec(
    name: "tool run", abstract: "Run things.",
    arguments: [
      ArgumentSpec("target", help: "What to run."),
      ArgumentSpec("extra", help: "More.", isOptional: true),
    ],
    options: [
      .option("-n", "--count", value: "n", help: "How many."),
      .option("--alpha", value: "a", help: "Weight."),
      .flag("--json", help: "JSON."),
      .flag("-f", "--force", help: "Force."),
    ])

  @Test func optionsFlagsAndPositionals() throws {
    let parsed = try spec.parse(["x", "-n", "5", "--json", "--alpha=0.25", "-f"])
    #expect(parsed.positionals == ["x"])
    #expect(try parsed.int("-n") == 5)
    #expect(try parsed.int("--count") == 5)
    #expect(try parsed.double("--alpha") == 0.25)
    #expect(parsed.has("--json"))
    #expect(parsed.has("-f") && parsed.has("--force"))
    #expect(!parsed.helpRequested)
  }

  @Test func attachedShortValueAndLastWins() throws {
    let parsed = try spec.parse(["-n10", "x", "--count", "3", "-n=4"])
    #expect(parsed.values("--count") == ["10", "3", "4"])
    #expect(parsed.value("-n") == "4")
  }

  @Test func valuesMayLookLikeOptionsAndNegativesArePositional() throws {
    let parsed = try spec.parse(["--alpha", "-0.5", "-3"])
    #expect(parsed.value("--alpha") == "-0.5")
    #expect(parsed.positionals == ["-3"])
    #expect(try spec.parse(["-"]).positionals == ["-"])
  }

  @Test func terminatorMakesEverythingPositional() throws {
    let parsed = try spec.parse(["--", "--json", "--help"])
    #expect(parsed.positionals == ["--json", "--help"])
    #expect(!parsed.has("--json"))
    #expect(!parsed.helpRequested)
  }

  @Test func helpWinsOverOtherProblems() throws {
    #expect(try spec.parse(["--bogus", "-h"]).helpRequested)
    #expect(try spec.parse(["--help"]).helpRequested)
  }

  @Test func usageErrors() {
    #expect(throws: CommandLineError.unknownOption("--jsno", suggestion: "--json")) {
      try spec.parse(["x", "--jsno"])
    }
    #expect(throws: CommandLineError.unknownOption("--zzzzzz", suggestion: nil)) {
      try spec.parse(["x", "--zzzzzz"])
    }
    #expect(throws: CommandLineError.missingValue(option: "--alpha")) {
      try spec.parse(["x", "--alpha"])
    }
    #expect(throws: CommandLineError.unexpectedValue(option: "--json", value: "1")) {
      try spec.parse(["x", "--json=1"])
    }
    #expect(throws: CommandLineError.missingArgument("target")) { try spec.parse([]) }
    #expect(throws: CommandLineError.unexpectedArgument("z")) { try spec.parse(["x", "y", "z"]) }
    #expect(
      throws: CommandLineError.invalidValue(
        name: "--count", value: "ten", expected: "an integer >= 1")
    ) {
      try spec.parse(["x", "-n", "ten"]).int("-n", in: 1...Int.max)
    }
    #expect(
      throws: CommandLineError.invalidValue(
        name: "--alpha", value: "2", expected: "a number in 0...1")
    ) {
      try spec.parse(["x", "--alpha", "2"]).double("--alpha", in: 0...1)
    }
    #expect(throws: CommandLineError.self) {
      try spec.parse(["x", "--alpha", "nan"]).double("--alpha")
    }
  }

  @Test func repeatingArgumentTakesTheRest() throws {
    let words = CommandSpec(
      name: "t", abstract: "", arguments: [ArgumentSpec("words", help: "", isRepeating: true)])
    #expect(try words.parse(["toy", "story", "2"]).positionals == ["toy", "story", "2"])
  }

  @Test func helpAndUsageText() {
    let help = spec.helpText()
    #expect(
      help.hasPrefix(
        "OVERVIEW: Run things.\n\nUSAGE: tool run <target> [<extra>] [--count <n>] [--alpha <a>] [--json] [--force]\n"
      ))
    #expect(help.contains("\n  -n, --count <n>       How many.\n"))
    #expect(help.contains("\n  -h, --help            Show help information.\n"))
    let error = spec.usageError(.missingArgument("target"))
    #expect(
      error == """
        Error: missing argument '<target>'
        Usage: tool run <target> [<extra>] [--count <n>] [--alpha <a>] [--json] [--force]
        See 'tool run --help'.

        """)
  }
}
