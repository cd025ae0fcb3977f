/// Text bound for an SVG or HTML document: the one escaping function, and the
/// element writer the charts use.
public enum Markup {
  /// Escapes `&`, `<`, `>`, `"` and `'`, and drops control characters XML forbids,
  /// so any name or label from a data file is shown as text and never read as markup.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for s in text.unicodeScalars {
      switch s {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n", "\r": out.unicodeScalars.append(s)
      default:
        if s.value < 0x20 || s.value == 0xFFFE || s.value == 0xFFFF
          || (s.value >= 0x7F && s.value < 0xA0)
        {
          continue
        }
        out.unicodeScalars.append(s)
      }
    }
    return out
  }
}

/// Rough width of a label in pixels at the charts' 12 px font; layout only needs
/// to leave room, not to measure.
func textWidth(_ text: String, size: Double = 12) -> Double {
  var w = 0.0
  for s in text.unicodeScalars {
    switch s {
    case "i", "l", "j", "I", "!", ".", ",", ":", ";", "'", "|", " ": w += 0.3
    case "m", "w", "M", "W": w += 0.85
    default: w += s.value < 0x80 ? 0.58 : 0.9
    }
  }
  return w * size
}

/// `text` cut to `limit` characters with an ellipsis.
func shortened(_ text: String, _ limit: Int) -> String {
  text.count <= limit ? text : String(text.prefix(limit - 1)) + "\u{2026}"
}
