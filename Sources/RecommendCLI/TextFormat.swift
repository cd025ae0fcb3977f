import StrictJSON

/// Number and JSON helpers shared by the commands' outputs.
enum TextFormat {
  /// `value` with exactly `digits` decimals, rounded half away from zero (no Foundation,
  /// no locale).
  static func fixed(_ value: Double, _ digits: Int) -> String {
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
