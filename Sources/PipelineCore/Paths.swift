/// Repository-relative path rules shared by validation and the graph.
enum Paths {
  /// What a path is declared as; outputs are held to stricter rules than inputs.
  enum Role: String {
    case dep, out, metric, plot

    /// Whether the stage (re)writes the path: `repro` deletes it before running.
    var isWritten: Bool { self != .dep }
  }

  /// The tool's own files and folders at the repository root: never an output.
  static let reserved = ["pipeline.json", "params.json", "pipeline.lock", ".pipeline", ".git"]

  /// Checks one path as written in `pipeline.json` (after `${}` interpolation) and
  /// returns it normalized, or the reason it is refused (a phrase that follows
  /// "path 'x' ").
  ///
  /// Every path must stay inside the repository: not absolute, not climbing out
  /// with `..`, not through a symlink that leads out. Nothing may lie inside the
  /// tool's state (`.pipeline/`, `.git/`). An out, metric or plot may moreover not
  /// be, or contain, `pipeline.json`, `params.json` or `pipeline.lock`, because
  /// `repro` deletes outputs before it runs a stage. Plots (and any later kind of
  /// declared path) use this same check.
  static func check(_ raw: String, role: Role, root: String, rootReal: String) -> Result<String, Refusal> {
    // A C string ends at the first NUL: "a\u0000" would silently name "a" (and "\u0000"
    // the repository root, whose walk then never ended).
    if raw.utf8.contains(0) { return .failure(Refusal("contains a nul character, which no file name can hold")) }
    guard let path = normalize(raw) else {
      if raw.hasPrefix("/") || raw.hasPrefix("~") { return .failure(Refusal("is absolute")) }
      if raw.isEmpty { return .failure(Refusal("is empty")) }
      if climbs(raw) { return .failure(Refusal("leaves the repository")) }
      return .failure(
        Refusal(
          role.isWritten
            ? "is the repository root, which holds pipeline.json, params.json and pipeline.lock"
            : "is the repository root; name the files or folders the stage reads"))
    }
    let parts = path.split(separator: "/")
    if let state = parts.first(where: { $0 == ".pipeline" || $0 == ".git" }) {
      return .failure(Refusal("is inside the tool's own state ('\(state)')"))
    }
    if role.isWritten, reserved.contains(path) {
      return .failure(Refusal("is one of the tool's own files; a stage may not write it"))
    }
    if let escape = Pipeline.symlinkEscape(path, root: root, rootReal: rootReal) {
      return .failure(Refusal("leaves the repository through the symlink '\(escape)'"))
    }
    if role.isWritten, let real = linkedTarget(path, root: root) {
      if real == rootReal {
        return .failure(Refusal("is the repository root, through a symlink"))
      }
      for own in reserved where real == rootReal + "/" + own || real.hasPrefix(rootReal + "/" + own + "/") {
        return .failure(Refusal("is '\(own)' of the tool, through a symlink; a stage may not write it"))
      }
    }
    return .success(path)
  }

  /// Where `path` really is when a symlink lies on its way, else nil (no symlink,
  /// or nothing there yet).
  private static func linkedTarget(_ path: String, root: String) -> String? {
    var prefix = ""
    for part in path.split(separator: "/") {
      prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
      guard let (_, isLink) = FileSystem.linkStatus(root + "/" + prefix) else { return nil }
      if isLink { return FileSystem.realPath(root + "/" + path) }
    }
    return nil
  }

  /// Why `check` refused a path.
  struct Refusal: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }

  /// True when `path` climbs above where it starts (`a/../..`).
  private static func climbs(_ path: String) -> Bool {
    var depth = 0
    for part in path.split(separator: "/") {
      if part == ".." {
        depth -= 1
        if depth < 0 { return true }
      } else if part != "." {
        depth += 1
      }
    }
    return false
  }

  /// Normalizes a user-written path: drops `./` parts, repeated and trailing slashes.
  /// Returns nil for a path that is absolute, empty, the root itself, or climbs out
  /// with `..`.
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

  /// The folders `path` lies in, innermost last: `a/b/c` gives `a`, `a/b`.
  static func ancestors(_ path: String) -> [String] {
    var result: [String] = []
    var end = path.utf8.startIndex
    for i in path.utf8.indices where path.utf8[i] == UInt8(ascii: "/") {
      end = i
      result.append(String(path[..<end]))
    }
    return result
  }
}

/// Which stage owns which out, indexed so that finding the outs that overlap a
/// path costs the path's depth, not the number of stages: the graph of an
/// 8,000-stage chain is built in linear time.
struct OutIndex {
  /// out path -> owning stage.
  private var exact: [String: Int] = [:]
  /// folder -> stages with an out strictly inside it, ascending, each once.
  private var within: [String: [Int]] = [:]

  /// Adds `path` as an out of `stage`. Add stages in ascending order.
  mutating func add(_ path: String, stage: Int) {
    exact[path] = stage
    for folder in Paths.ancestors(path) where within[folder]?.last != stage {
      within[folder, default: []].append(stage)
    }
  }

  /// The owner of an out equal to `path`, if any.
  func owner(of path: String) -> Int? { exact[path] }

  /// The out (with its owner) that `path` lies strictly inside, if any.
  func enclosing(_ path: String) -> (path: String, stage: Int)? {
    for folder in Paths.ancestors(path) { if let s = exact[folder] { return (folder, s) } }
    return nil
  }

  /// The stages with an out strictly inside `path`, ascending.
  func inside(_ path: String) -> [Int] { within[path] ?? [] }

  /// Every stage with an out that equals, contains or lies inside `path`, ascending,
  /// each once.
  func overlapping(_ path: String) -> [Int] {
    var result = inside(path)
    if let s = exact[path] { result.append(s) }
    if let (_, s) = enclosing(path) { result.append(s) }
    if result.count > 1 {
      result.sort()
      var unique: [Int] = []
      for s in result where unique.last != s { unique.append(s) }
      return unique
    }
    return result
  }
}
