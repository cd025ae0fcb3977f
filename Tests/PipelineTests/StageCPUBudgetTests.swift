import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The CPU budget `pipeline` hands every stage command: `PIPELINE_CPUS` (and
/// `OMP_NUM_THREADS` unless the user set it), all cores for a repro, an equal share for
/// each of `exp run --run-all -j N`'s experiments.
@Suite struct StageCPUBudgetTests {
  /// One stage that writes what it was given; it uses `m.k` so each experiment runs it
  /// (an unchanged stage would come back from the run-cache).
  func makeRepo() throws -> TempRepo {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"cpus": {"cmd": "echo ${m.k} cpus=$PIPELINE_CPUS omp=$OMP_NUM_THREADS > cpus.txt", "params": ["m.k"], "outs": ["cpus.txt"]}}}"#
    )
    try repo.write("params.json", #"{"m": {"k": 1}}"#)
    return repo
  }

  static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

  @Test func reproGivesEveryCoreOrTheBudgetItWasGiven() throws {
    let repo = try makeRepo()
    // Empty counts as unset: all online cores.
    let all = try repo.run(Tools.pipeline, ["repro"], environment: ["PIPELINE_CPUS": "", "OMP_NUM_THREADS": ""])
    #expect(all.status == 0, "\(all.stderr)")
    #expect(try repo.read("cpus.txt") == "1 cpus=\(Self.onlineCores) omp=\(Self.onlineCores)\n")

    let given = try repo.run(
      Tools.pipeline, ["repro", "--force"], environment: ["PIPELINE_CPUS": "6", "OMP_NUM_THREADS": ""])
    #expect(given.status == 0, "\(given.stderr)")
    #expect(try repo.read("cpus.txt") == "1 cpus=6 omp=6\n")

    // The user's OMP_NUM_THREADS is left alone.
    let omp = try repo.run(
      Tools.pipeline, ["repro", "--force"], environment: ["PIPELINE_CPUS": "6", "OMP_NUM_THREADS": "3"])
    #expect(omp.status == 0, "\(omp.stderr)")
    #expect(try repo.read("cpus.txt") == "1 cpus=6 omp=3\n")
  }

  @Test func runAllSplitsTheBudgetAmongTheExperiments() throws {
    let repo = try makeRepo()
    let environment = ["PIPELINE_CPUS": "5", "OMP_NUM_THREADS": ""]
    let q = try repo.run(Tools.pipeline, ["exp", "run", "--queue", "-S", "m.k=2,3"], environment: environment)
    #expect(q.status == 0, "\(q.stderr)")
    let run = try repo.run(Tools.pipeline, ["exp", "run", "--run-all", "-j", "2"], environment: environment)
    #expect(run.status == 0, "\(run.stderr)")
    for (name, k) in [("exp-1", 2), ("exp-2", 3)] {
      let apply = try repo.pipeline("exp", "apply", name)
      #expect(apply.status == 0, "\(apply.stderr)")
      // 5 CPUs for 2 experiments: 2 each (at least 1, never more than the share).
      #expect(try repo.read("cpus.txt") == "\(k) cpus=2 omp=2\n")
    }
    // One at a time: the whole budget.
    let one = try repo.run(Tools.pipeline, ["exp", "run", "--queue", "-S", "m.k=4", "--name", "solo"], environment: environment)
    #expect(one.status == 0, "\(one.stderr)")
    let alone = try repo.run(Tools.pipeline, ["exp", "run", "--run-all"], environment: environment)
    #expect(alone.status == 0, "\(alone.stderr)")
    #expect(try repo.pipeline("exp", "apply", "solo").status == 0)
    #expect(try repo.read("cpus.txt") == "4 cpus=5 omp=5\n")
  }

  /// Without `--jobs`, repro runs as many stages at once as the budget allows, and an
  /// experiment under `--run-all -j N` as many as its share: with 1 CPU, one at a time
  /// (three independent stages that fail if another is inside the same `mkdir` guard).
  @Test func theBudgetBoundsTheStagesRunAtOnce() throws {
    let repo = try TempRepo()
    let stage = { (name: String) in
      #""\#(name)": {"cmd": "mkdir guard || exit 7; sleep 0.2; echo ${m.k} > \#(name).txt; rmdir guard", "params": ["m.k"], "outs": ["\#(name).txt"]}"#
    }
    try repo.write("pipeline.json", #"{"stages": {"# + ["a", "b", "c"].map(stage).joined(separator: ", ") + "}}")
    try repo.write("params.json", #"{"m": {"k": 1}}"#)
    let alone = try repo.run(Tools.pipeline, ["repro"], environment: ["PIPELINE_CPUS": "1"])
    #expect(alone.status == 0, "\(alone.stderr)")
    let q = try repo.run(Tools.pipeline, ["exp", "run", "--queue", "-S", "m.k=2,3"])
    #expect(q.status == 0, "\(q.stderr)")
    let run = try repo.run(Tools.pipeline, ["exp", "run", "--run-all", "-j", "2"], environment: ["PIPELINE_CPUS": "2"])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
  }

  @Test func aBadBudgetIsAnErrorBeforeAnythingRuns() throws {
    let repo = try makeRepo()
    for bad in ["0", "two", "-3"] {
      let r = try repo.run(Tools.pipeline, ["repro"], environment: ["PIPELINE_CPUS": bad])
      #expect(r.status == 2, "\(bad): \(r.stderr)")
      #expect(r.stderr.contains("environment variable PIPELINE_CPUS='\(bad)' is not a number of CPUs"), "\(r.stderr)")
      #expect(!repo.exists("cpus.txt") && !repo.exists("pipeline.lock"))
    }
    #expect(try repo.pipeline("exp", "run", "--queue", "-S", "m.k=2").status == 0)
    let all = try repo.run(Tools.pipeline, ["exp", "run", "--run-all"], environment: ["PIPELINE_CPUS": "x"])
    #expect(all.status == 2, "\(all.stderr)")
    #expect(all.stderr.contains("PIPELINE_CPUS='x'"), "\(all.stderr)")
  }
}
