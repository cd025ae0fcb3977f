/// Two-column help rows: labels in a 24-character column, long labels on their own line.
enum HelpLayout {
  static let labelWidth = 24

  static func row(label: String, help: String) -> String {
    let indent = "  "
    if label.count + 2 <= labelWidth - 2 {
      return indent + label + String(repeating: " ", count: labelWidth - 2 - label.count) + help
        + "\n"
    }
    return indent + label + "\n" + String(repeating: " ", count: labelWidth) + help + "\n"
  }
}
