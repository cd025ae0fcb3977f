import StrictJSON

/// The grid of `-S` settings that `exp run --queue` turns into experiments.
///
/// `-S key=a,b,c` gives a key several values; `-S key=range(lo, hi[, step])` the
/// numbers from `lo` up to, not including, `hi` (as Python's and Hydra's `range`;
/// a negative step counts down). The grid is every combination, the first `-S`
/// varying slowest. A comma splits values only at the top level: one inside a
/// JSON string, list or object does not, so `-S 'tags=["a","b"],["c"]'` is two
/// lists and `-S 'title="a, b"'` one string (quote a string holding a comma).
public enum ParamGrid {
  /// The most experiments one command may queue (a typo in a range is likelier).
  public static let limit = 10_000

  /// Every combination as `key=value` settings for `planParams`, in grid order.
  /// - Throws: `.usage` for a malformed value list or range, a key given twice,
  ///   or a grid larger than `limit`.
  public static func expand(_ settings: [String]) throws(PipelineError) -> [[String]] {
    var axes: [(key: String, values: [String])] = []
    for setting in settings {
      let axis = try values(of: setting)
      guard !axes.contains(where: { $0.key == axis.key }) else {
        throw .usage(
          "-S \(axis.key) is given twice; list its values in one -S (-S \(axis.key)=a,b)")
      }
      axes.append(axis)
    }
    var total = 1
    for axis in axes {
      total *= axis.values.count
      guard total <= limit else {
        throw .usage("the grid has more than \(limit) experiments; narrow a range or a value list")
      }
    }
    var grid: [[String]] = [[]]
    for axis in axes {
      grid = grid.flatMap { prefix in axis.values.map { prefix + [axis.key + "=" + $0] } }
    }
    return grid
  }

  /// The key and the value texts of one setting.
  static func values(of setting: String) throws(PipelineError) -> (key: String, values: [String]) {
    guard let eq = setting.firstIndex(of: "="), eq != setting.startIndex else {
      throw .usage("-S takes key=value, not '\(setting)'")
    }
    let key = String(setting[..<eq])
    let text = String(setting[setting.index(after: eq)...])
    let trimmed = text.drop { $0 == " " }
    if trimmed.hasPrefix("range(") {
      return (key, try range(String(trimmed), key: key))
    }
    let parts = topLevelParts(text)
    if parts.count > 1, let empty = parts.firstIndex(where: \.isEmpty) {
      throw .usage(
        "-S \(key)=\(text): value \(empty + 1) of the list is empty; quote a string holding a comma as JSON (-S '\(key)=\"a,b\"')"
      )
    }
    var seen: [String] = []
    for part in parts {
      guard !seen.contains(part) else {
        throw .usage("-S \(key)=\(text): '\(part)' is listed twice")
      }
      seen.append(part)
    }
    return (key, parts)
  }

  /// `text` split at the commas outside JSON strings, lists and objects.
  static func topLevelParts(_ text: String) -> [String] {
    var parts: [String] = []
    var current: [UInt8] = []
    var depth = 0
    var inString = false
    var escaped = false
    for c in text.utf8 {
      if inString {
        if escaped {
          escaped = false
        } else if c == UInt8(ascii: "\\") {
          escaped = true
        } else if c == UInt8(ascii: "\"") {
          inString = false
        }
      } else if c == UInt8(ascii: "\"") {
        inString = true
      } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
        depth += 1
      } else if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
        depth = max(0, depth - 1)
      } else if c == UInt8(ascii: ","), depth == 0 {
        parts.append(String(decoding: current, as: UTF8.self))
        current = []
        continue
      }
      current.append(c)
    }
    parts.append(String(decoding: current, as: UTF8.self))
    return parts
  }

  /// The values of `range(lo, hi[, step])`, written with no more decimals than
  /// its arguments have (so `range(0.01, 0.04, 0.01)` is 0.01, 0.02, 0.03 and
  /// never 0.030000000000000002).
  static func range(_ text: String, key: String) throws(PipelineError) -> [String] {
    func refuse(_ why: String) -> PipelineError {
      .usage(
        "-S \(key)=\(text): \(why); write range(lo, hi) or range(lo, hi, step), hi not included")
    }
    guard text.hasSuffix(")") else { throw refuse("no closing ')'") }
    let inner = text.dropFirst("range(".count).dropLast()
    let arguments = inner.split(separator: ",", omittingEmptySubsequences: false).map {
      String($0.filter { $0 != " " })
    }
    guard arguments.count == 2 || arguments.count == 3 else {
      throw refuse("\(arguments.count) arguments")
    }
    var numbers: [Double] = []
    for a in arguments {
      guard let d = Double(a), d.isFinite, !a.contains(where: { $0 == "e" || $0 == "E" }) else {
        throw refuse("'\(a)' is not a plain number")
      }
      numbers.append(d)
    }
    let (low, high) = (numbers[0], numbers[1])
    let step = numbers.count == 3 ? numbers[2] : 1
    guard step != 0 else { throw refuse("the step is 0") }
    let decimals =
      arguments.map { a in
        a.firstIndex(of: ".").map { a.distance(from: $0, to: a.endIndex) - 1 } ?? 0
      }.max() ?? 0
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    // Count in whole units of the last decimal, so no rounding error accumulates.
    let (lo, hi, by) = ((low * scale).rounded(), (high * scale).rounded(), (step * scale).rounded())
    var result: [String] = []
    var value = lo
    while by > 0 ? value < hi : value > hi {
      result.append(JSON.formatNumber(value / scale))
      guard result.count <= limit else { throw refuse("more than \(limit) values") }
      value += by
    }
    guard !result.isEmpty else { throw refuse("it holds no values") }
    return result
  }
}
