import Foundation
import Testing
import TestSupport

@Suite struct CommandLineTests {
  @Test func reproHelpIsStable() throws {
    let repo = try TempRepo()
    let r = try repo.pipeline("repro", "--help")
    #expect(r.status == 0)
    #expect(
      r.stdout == """
        OVERVIEW: Reproduce a pipeline: run the stages whose inputs changed.

        USAGE: pipeline repro [<stage> ...] [--force] [--dry] [--single-item] [--keep-going] [--jobs <n>] [--wait] [--set-param <key=value>] [--executor <name>] [--partition <p>] [--no-progress] [--pull] [--remote <name>]

        ARGUMENTS:
          <stage>               Stages to act on (default: all).

        OPTIONS:
          -f, --force           Run the stages even if nothing changed.
          --dry                 Print what would run and why; run nothing.
          -s, --single-item     Run only the named stages, not what they depend on.
          -k, --keep-going      After a failure, go on with the stages that do not depend on it.
          -j, --jobs <n>        Stages to run at once (default: PIPELINE_CPUS, else the number of cores).
          --wait                Wait for another pipeline process instead of failing.
          -S, --set-param <key=value>
                                Set a value in params.json before running.
          --executor <name>     Where stages run: local (default) or slurm (one sbatch job each).
          --partition <p>       With --executor slurm: the partition of stages that name none.
          --no-progress         Plain lines only: no live stage lines or progress bars.
          --pull                Restore stages the remote's run-cache knows instead of running them.
          -r, --remote <name>   The remote to use (default: the default remote).
          -h, --help            Show help information.

        """)
  }

  @Test func usageErrorsExit64() throws {
    let repo = try TempRepo()
    let r = try repo.pipeline("repro", "--forse")
    #expect(r.status == 64)
    #expect(r.stderr.contains("Error: unknown option '--forse'"))
    #expect(r.stderr.contains("See 'pipeline repro --help'."))
    let cmd = try repo.pipeline("reprod")
    #expect(cmd.status == 64)
    #expect(cmd.stderr.contains("did you mean 'repro'"))
    let version = try repo.pipeline("--version")
    #expect(version.stdout.hasPrefix("pipeline "))
    let jobs = try repo.pipeline("repro", "--jobs", "0")
    #expect(jobs.status == 64)
  }

  @Test func dagFormats() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"b": {"cmd": "cp a b", "deps": ["a"], "outs": ["b"]}, "a": {"cmd": "touch a", "outs": ["a"]}}}"#)
    #expect(try repo.pipeline("dag").stdout == "a\nb  <- a\n")
    #expect(try repo.pipeline("dag", "--mermaid").stdout == "flowchart TD\n  a\n  b\n  a --> b\n")
    #expect(try repo.pipeline("dag", "--dot").stdout.contains("\"a\" -> \"b\";"))
  }

  @Test func metricsShow() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"m": {"cmd": "echo '{\"rmse\": 0.85, \"n\": {\"users\": 3}, \"name\": \"x\"}' > m.json", "metrics": ["m.json"]}}}"#)
    #expect(try repo.pipeline("repro").status == 0)
    let r = try repo.pipeline("metrics", "show")
    #expect(r.stdout == "m.json\n       users\n    n  3\n  rmse  0.85\n")
    let json = try repo.pipeline("metrics", "show", "--json")
    let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: [String: Any]]
    #expect(parsed["m.json"]?["rmse"] as? Double == 0.85)
    #expect(try repo.read("pipeline.lock").contains("\"rmse\": 0.85"))
  }
}
