#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Axis ticks a person would choose: steps of 1, 2 or 5 times a power of ten on a
/// linear axis (Heckbert's "nice numbers"), powers of ten on a log axis.
public struct Ticks: Sendable, Equatable {
  /// The axis range the ticks span (it covers the data).
  public var lower: Double
  public var upper: Double
  public var values: [Double]
  public var labels: [String]

  /// Linear ticks covering `min...max`, about `count` of them.
  public static func linear(min: Double, max: Double, count: Int = 5) -> Ticks {
    var lo = min
    var hi = max
    if !(lo.isFinite && hi.isFinite) { (lo, hi) = (0, 1) }
    if lo == hi {
      let pad = lo == 0 ? 1 : abs(lo) * 0.1
      lo -= pad
      hi += pad
    }
    let step = nice((hi - lo) / Double(Swift.max(1, count - 1)), round: true)
    let first = (lo / step).rounded(.down)
    let last = (hi / step).rounded(.up)
    let decimals = NumberFormat.decimals(for: step)
    var values: [Double] = []
    var k = first
    while k <= last + 0.5 {
      // Multiplying integers by the step (never adding steps up) keeps 0.3 from being 0.30000000000000004.
      var v = Double(NumberFormat.fixed(k * step, decimals: decimals)) ?? k * step
      if v == 0 { v = 0 }
      values.append(v)
      k += 1
    }
    return Ticks(
      lower: values.first!, upper: values.last!, values: values,
      labels: values.map { [largest = values.map(abs).max()!] v in
        NumberFormat.tick(v, step: step, largest: largest)
      })
  }

  /// Log ticks covering `min...max` (both > 0): each power of ten, plus 2 and 5
  /// times it when the range is under three decades.
  public static func log(min: Double, max: Double) -> Ticks {
    let lo = min > 0 && min.isFinite ? min : 1
    let hi = max > 0 && max.isFinite ? Swift.max(max, lo) : lo
    var a = Int(NumberFormat.floorLog10(lo))
    var b = Int(NumberFormat.floorLog10(hi))
    if NumberFormat.power10(b) < hi { b += 1 }
    if a == b {
      a -= 0
      b += 1
    }
    var values: [Double] = []
    let dense = b - a < 3
    for e in a...b {
      let p = NumberFormat.power10(e)
      values.append(p)
      if dense && e < b {
        for m in [2.0, 5.0] { values.append(m * p) }
      }
    }
    // Trim dense ticks beyond the data so the axis does not run on for a decade.
    var lower = NumberFormat.power10(a)
    var upper = NumberFormat.power10(b)
    if dense {
      while values.count > 2, values[1] <= lo { values.removeFirst() }
      while values.count > 2, values[values.count - 2] >= hi { values.removeLast() }
      lower = values.first!
      upper = values.last!
    }
    return Ticks(
      lower: lower, upper: upper, values: values, labels: values.map(NumberFormat.logTick))
  }

  /// The nice number near `x`: 1, 2, 5 or 10 times a power of ten.
  static func nice(_ x: Double, round: Bool) -> Double {
    guard x > 0, x.isFinite else { return 1 }
    let e = NumberFormat.floorLog10(x)
    let p = NumberFormat.power10(Int(e))
    let f = x / p
    let n: Double
    if round {
      n = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
    } else {
      n = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10
    }
    return n * p
  }
}
