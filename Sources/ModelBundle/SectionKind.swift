/// The element type of a section, recorded in its TOC entry so a reader can reject a
/// section whose bytes would be misread.
enum SectionKind: UInt32, Sendable {
  case bytes = 1
  case int32 = 2
  case int64 = 3
  case float32 = 4
  case float64 = 5

  /// Bytes per element.
  var stride: Int {
    switch self {
    case .bytes: return 1
    case .int32, .float32: return 4
    case .int64, .float64: return 8
    }
  }
}
