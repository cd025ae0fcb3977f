/// Errors of the benchmark tool.
enum BenchError: Error, CustomStringConvertible, Equatable {
  case io(String)
  case usage(String)

  var description: String {
    switch self {
    case .io(let message): return message
    case .usage(let message): return message
    }
  }
}
