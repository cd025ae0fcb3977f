extension JSONError {
  /// `name` in single quotes, made safe for a one-line message: control characters,
  /// line and paragraph separators and invisible format characters are escaped
  /// (`\n`, `\t`, `\u2028`), and names past 100 characters are cut with `...`.
  ///
  /// Keys come from users' files and may hold anything; a raw newline in a key would
  /// otherwise split the error across lines. Use it for every name put in a message:
  /// `"stage \(JSONError.quoted(name))"`.
  public static func quoted(_ name: String) -> String {
    var out = "'"
    var count = 0
    for scalar in name.unicodeScalars {
      if count == 100 {
        out += "..."
        break
      }
      count += 1
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if isInvisible(scalar) {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "'"
  }

  /// Control, format (`U+200B`, `U+FEFF`) and line/paragraph separator characters.
  static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned,
      .privateUse:
      return true
    default:
      return scalar.value == 0x7F
    }
  }
}
