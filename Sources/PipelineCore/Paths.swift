/// Repository-relative path rules shared by validation and the graph.
enum Paths {
  /// Normalizes a user-written path: drops `./` parts, repeated and trailing slashes.
  /// Returns nil for a path that is absolute, empty, or climbs out with `..`.
  static func normalize(_ path: String) -> String? {
    if path.hasPrefix("/") || path.hasPrefix("~") { return nil }
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        guard !parts.isEmpty else { return nil }
        parts.removeLast()
        continue
      }
      parts.append(part)
    }
    return parts.isEmpty ? nil : parts.joined(separator: "/")
  }

  /// True when `a` and `b` are the same path or one lies inside the other.
  static func overlap(_ a: String, _ b: String) -> Bool {
    a == b || isInside(a, b) || isInside(b, a)
  }

  /// True when `inner` lies strictly inside the directory `outer`.
  static func isInside(_ inner: String, _ outer: String) -> Bool {
    inner.utf8.count > outer.utf8.count && inner.hasPrefix(outer)
      && inner.utf8[inner.utf8.index(inner.utf8.startIndex, offsetBy: outer.utf8.count)] == UInt8(ascii: "/")
  }
}
