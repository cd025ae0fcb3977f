import Basics
import Testing

@Suite struct CPUBudgetTests {
  @Test func parsesWholeNumbersAndTreatsUnsetOrEmptyAsNoBudget() throws {
    #expect(try CPUBudget.parse(nil) == nil)
    #expect(try CPUBudget.parse("") == nil)
    #expect(try CPUBudget.parse("1") == 1)
    #expect(try CPUBudget.parse("16") == 16)
    #expect(try CPUBudget.parse("4096") == 4096)
  }

  @Test func aBadValueIsAnErrorNamingTheVariable() {
    for bad in ["0", "-1", "abc", "2.5", " 2", "2 ", "+3", "4097", "99999999999999999999999"] {
      #expect(throws: CPUBudgetError(value: bad), "\(bad)") { try CPUBudget.parse(bad) }
    }
    #expect(
      String(describing: CPUBudgetError(value: "lots"))
        == "environment variable PIPELINE_CPUS='lots' is not a number of CPUs (a whole number from 1 to 4096)")
  }

  @Test func workersIsAtLeastOne() {
    #expect(CPUBudget.workers >= 1)
    #expect(CPUBudget.onlineCores >= 1)
  }

  @Test func childEnvironmentGetsTheBudgetAndOpenMPUnlessTheUserSetIt() {
    let base = ["PATH=/bin", "PIPELINE_CPUS=8", "HOME=/root"]
    #expect(
      CPUBudget.environment(base, cpus: 2) == ["PATH=/bin", "HOME=/root", "PIPELINE_CPUS=2", "OMP_NUM_THREADS=2"])
    // The user's OMP_NUM_THREADS wins; a variable that merely starts the same is not it.
    #expect(
      CPUBudget.environment(["OMP_NUM_THREADS=3", "PIPELINE_CPUSX=1"], cpus: 1) == [
        "OMP_NUM_THREADS=3", "PIPELINE_CPUSX=1", "PIPELINE_CPUS=1",
      ])
  }
}

extension CPUBudgetTests {
  @Test func anEmptyOpenMPValueCountsAsUnset() {
    #expect(CPUBudget.environment(["OMP_NUM_THREADS="], cpus: 4) == ["PIPELINE_CPUS=4", "OMP_NUM_THREADS=4"])
  }
}
