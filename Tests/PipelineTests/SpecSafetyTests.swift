import Foundation
import Testing
import TestSupport

/// What a hostile or careless `pipeline.json`, `params.json` or `-S` cannot do:
/// run commands through a param, make a stage delete the tool's own files, or
/// leave params.json half-changed.
@Suite struct SpecSafetyTests {
  static let echoSpec = #"{"stages": {"a": {"cmd": "echo ${data.source} > out.txt", "params": ["data.source"], "outs": ["out.txt"]}}}"#

  func echoRepo(params: String = #"{"data": {"source": "synthetic", "n": 3}}"#) throws -> TempRepo {
    let repo = try TempRepo()
    try repo.write("pipeline.json", Self.echoSpec)
    try repo.write("params.json", params)
    return repo
  }

  // MARK: 1. a param is one shell word

  @Test func aParamCannotInjectShellCommands() throws {
    let repo = try echoRepo()
    let semicolon = try repo.pipeline("repro", "-S", "data.source=x; touch PWNED #")
    #expect(semicolon.status == 0, "\(semicolon.stderr)")
    #expect(!repo.exists("PWNED"))
    #expect(try repo.read("out.txt") == "x; touch PWNED #\n")
    let substitution = try repo.pipeline("repro", "-S", "data.source=$(touch PWNED2)synthetic")
    #expect(substitution.status == 0, "\(substitution.stderr)")
    #expect(!repo.exists("PWNED2"))
    #expect(try repo.read("out.txt") == "$(touch PWNED2)synthetic\n")
    let quote = try repo.pipeline("repro", "-S", "data.source=it's `touch PWNED3`")
    #expect(quote.status == 0, "\(quote.stderr)")
    #expect(!repo.exists("PWNED3"))
    #expect(try repo.read("out.txt") == "it's `touch PWNED3`\n")
    // The lock records the command as it ran: quoted.
    #expect(try repo.read("pipeline.lock").contains(#""cmd": "echo 'it'\\''s `touch PWNED3`' > out.txt""#))
  }

  @Test func aParamIsExactlyItsValueInEveryQuotingContext() throws {
    let repo = try TempRepo()
    let value = #"a b; touch PWNED $(touch PWNED2) `touch PWNED3` it's "q" \ end"#
    try repo.write("params.json", "{\"v\": {\"s\": \(try String(decoding: JSONSerialization.data(withJSONObject: value, options: .fragmentsAllowed), as: UTF8.self))}}")
    let commands = [
      #"printf '[%s]' ${v.s} > out.txt"#,
      #"printf '[%s]' "${v.s}" > out.txt"#,
      #"printf '[%s]' "x ${v.s} y" > out.txt"#,
      #"printf '[%s]' 'x ${v.s} y' > out.txt"#,
      #"printf '[%s]' "$(printf '%s' "${v.s}")" > out.txt"#,
      #"printf '[%s]' "$( (printf '%s' ${v.s}) )" > out.txt"#,
    ]
    let expected = ["[\(value)]", "[\(value)]", "[x \(value) y]", "[x \(value) y]", "[\(value)]", "[\(value)]"]
    for (cmd, want) in zip(commands, expected) {
      let spec = try String(
        decoding: JSONSerialization.data(withJSONObject: ["stages": ["a": ["cmd": cmd, "params": ["v"], "outs": ["out.txt"]]]]),
        as: UTF8.self)
      try repo.write("pipeline.json", spec)
      let r = try repo.pipeline("repro", "--force")
      #expect(r.status == 0, "\(cmd): \(r.stderr)")
      #expect(try repo.read("out.txt") == want, "\(cmd)")
    }
    // Where no quoting is sure, the reference is refused with its place.
    let refused = [
      (#"printf '[%s]' \${v.s}"#, "follows a backslash"),
      (#"printf '[%s]' `echo ${v.s}`"#, "is inside backquotes"),
      (#"printf '[%s]' "${v.s}"#, "cmd leaves a quote"),
    ]
    for (cmd, message) in refused {
      let spec = try String(
        decoding: JSONSerialization.data(withJSONObject: ["stages": ["a": ["cmd": cmd, "outs": ["out.txt"]]]]), as: UTF8.self)
      try repo.write("pipeline.json", spec)
      let r = try repo.pipeline("repro", "--force")
      #expect(r.status == 2, "\(cmd)")
      #expect(r.stderr.hasPrefix("pipeline.json:1:"), "\(cmd): \(r.stderr)")
      #expect(r.stderr.contains(message), "\(cmd): \(r.stderr)")
    }
    #expect(!repo.exists("PWNED") && !repo.exists("PWNED2") && !repo.exists("PWNED3"))
  }

  @Test func plainValuesStayReadableAndEmptyOnesStayOneWord() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "printf '[%s]' ${p.n} ${p.s} ${p.e} ${p.b} > out.txt", "params": ["p"], "outs": ["out.txt"]}}}"#)
    try repo.write("params.json", #"{"p": {"n": 0.5, "s": "ml-1m", "e": "", "b": true}}"#)
    #expect(try repo.pipeline("repro").status == 0)
    #expect(try repo.read("out.txt") == "[0.5][ml-1m][][true]")
    #expect(try repo.read("pipeline.lock").contains(#""cmd": "printf '[%s]' 0.5 ml-1m '' true > out.txt""#))
  }

