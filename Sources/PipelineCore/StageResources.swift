import Basics
import StrictJSON

/// What a stage asks of a cluster (`resources` in `pipeline.json`): used by the
/// Slurm executor, ignored when stages run locally.
///
/// ```json
/// "resources": {"cpus": 4, "mem": "8G", "time": "1:30:00", "gpus": 1, "partition": "gpu"}
/// ```
public struct StageResources: Equatable, Sendable {
  /// `--cpus-per-task`.
  public var cpus: Int?
  /// `--mem`: a whole number of megabytes, or a number with K, M, G or T.
  public var mem: String?
  /// `--time`: minutes, `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM` or `D-HH:MM:SS`.
  public var time: String?
  /// `--gpus`: a count, or `type:count`.
  public var gpus: String?
  /// `--partition`.
  public var partition: String?

  public init(cpus: Int? = nil, mem: String? = nil, time: String? = nil, gpus: String? = nil, partition: String? = nil) {
    self.cpus = cpus
    self.mem = mem
    self.time = time
    self.gpus = gpus
    self.partition = partition
  }

  static let fields = ["cpus", "mem", "time", "gpus", "partition"]

  /// Reads and checks a stage's `resources` object, each problem at its place.
  static func parse(_ node: JSONNode, stage: String, at: (JSONLocation) -> SourceLocation) throws(PipelineError)
    -> StageResources
  {
    guard let fields = node.fields else {
      throw at(node.location).error("stage '\(stage)': 'resources' must be an object, found \(node.kindName)")
    }
    var result = StageResources()
    for field in fields {
      let value = field.value
      func bad(_ what: String) -> PipelineError {
        at(value.location).error("stage '\(stage)': resources.\(field.key) \(what)")
      }
      // A number or a string, as text, that `valid` accepts; sbatch gets it as one argument.
      func text(_ valid: (String) -> Bool, else hint: String) throws(PipelineError) -> String {
        let s: String
        if let n = value.json.intValue, n >= 0 {
          s = String(n)
        } else if let string = value.stringValue, !string.isEmpty {
          s = string
        } else {
          throw bad("must be a string or a whole number, found \(value.kindName)")
        }
        guard valid(s) else { throw bad("'\(s)' \(hint)") }
        return s
      }
      switch field.key {
      case "cpus":
        guard let n = value.json.intValue, n >= 1 else { throw bad("must be a whole number of at least 1") }
        result.cpus = n
      case "mem":
        result.mem = try text(isMemory, else: "is not a memory size; write megabytes (4096) or a size like '4G'")
      case "time":
        result.time = try text(isTime, else: "is not a time limit; write minutes (30), 'HH:MM:SS' or 'D-HH:MM:SS'")
      case "gpus":
        result.gpus = try text(isGPUs, else: "is not a GPU request; write a count (1) or 'type:count' ('a100:2')")
      case "partition":
        result.partition = try text(isName, else: "is not a partition name (letters, digits, '_', '-', '.')")
      default:
        throw at(field.keyLocation).error(
          "stage '\(stage)': unknown resource '\(field.key)'\(Spelling.didYouMean(field.key, among: Self.fields)); known: \(Self.fields.joined(separator: ", "))"
        )
      }
    }
    return result
  }

  private static func digits(_ s: Substring) -> Bool { !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

  static func isMemory(_ s: String) -> Bool {
    guard let last = s.last else { return false }
    if "KMGTkmgt".contains(last) { return digits(s.dropLast()) }
    return digits(Substring(s))
  }

  static func isTime(_ s: String) -> Bool {
    var rest = Substring(s)
    if let dash = rest.firstIndex(of: "-") {
      guard digits(rest[..<dash]) else { return false }
      rest = rest[rest.index(after: dash)...]
    }
    let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
    return (1...3).contains(parts.count) && parts.allSatisfy(digits)
  }

  static func isGPUs(_ s: String) -> Bool {
    let parts = s.split(separator: ":", omittingEmptySubsequences: false)
    guard let count = parts.last, digits(count), parts.count <= 2 else { return false }
    return parts.count == 1 || isName(String(parts[0]))
  }

  static func isName(_ s: String) -> Bool {
    !s.isEmpty && !s.hasPrefix("-")
      && s.utf8.allSatisfy { c in
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
          || c == 0x2E
      }
  }
}
