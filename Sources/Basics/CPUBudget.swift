#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// How many worker threads this process may use: the one answer every parallel loop of
/// the stages asks for.
///
/// `pipeline` gives every stage command a budget in `PIPELINE_CPUS` (all cores for a plain
/// `repro`, `cores / N` for each of `exp run --run-all -j N`'s experiments, a Slurm stage's
/// `resources.cpus`), so experiments run side by side do not each start a thread per core.
/// Without the variable a process uses the cores online. The budget only decides how many
/// threads share fixed chunks of work; it never changes a result's bits.
public enum CPUBudget {
  /// The variable that carries the budget to stage commands.
  public static let variable = "PIPELINE_CPUS"
  /// Set to the budget as well (unless already set), so OpenMP code in a stage follows it.
  public static let openMPVariable = "OMP_NUM_THREADS"
  /// The largest budget accepted (a typo such as `40000` is an error, not 40,000 threads).
  public static let maximum = 4096

  /// The cores the system has online now (at least 1).
  public static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

  /// The budget in `value` (the variable's text): nil when unset or empty.
  ///
  /// - Throws: `CPUBudgetError` unless `value` is a whole number in `1...maximum`.
  public static func parse(_ value: String?) throws(CPUBudgetError) -> Int? {
    guard let value, !value.isEmpty else { return nil }
    guard value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(value), (1...maximum).contains(n)
    else { throw CPUBudgetError(value: value) }
    return n
  }

  /// `PIPELINE_CPUS` of this process's environment, checked: nil when unset.
  ///
  /// - Throws: `CPUBudgetError` naming the variable and its bad value.
  public static func fromEnvironment() throws(CPUBudgetError) -> Int? {
    try parse(getenv(variable).map { String(cString: $0) })
  }

  /// The budget if the environment sets a valid one, else the online cores.
  ///
  /// Never fails, so parallel loops can ask it anywhere; entry points that should reject
  /// a bad value call `fromEnvironment()` first (a bad value here counts as unset).
  public static var workers: Int {
    ((try? fromEnvironment()) ?? nil) ?? onlineCores
  }

  /// `environment` (`NAME=value` entries) with `PIPELINE_CPUS=cpus`, and `OMP_NUM_THREADS=cpus`
  /// unless the environment already sets it to something (the user's choice wins; empty
  /// counts as unset, as it does for OpenMP).
  public static func environment(_ environment: [String], cpus: Int) -> [String] {
    var result = environment.filter { !$0.hasPrefix(variable + "=") && $0 != openMPVariable + "=" }
    result.append(variable + "=" + String(cpus))
    if !result.contains(where: { $0.hasPrefix(openMPVariable + "=") }) {
      result.append(openMPVariable + "=" + String(cpus))
    }
    return result
  }
}

/// `PIPELINE_CPUS` holds something other than a whole number of CPUs.
public struct CPUBudgetError: Error, CustomStringConvertible, Equatable, Sendable {
  public var value: String

  public init(value: String) { self.value = value }

  public var description: String {
    "environment variable \(CPUBudget.variable)='\(value)' is not a number of CPUs (a whole number from 1 to \(CPUBudget.maximum))"
  }
}