  @Test func rawOptsOutVisibly() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "printf '[%s]' ${p.words:raw} ${p.words} > out.txt", "params": ["p"], "outs": ["out.txt"]}}}"#)
    try repo.write("params.json", #"{"p": {"words": "a b"}}"#)
    #expect(try repo.pipeline("repro").status == 0)
    #expect(try repo.read("out.txt") == "[a][b][a b]")
    try repo.write(
      "pipeline.json", #"{"stages": {"a": {"cmd": "echo ${p.words:shell}", "outs": ["out.txt"]}}}"#)
    let bad = try repo.pipeline("status")
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("pipeline.json:1:32: error: stage 'a': unknown modifier ':shell'"), "\(bad.stderr)")
  }

  @Test func objectsAndListsDoNotInterpolate() throws {
    let repo = try echoRepo(params: #"{"data": {"source": "s", "list": [1, 2]}}"#)
    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "echo ${data.list}", "outs": ["o"]}}}"#)
    let list = try repo.pipeline("repro")
    #expect(list.status == 2)
    #expect(list.stderr.hasPrefix("pipeline.json:1:32: error: stage 'a': '${data.list}' is an array"), "\(list.stderr)")
    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "echo ${data}", "outs": ["o"]}}}"#)
    let object = try repo.pipeline("repro")
    #expect(object.status == 2)
    #expect(object.stderr.hasPrefix("pipeline.json:1:32: error: stage 'a': '${data}' is an object"), "\(object.stderr)")
    #expect(object.stderr.contains("'${data.source}'"))
    #expect(!repo.exists("o") && !repo.exists("pipeline.lock"))
  }

  // MARK: 2. the tool's own files are never outputs

  @Test func ownFilesCannotBeOutsOrMetrics() throws {
    let cases: [(String, String)] = [
      (#""outs": ["o.txt", "pipeline.json"]"#, "out 'pipeline.json' is one of the tool's own files"),
      (#""outs": ["params.json"]"#, "out 'params.json' is one of the tool's own files"),
      (#""metrics": ["pipeline.lock"]"#, "metric 'pipeline.lock' is one of the tool's own files"),
      (#""outs": ["."]"#, "out '.' is the repository root"),
      (#""outs": ["sub/.."]"#, "out 'sub/..' is the repository root"),
      (#""outs": [".pipeline/cache"]"#, "out '.pipeline/cache' is inside the tool's own state ('.pipeline')"),
      (#""outs": [".git"]"#, "out '.git' is inside the tool's own state ('.git')"),
      (#""outs": ["vendor/.git/config"]"#, "out 'vendor/.git/config' is inside the tool's own state ('.git')"),
    ]
    for (field, message) in cases {
      let repo = try TempRepo()
      let spec = #"{"stages": {"a": {"cmd": "touch o.txt", "#.appending(field).appending("}}}")
      try repo.write("pipeline.json", spec)
      try repo.write("params.json", "{}")
      let r = try repo.pipeline("repro")
      #expect(r.status == 2, "\(field)")
      // The error points at the offending string itself: the last one of the list.
      let close = spec.range(of: "]")!.lowerBound
      let endQuote = spec[..<close].lastIndex(of: "\"")!
      let startQuote = spec[..<endQuote].lastIndex(of: "\"")!
      let start = spec.distance(from: spec.startIndex, to: startQuote) + 1
      #expect(r.stderr.hasPrefix("pipeline.json:1:\(start): error: stage 'a': \(message)"), "\(field): \(r.stderr)")
      #expect(try repo.read("pipeline.json") == spec)
      #expect(try repo.read("params.json") == "{}")
      #expect(!repo.exists("o.txt"))
    }
    // Nor through a symlink that leads back to them.
    let linked = try TempRepo()
    try linked.write("params.json", "{}")
    try FileManager.default.createSymbolicLink(atPath: linked.path + "/here", withDestinationPath: ".")
    for (out, message) in [("here", "is the repository root, through a symlink"), ("here/pipeline.json", "is 'pipeline.json' of the tool, through a symlink")] {
      let spec = #"{"stages": {"a": {"cmd": "true", "outs": [""#.appending(out).appending(#""]}}}"#)
      try linked.write("pipeline.json", spec)
      let r = try linked.pipeline("repro")
      #expect(r.status == 2, "\(out)")
      #expect(r.stderr.contains("out '\(out)' \(message)"), "\(out): \(r.stderr)")
      #expect(try linked.read("pipeline.json") == spec)
    }
    // A dep on params.json is fine: reading the tool's files is allowed.
    let reader = try TempRepo()
    try reader.write("params.json", #"{"k": 1}"#)
    try reader.write(
      "pipeline.json", #"{"stages": {"a": {"cmd": "cp params.json copy.json", "deps": ["params.json"], "outs": ["copy.json"]}}}"#)
    #expect(try reader.pipeline("repro").status == 0)
  }

  // MARK: 3. ${} in paths

  @Test func pathsAreInterpolatedAndChecked() throws {
    let repo = try TempRepo()
    try repo.write("params.json", #"{"d": {"name": "model", "dir": "out", "bad": "../up", "own": "pipeline.json"}}"#)
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "mkdir -p out && echo hi > out/model.txt", "outs": ["${d.dir}/${d.name}.txt"]}, "b": {"cmd": "cp out/model.txt b.txt", "deps": ["${d.dir}"], "outs": ["b.txt"]}}}"#)
    let r = try repo.pipeline("repro")
    #expect(r.status == 0, "\(r.stderr)")
    let lock = try repo.read("pipeline.lock")
    #expect(lock.contains(#""path": "out/model.txt""#))
    #expect(lock.contains(#""path": "out""#))
    #expect(try repo.pipeline("dag").stdout == "a\nb  <- a\n")

    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "true", "outs": ["x/${d.nmae}"]}}}"#)
    let unresolved = try repo.pipeline("status")
    #expect(unresolved.status == 2)
    #expect(
      unresolved.stderr.hasPrefix(
        "pipeline.json:1:46: error: stage 'a': unresolved '${d.nmae}' in outs: no such key in params.json (did you mean 'd.name'?)"),
      "\(unresolved.stderr)")
    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "true", "deps": ["${d.bad}"]}}}"#)
    let escape = try repo.pipeline("status")
    #expect(escape.status == 2)
    #expect(escape.stderr.contains("dep '../up' (from '${d.bad}') leaves the repository"), "\(escape.stderr)")
    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "true", "outs": ["${d.own}"]}}}"#)
    let own = try repo.pipeline("status")
    #expect(own.status == 2)
    #expect(own.stderr.contains("out 'pipeline.json' (from '${d.own}') is one of the tool's own files"), "\(own.stderr)")
  }

  // MARK: 4. -S is checked before anything is written, and edits in place

  static let layout = """
    {
      "m": {
        "k": 3,    "rate": 0.5,
        "on": true,
        "name": "x"
      },
      "z": [1, 2]
    }

    """

  func layoutRepo() throws -> TempRepo {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"a": {"cmd": "echo ${m.k} ${m.rate} ${m.on} ${m.name} > out.txt", "params": ["m", "z"], "outs": ["out.txt"]}}}"#)
    try repo.write("params.json", Self.layout)
    return repo
  }

  @Test func badSettingsChangeNothing() throws {
    let repo = try layoutRepo()
    let cases: [([String], Int32, String)] = [
      (["-S", "m.k=abc"], 2, "params.json:3:10: error: -S m.k=abc: 'm.k' is an integer (3), and 'abc' is not one"),
      (["-S", "m.k=1.5"], 2, "'m.k' is an integer (3), and '1.5' is not one"),
      (["-S", "m.rate=fast"], 2, "'m.rate' is a number (0.5)"),
      (["-S", "m.on=yes"], 2, "'m.on' is true or false (true), and 'yes' is neither"),
      (["-S", "z=3"], 2, "'z' is a list ([1, 2])"),
      (["-S", "m=1"], 2, "params.json:2:8: error: -S m=1: 'm' is a section of params.json, not a value"),
      (["-S", "m.kk=1"], 64, "Error: -S m.kk: no such key in params.json (did you mean 'm.k'?)"),
      (["-S", "m.k", "64"], 64, "Error: -S takes key=value: write '-S m.k=64', not '-S m.k 64'"),
      // A good setting before a bad one is not written either.
      (["-S", "m.k=5", "-S", "m.on=2"], 2, "'m.on' is true or false"),
    ]
    for (args, status, message) in cases {
      for command in [["repro"], ["repro", "--dry"], ["exp", "run"]] {
        let r = try repo.run(Tools.pipeline, command + args)
        #expect(r.status == status, "\(command + args): \(r.stderr)")
        #expect(r.stderr.contains(message), "\(command + args): \(r.stderr)")
        #expect(try repo.read("params.json") == Self.layout)
        #expect(!repo.exists("out.txt"))
      }
    }
    // A setting the pipeline cannot use (a path that leaves the repo) is refused before writing.
    try repo.write(
      "pipeline.json", #"{"stages": {"a": {"cmd": "true", "params": ["m"], "outs": ["o/${m.name}"]}}}"#)
    let escape = try repo.pipeline("repro", "-S", "m.name=../../etc")
    #expect(escape.status == 2)
    #expect(try repo.read("params.json") == Self.layout)
    // A usage hint also when -S comes with the key only, last.
    let alone = try repo.pipeline("repro", "-S", "m.k")
    #expect(alone.status == 64)
    #expect(alone.stderr.contains("-S takes key=value"))
  }

  @Test func dryWritesNothing() throws {
    let repo = try layoutRepo()
    let r = try repo.pipeline("repro", "--dry", "-S", "m.k=64")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("would set m.k = 64"))
    #expect(r.stdout.contains("> echo 64 0.5 true x > out.txt"), "\(r.stdout)")
    #expect(try repo.read("params.json") == Self.layout)
    #expect(!repo.exists("out.txt") && !repo.exists("pipeline.lock") && !repo.exists(".pipeline/runs"))
  }

  @Test func settingsKeepTheLayout() throws {
    let repo = try layoutRepo()
    let r = try repo.pipeline(
      "repro", "-S", "m.k=64", "-S", "m.rate=0.25", "-S", "m.on=false", "-S", "m.name=it's", "-S", "z=[3]", "-S", "m.k=65")
    #expect(r.status == 0, "\(r.stderr)")
    let expected = """
      {
        "m": {
          "k": 65,    "rate": 0.25,
          "on": false,
          "name": "it's"
        },
        "z": [3]
      }

      """
    #expect(try repo.read("params.json") == expected)
    #expect(try repo.read("out.txt") == "65 0.25 false it's\n")
    // A string param takes the text even when it looks like a number; quoted JSON is unquoted.
    #expect(try repo.pipeline("repro", "-S", "m.name=42").status == 0)
    #expect(try repo.read("params.json").contains(#""name": "42""#))
    #expect(try repo.pipeline("repro", "-S", #"m.name="q""#).status == 0)
    #expect(try repo.read("params.json").contains(#""name": "q""#))
  }

  @Test func checkoutRestoresParamsByteForByte() throws {
    let repo = try layoutRepo()
    #expect(try repo.pipeline("exp", "run", "-S", "m.k=7", "--name", "seven").status == 0)
    let seven = try repo.read("params.json")
    #expect(seven == Self.layout.replacingOccurrences(of: "\"k\": 3,", with: "\"k\": 7,"))
    #expect(try repo.pipeline("exp", "run", "-S", "m.k=9").status == 0)
    try repo.write("params.json", "{\"m\": {\"k\": 9, \"rate\": 0.5, \"on\": true, \"name\": \"x\"}, \"z\": [1, 2]}")
    let r = try repo.pipeline("checkout", "seven")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try repo.read("params.json") == seven)
    #expect(try repo.read("out.txt") == "7 0.5 true x\n")
    #expect(try repo.pipeline("status", "--exit-code").status == 0)
  }

  // MARK: 6. duplicate experiments

  @Test func anIdenticalExperimentIsNamedNotRecordedAgain() throws {
    let repo = try layoutRepo()
    #expect(try repo.pipeline("exp", "run", "-S", "m.k=32").status == 0)
    #expect(try repo.pipeline("exp", "run", "-S", "m.k=33").status == 0)
    let twin = try repo.pipeline("exp", "run", "-S", "m.k=32")
    #expect(twin.status == 1)
    #expect(twin.stderr.contains("error: experiment 'exp-1' (run "), "\(twin.stderr)")
    #expect(twin.stderr.contains("--force"))
    // Refused before anything was written: params.json still holds exp-2's value.
    #expect(try repo.read("params.json").contains("\"k\": 33,"))
    let show = try repo.pipeline("exp", "show", "--csv")
    #expect(show.stdout.split(separator: "\n").count == 3, "\(show.stdout)")
    let forced = try repo.pipeline("exp", "run", "-S", "m.k=32", "--force")
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(forced.stdout.contains("Experiment 'exp-3' recorded"))
  }

  // MARK: 5. group help and subcommand typos

  @Test func groupsShowTheirSubcommands() throws {
    let repo = try TempRepo()
    let exp = """
      OVERVIEW: Run experiments (params set with -S) and compare them.

      USAGE: pipeline exp <subcommand> [<options>]

      SUBCOMMANDS:
        run                   Run an experiment: set params, reproduce, and record the run under a name.
        show                  List the experiments with their changed params and metrics.
        queue                 List the queued experiments: queued, running, done and failed.
        queue remove          Remove experiments from the queue.
        remove                Forget experiments: their run records and queue entries (gc frees their outputs).
        apply                 Make the workspace an experiment's: its params.json, lock and outputs (from the cache).

      See 'pipeline help exp <subcommand>' for detailed help.

      """
    for args in [["exp", "--help"], ["exp", "-h"], ["help", "exp"]] {
      let r = try repo.run(Tools.pipeline, args)
      #expect(r.status == 0, "\(args)")
      #expect(r.stdout == exp, "\(args)")
    }
    let metrics = try repo.pipeline("help", "metrics")
    #expect(metrics.status == 0)
    #expect(
      metrics.stdout == """
        OVERVIEW: Show and compare the metrics the stages wrote.

        USAGE: pipeline metrics <subcommand> [<options>]

        SUBCOMMANDS:
          show                  Show the metrics the stages wrote.
          diff                  Compare the metrics of two runs (default: the previous run and the workspace).

        See 'pipeline help metrics <subcommand>' for detailed help.

        """)
    let typo = try repo.pipeline("exp", "shwo")
    #expect(typo.status == 64)
    #expect(
      typo.stderr == """
        Error: unknown subcommand 'shwo' of 'pipeline exp' (did you mean 'show'?); subcommands: run, show, queue, queue remove, remove, apply
        Usage: pipeline exp <subcommand> [<options>]
        See 'pipeline exp --help'.

        """)
    let bare = try repo.pipeline("metrics")
    #expect(bare.status == 64)
    #expect(bare.stderr.hasPrefix("Error: 'pipeline metrics' needs a subcommand: show, diff\n"))
    #expect(bare.stderr.contains("See 'pipeline metrics --help'."))
    let run = try repo.pipeline("help", "exp", "run")
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("OVERVIEW: Run an experiment"))
    #expect(run.stdout.contains("-f, --force"))
  }

  // MARK: 8. one did-you-mean everywhere

  @Test func optionTyposUseTheSharedSpelling() throws {
    let repo = try TempRepo()
    // A prefix of a long option is suggested (the old command-line rule did not).
    let r = try repo.pipeline("repro", "--single")
    #expect(r.status == 64)
    #expect(r.stderr.contains("Error: unknown option '--single' (did you mean '--single-item'?)"), "\(r.stderr)")
    let c = try repo.pipeline("STATUS")
    #expect(c.stderr.contains("did you mean 'status'"), "\(c.stderr)")
  }
}
