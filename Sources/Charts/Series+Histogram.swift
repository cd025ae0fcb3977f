#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

extension Series {
  /// Raw values counted into bins: `bins` of equal width over nice bounds (default:
  /// Sturges' rule, at most 50), or bins of equal ratio when `log` is true (values
  /// <= 0 are then left out). NaN and infinite values are left out.
  public static func histogram(name: String, values: [Double], bins: Int? = nil, log: Bool = false)
    -> Series
  {
    let data = values.filter { $0.isFinite && (!log || $0 > 0) }
    guard let lo = data.min(), let hi = data.max() else {
      return Series(name: name, x: [], y: [], xEnd: [])
    }
    let count = max(1, min(200, bins ?? min(50, Int((log2(Double(data.count))).rounded(.up)) + 1)))
    var edges: [Double] = []
    if log {
      let a = log10(lo)
      let b = log10(hi) == a ? a + 1 : log10(hi)
      for k in 0...count { edges.append(pow(10, a + (b - a) * Double(k) / Double(count))) }
      edges[count] = max(edges[count], hi)
    } else {
      let t = Ticks.linear(min: lo, max: hi == lo ? lo + 1 : hi, count: count + 1)
      let step = (t.upper - t.lower) / Double(count)
      for k in 0...count { edges.append(t.lower + step * Double(k)) }
    }
    var counts = [Double](repeating: 0, count: count)
    let first = log ? log10(edges[0]) : edges[0]
    let span = (log ? log10(edges[count]) : edges[count]) - first
    for v in data {
      let position = ((log ? log10(v) : v) - first) / span * Double(count)
      counts[max(0, min(count - 1, Int(position.rounded(.down))))] += 1
    }
    return Series(name: name, x: Array(edges.dropLast()), y: counts, xEnd: Array(edges.dropFirst()))
  }
}
