import StrictJSON

/// Number and JSON helpers shared by the commands' outputs.
enum TextFormat {
  /// `value` with exactly `digits` decimals, rounded half away from zero (no Foundation,
  /// no locale).
  ///
  /// Total: a value too large for exact digits (never from a checked bundle) prints in
  /// Swift's own form instead of trapping.
  static func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite, abs(value) < 1e15, (0...15).contains(digits) else { return String(describing: value) }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int64(scaled / scale)
    var fraction = String(Int64(scaled) - whole * Int64(scale))
    while fraction.count < digits { fraction = "0" + fraction }
    let sign = value < 0 && scaled != 0 ? "-" : ""
    return digits == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
  }

  /// A Float as the JSON number with its shortest decimal form (0.7, not 0.699999988).
  static func number(_ value: Float) -> JSON {
    .number(Double(String(describing: value)) ?? Double(value))
  }

  /// An integer as a JSON number.
  static func number(_ value: Int) -> JSON { .number(Double(value)) }
}
