#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Number text for charts, written by integer arithmetic so that it never depends
/// on locale or on how a platform prints doubles.
public enum NumberFormat {
  /// `x` with exactly `decimals` digits after the point (no exponent); `-0` prints `0`.
  public static func fixed(_ x: Double, decimals: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "NaN" : (x < 0 ? "-inf" : "inf") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(x) * scale).rounded()
    guard scaled < 9.0e18 else { return exponent(x) }
    let n = UInt64(scaled)
    var digits = String(n)
    if decimals > 0 {
      while digits.utf8.count <= decimals { digits = "0" + digits }
      let cut = digits.index(digits.endIndex, offsetBy: -decimals)
      digits = digits[..<cut] + "." + digits[cut...]
    }
    return (x < 0 && n != 0 ? "-" : "") + digits
  }

  /// An SVG coordinate: two decimals, trailing zeros dropped.
  static func coordinate(_ x: Double) -> String {
    let n = Int64((x * 100).rounded())
    let sign = n < 0 ? "-" : ""
    let a = n.magnitude
    let whole = a / 100
    let frac = a % 100
    if frac == 0 { return sign + String(whole) }
    if frac % 10 == 0 { return sign + String(whole) + "." + String(frac / 10) }
    return sign + String(whole) + (frac < 10 ? ".0" : ".") + String(frac)
  }

  /// A value as a person reads it in a tooltip: integers whole, others with six
  /// significant digits, trailing zeros dropped; very large or small in `1.5e-7` form.
  public static func value(_ x: Double) -> String {
    guard x.isFinite else { return fixed(x, decimals: 0) }
    if x == 0 { return "0" }
    let a = abs(x)
    if a >= 1e15 || a < 1e-6 { return exponent(x) }
    if x.rounded() == x { return fixed(x, decimals: 0) }
    let magnitude = Int(floorLog10(a))
    return trimmed(fixed(x, decimals: max(0, min(12, 5 - magnitude))))
  }

  /// Tick labels of evenly spaced ticks `step` apart: as many decimals as the step
  /// needs, and `k`/`M`/`G` on an axis whose largest tick is `largest` (>= 10,000).
  static func tick(_ x: Double, step: Double, largest: Double) -> String {
    if x == 0 { return "0" }
    for (limit, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where largest >= max(limit, 1e4) {
      return trimmed(fixed(x / limit, decimals: decimals(for: step / limit))) + suffix
    }
    if abs(x) < 1e-4 { return exponent(x) }
    return fixed(x, decimals: decimals(for: step))
  }

  /// The decimals that show every multiple of `step` exactly (at most 10).
  static func decimals(for step: Double) -> Int {
    var d = 0
    var s = abs(step)
    while d < 10 && abs(s - s.rounded()) > 1e-9 * max(1, s) {
      s *= 10
      d += 1
    }
    return d
  }

  /// A tick label on a log axis: `1`, `10`, `1k`, `0.01`, `1e-5`.
  static func logTick(_ x: Double) -> String {
    let a = abs(x)
    if a >= 1e-4 && a < 1 { return trimmed(fixed(x, decimals: 6)) }
    if a < 1e-4 || a >= 1e12 { return exponent(x) }
    for (limit, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where a >= limit {
      return trimmed(fixed(x / limit, decimals: 6)) + suffix
    }
    return trimmed(fixed(x, decimals: 6))
  }

  static func exponent(_ x: Double) -> String {
    let a = abs(x)
    var e = Int(floorLog10(a))
    var m = a / power10(e)
    if (m * 100).rounded() >= 1000 {
      e += 1
      m /= 10
    }
    return (x < 0 ? "-" : "") + trimmed(fixed(m, decimals: 2)) + "e" + String(e)
  }

  static func trimmed(_ s: String) -> String {
    guard s.contains(".") else { return s }
    var t = Substring(s)
    while t.hasSuffix("0") { t = t.dropLast() }
    if t.hasSuffix(".") { t = t.dropLast() }
    return String(t)
  }

  /// floor(log10(a)) for a > 0, exact at powers of ten.
  static func floorLog10(_ a: Double) -> Double {
    var e = log10(a).rounded(.down)
    if power10(Int(e) + 1) <= a { e += 1 }
    if power10(Int(e)) > a { e -= 1 }
    return e
  }

  /// 10^e, exact for the integers where doubles can be.
  static func power10(_ e: Int) -> Double {
    var r = 1.0
    for _ in 0..<abs(e) { r *= 10 }
    // One division of an exact power: correctly rounded, where repeated division drifts.
    return e >= 0 ? r : 1 / r
  }
}
