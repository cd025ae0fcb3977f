import Foundation
import Testing
import TestSupport

/// The stages' thread counts follow `PIPELINE_CPUS`, and nothing they write depends on it.
@Suite(.serialized) struct CPUBudgetTests {
  /// The whole default pipeline (synthetic data, SVD, EASE, ALS, kNN, tf-idf, evaluate,
  /// crossval, the bundle) on 1 thread, then forced on 16 and verified from scratch on 2:
  /// the same lock, so every output hash is the same.
  @Test func everyOutputIsTheSameBytesForAnyBudget() throws {
    let repo = try DefaultPipelineTests.makeRepo()
    let one = try repo.run(Tools.pipeline, ["repro"], environment: ["PIPELINE_CPUS": "1"])
    #expect(one.status == 0, "\(one.stderr)")
    let lock = try repo.bytes("pipeline.lock")
    let sixteen = try repo.run(Tools.pipeline, ["repro", "--force"], environment: ["PIPELINE_CPUS": "16"])
    #expect(sixteen.status == 0, "\(sixteen.stderr)")
    #expect(try repo.bytes("pipeline.lock") == lock)
    let two = try repo.run(Tools.pipeline, ["verify"], environment: ["PIPELINE_CPUS": "2"])
    #expect(two.status == 0, "\(two.stdout)\(two.stderr)")

    // The stage itself, run directly, reads the variable too: train's default threads.
    let lockJSON = try JSONSerialization.jsonObject(with: lock) as! [String: Any]
    let command = ((lockJSON["stages"] as! [String: Any])["train"] as! [String: Any])["cmd"] as! String
    let arguments = command.split(separator: " ").dropFirst().map(String.init).filter { !$0.hasPrefix("--out=") }
    for cpus in ["1", "3"] {
      let trained = try repo.run(Tools.recsys, arguments + ["--out=cpus\(cpus)"], environment: ["PIPELINE_CPUS": cpus])
      #expect(trained.status == 0, "\(trained.stderr)")
      #expect(try repo.bytes("cpus\(cpus)/model.bin") == repo.bytes("artifacts/model/model.bin"), "\(cpus) cpus")
    }
  }

  @Test func aStageRejectsABadBudgetNamingTheVariable() throws {
    let repo = try TempRepo()
    for bad in ["0", "many", "1.5"] {
      let r = try repo.run(
        Tools.recsys, ["download", "--source=synthetic", "--users=5", "--movies=5", "--ratings=20", "--out=raw"],
        environment: ["PIPELINE_CPUS": bad])
      #expect(r.status == 1, "\(bad): \(r.stderr)")
      #expect(
        r.stderr == "error: environment variable PIPELINE_CPUS='\(bad)' is not a number of CPUs (a whole number from 1 to 4096)\n")
      #expect(!repo.exists("raw"))
    }
  }
}
