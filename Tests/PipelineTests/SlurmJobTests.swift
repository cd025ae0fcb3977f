import Foundation
@testable import PipelineCore
import TestSupport
import Testing

/// The Slurm executor's pure parts, without a cluster: sbatch arguments, the job
/// script's quoting, dependency strings, job states and what a failure says.
@Suite struct SlurmJobTests {
  static func job(
    command: String = "echo hi", resources: StageResources = StageResources(), partition: String? = nil,
    after: [String] = []
  ) -> SlurmJob {
    SlurmJob(
      stage: "train", command: command, directory: "/repo/sub", resources: resources, defaultPartition: partition,
      after: after, script: "/repo/.pipeline/slurm/train.sh", output: "/repo/.pipeline/slurm/train.out",
      error: "/repo/.pipeline/slurm/train.err")
  }

  @Test func sbatchArgumentsCarryResourcesDependenciesAndLogs() {
    let resources = StageResources(cpus: 4, mem: "8G", time: "1:30:00", gpus: "a100:2", partition: "gpu")
    #expect(
      Self.job(resources: resources, partition: "batch", after: ["12", "13"]).arguments == [
        "--parsable", "--job-name=train", "--chdir=/repo/sub", "--output=/repo/.pipeline/slurm/train.out",
        "--error=/repo/.pipeline/slurm/train.err", "--open-mode=truncate", "--export=ALL",
        "--kill-on-invalid-dep=yes", "--dependency=afterok:12:13", "--partition=gpu", "--cpus-per-task=4",
        "--mem=8G", "--time=1:30:00", "--gpus=a100:2", "/repo/.pipeline/slurm/train.sh",
      ])
    // No resources, no upstream jobs: only what every job needs, and the default partition.
    #expect(
      Self.job(partition: "batch").arguments == [
        "--parsable", "--job-name=train", "--chdir=/repo/sub", "--output=/repo/.pipeline/slurm/train.out",
        "--error=/repo/.pipeline/slurm/train.err", "--open-mode=truncate", "--export=ALL",
        "--kill-on-invalid-dep=yes", "--partition=batch", "/repo/.pipeline/slurm/train.sh",
      ])
    #expect(!Self.job().arguments.contains { $0.hasPrefix("--partition") || $0.hasPrefix("--dependency") })
  }

  @Test func dependencyStrings() {
    #expect(SlurmJob.dependency([]) == nil)
    #expect(SlurmJob.dependency(["7"]) == "afterok:7")
    #expect(SlurmJob.dependency(["7", "8", "10"]) == "afterok:7:8:10")
  }

  /// The script runs exactly the command, whatever quotes and expansions it holds:
  /// run by a real shell, it prints what the command itself prints.
  @Test func scriptRunsTheCommandVerbatim() throws {
    let repo = try TempRepo()
    let command = #"printf '%s|' "it's" '$HOME' "a  b"; echo "$((1+2))" `echo tick`"#
    try repo.write("direct.sh", command)
    try repo.write("job.sh", Self.job(command: command).scriptText)
    let direct = try repo.run("/bin/sh", ["direct.sh"])
    let viaJob = try repo.run("/bin/sh", ["job.sh"])
    #expect(direct.status == 0 && viaJob.status == 0)
    #expect(viaJob.stdout == "it's|$HOME|a  b|3 tick\n")
    #expect(viaJob.stdout == direct.stdout)
    #expect(Self.job(command: command).scriptText.hasPrefix("#!/bin/sh\n"))
  }

  /// The job's CPU budget: the stage's cpus, else Slurm's allocation on the node, else
  /// what the submitting environment said; OMP_NUM_THREADS follows unless set.
  @Test func scriptSetsTheCPUBudget() throws {
    let repo = try TempRepo()
    let command = #"echo "cpus=$PIPELINE_CPUS omp=$OMP_NUM_THREADS""#
    try repo.write("cpus4.sh", Self.job(command: command, resources: StageResources(cpus: 4)).scriptText)
    try repo.write("plain.sh", Self.job(command: command).scriptText)
    let unset = ["PIPELINE_CPUS": "", "OMP_NUM_THREADS": "", "SLURM_CPUS_ON_NODE": ""]
    func run(_ script: String, _ environment: [String: String]) throws -> String {
      let r = try repo.run("/bin/sh", [script], environment: unset.merging(environment) { $1 })
      #expect(r.status == 0, "\(r.stderr)")
      return r.stdout
    }
    #expect(try run("cpus4.sh", ["PIPELINE_CPUS": "16", "SLURM_CPUS_ON_NODE": "8"]) == "cpus=4 omp=4\n")
    #expect(try run("cpus4.sh", ["OMP_NUM_THREADS": "2"]) == "cpus=4 omp=2\n")
    #expect(try run("plain.sh", ["PIPELINE_CPUS": "16", "SLURM_CPUS_ON_NODE": "3"]) == "cpus=3 omp=3\n")
    #expect(try run("plain.sh", ["PIPELINE_CPUS": "5"]) == "cpus=5 omp=5\n")
    #expect(try run("plain.sh", [:]) == "cpus= omp=\n")
  }

  @Test func submissionAnswers() {
    #expect(SlurmJob.parseSubmission("12\n") == "12")
    #expect(SlurmJob.parseSubmission("345;cluster\n") == "345")
    #expect(SlurmJob.parseSubmission("sbatch: error: Batch job submission failed") == nil)
    #expect(SlurmJob.parseSubmission("") == nil)
  }

  @Test func scontrolStates() throws {
    let failed = try #require(
      SlurmJobState.parse(
        scontrol:
          "JobId=11 JobName=b UserId=root(0) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) ExitCode=3:0 RunTime=00:00:01 TimeLimit=UNLIMITED"
      ))
    #expect(failed == SlurmJobState(state: "FAILED", reason: "NonZeroExitCode", exitCode: 3, signal: 0))
    #expect(!failed.succeeded && failed.isFinal)
    #expect(failed.failure == "exited with status 3")

    let timeout = try #require(
      SlurmJobState.parse(
        scontrol: "JobId=5 JobName=train JobState=TIMEOUT Reason=TimeLimit ExitCode=0:15 TimeLimit=00:01:00"))
    #expect(timeout.isFinal && !timeout.succeeded)
    #expect(timeout.failure == "killed by Slurm: TIMEOUT, the time limit (00:01:00) was reached; raise resources.time")

    let oom = try #require(
      SlurmJobState.parse(scontrol: "JobId=6 JobState=OUT_OF_MEMORY Reason=OutOfMemory ExitCode=0:125"))
    #expect(oom.failure.contains("OUT_OF_MEMORY") && oom.failure.contains("resources.mem"))

    let cancelled = try #require(
      SlurmJobState.parse(scontrol: "JobId=14 JobState=CANCELLED Reason=DependencyNeverSatisfied ExitCode=0:0"))
    #expect(cancelled.failure == "killed by Slurm: CANCELLED (DependencyNeverSatisfied)")

    let killed = try #require(SlurmJobState.parse(scontrol: "JobId=9 JobState=FAILED Reason=NonZeroExitCode ExitCode=0:9"))
    #expect(killed.failure == "killed by signal 9")

    let done = try #require(SlurmJobState.parse(scontrol: "JobId=3 JobState=COMPLETED Reason=None ExitCode=0:0"))
    #expect(done.succeeded && done.reason == nil)

    for state in ["PENDING", "RUNNING", "COMPLETING", "CONFIGURING", "SUSPENDED"] {
      let s = try #require(SlurmJobState.parse(scontrol: "JobId=1 JobState=\(state) Reason=None ExitCode=0:0"))
      #expect(!s.isFinal, "\(state)")
    }
    #expect(SlurmJobState.parse(scontrol: "slurm_load_jobs error: Invalid job id specified") == nil)
  }

  @Test func squeueAndSacctLines() {
    let queue = SlurmJobState.parse(squeue: "14|PENDING|Dependency\n13|RUNNING|None\n")
    #expect(queue["14"] == SlurmJobState(state: "PENDING", reason: "Dependency"))
    #expect(queue["13"] == SlurmJobState(state: "RUNNING"))
    let accounted = SlurmJobState.parse(sacct: "21|CANCELLED by 0|0:15\n22|COMPLETED|0:0\n23|FAILED|2:0\n")
    #expect(accounted["21"] == SlurmJobState(state: "CANCELLED", exitCode: 0, signal: 15))
    #expect(accounted["22"]?.succeeded == true)
    #expect(accounted["23"]?.failure == "exited with status 2")
  }

  @Test func resourcesAreReadAndChecked() throws {
    let repo = try TempRepo()
    try repo.write(
      "pipeline.json",
      #"{"stages": {"t": {"cmd": "true", "resources": {"cpus": 2, "mem": 512, "time": "0-01:00", "gpus": 1, "partition": "gpu"}}}}"#
    )
    let stage = try Pipeline.load(root: repo.path).stages[0]
    #expect(stage.resources == StageResources(cpus: 2, mem: "512", time: "0-01:00", gpus: "1", partition: "gpu"))
    // Locally they are ignored: the stage runs.
    #expect(try repo.pipeline("repro").status == 0)

    let bad: [(String, String)] = [
      (#"{"cpus": 0}"#, "pipeline.json:1:56: error: stage 't': resources.cpus must be a whole number of at least 1"),
      (#"{"mem": "8 GB"}"#, "resources.mem '8 GB' is not a memory size"),
      (#"{"time": "soon"}"#, "resources.time 'soon' is not a time limit"),
      (#"{"gpus": "a100:"}"#, "resources.gpus 'a100:' is not a GPU request"),
      (#"{"partition": "--all"}"#, "resources.partition '--all' is not a partition name"),
      (#"{"cpu": 2}"#, "unknown resource 'cpu' (did you mean 'cpus'?)"),
      (#"[1]"#, "'resources' must be an object, found an array"),
    ]
    for (resources, message) in bad {
      try repo.write("pipeline.json", #"{"stages": {"t": {"cmd": "true", "resources": "# + resources + "}}}")
      let r = try repo.pipeline("repro")
      #expect(r.status == 2, "\(resources)")
      #expect(r.stderr.contains(message), "\(resources): \(r.stderr)")
    }
  }

  /// Without Slurm on PATH: one clear error, nothing runs, no usage text.
  @Test func missingSlurmIsAClearError() throws {
    let repo = try TempRepo()
    try repo.write("pipeline.json", #"{"stages": {"a": {"cmd": "echo x > a.txt", "outs": ["a.txt"]}}}"#)
    let r = try repo.run(Tools.pipeline, ["repro", "--executor", "slurm"], environment: ["PATH": repo.path + "/nothing"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("error: Slurm not found: install slurm-wlm or run scripts/slurm-local.sh start"))
    #expect(!repo.exists("a.txt") && !repo.exists("pipeline.lock"))

    let unknown = try repo.pipeline("repro", "--executor", "kubernetes")
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("unknown executor 'kubernetes'; choose local or slurm"))
    let partition = try repo.pipeline("repro", "--partition", "gpu")
    #expect(partition.status == 64)
    #expect(partition.stderr.contains("--partition needs --executor slurm"))
  }
}
