import Basics
import StrictJSON

/// One configured remote, as written in `pipeline.json` (shared, committed) or
/// `.pipeline/config.json` (personal, `--local`).
public struct RemoteConfig: Sendable, Equatable {
  public var name: String
  /// The URL as written: a directory path (relative to the repository root) or `file://`.
  public var url: String
  public var isDefault: Bool
  /// Where the URL was written, for errors about it.
  public var location: SourceLocation

  public var isLocal: Bool { location.file != RemoteConfig.sharedFile }

  /// The committed file holding the team's remotes, and the personal one.
  public static let sharedFile = "pipeline.json"
  public static let localFile = ".pipeline/config.json"
  static let fields = ["url", "default"]

  /// Reads a `"remotes"` object: `{"NAME": {"url": "...", "default": true}}`. Names
  /// follow the rules of stage names, `url` is required, at most one is the default.
  static func parse(_ node: JSONNode, file: String) throws(PipelineError) -> [RemoteConfig] {
    func at(_ l: JSONLocation) -> SourceLocation { SourceLocation(file: file, line: l.line, column: l.column) }
    guard let entries = node.fields else {
      throw at(node.location).error("'remotes' must be an object of remotes, found \(node.kindName)")
    }
    var result: [RemoteConfig] = []
    for entry in entries {
      let name = entry.key
      guard Pipeline.isPlainName(name) else {
        throw at(entry.keyLocation).error("remote name '\(name)' may only use letters, digits, '_' and '-'")
      }
      guard let fields = entry.value.fields else {
        throw at(entry.value.location).error(
          "remote '\(name)' must be an object like {\"url\": \"/mnt/shared/cache\"}, found \(entry.value.kindName)")
      }
      for field in fields where !Self.fields.contains(field.key) {
        throw at(field.keyLocation).error(
          "remote '\(name)': unknown field '\(field.key)'\(Spelling.didYouMean(field.key, among: Self.fields))")
      }
      guard let urlNode = entry.value["url"] else {
        throw at(entry.keyLocation).error("remote '\(name)': missing field 'url'")
      }
      guard let url = urlNode.stringValue, !url.isEmpty else {
        throw at(urlNode.location).error("remote '\(name)': 'url' must be a non-empty string, found \(urlNode.kindName)")
      }
      var isDefault = false
      if let flag = entry.value["default"] {
        guard case .bool(let b) = flag.value else {
          throw at(flag.location).error("remote '\(name)': 'default' must be true or false, found \(flag.kindName)")
        }
        isDefault = b
      }
      if isDefault, let other = result.first(where: \.isDefault) {
        throw at(entry.keyLocation).error(
          "remotes '\(other.name)' and '\(name)' are both marked default; keep 'default': true on one")
      }
      result.append(RemoteConfig(name: name, url: url, isDefault: isDefault, location: at(urlNode.location)))
    }
    return result
  }

  /// The `remotes` value as written back: one remote per line at `indent` (nil:
  /// all on one line, for a file written on one line).
  static func render(_ remotes: [RemoteConfig], indent: String?) -> String {
    guard !remotes.isEmpty else { return "{}" }
    let items = remotes.map { r in
      JSON.string(r.name).compactText() + ": {\"url\": " + JSON.string(r.url).compactText()
        + (r.isDefault ? ", \"default\": true}" : "}")
    }
    guard let indent else { return "{" + items.joined(separator: ", ") + "}" }
    return "{\n" + items.map { indent + "  " + $0 }.joined(separator: ",\n") + "\n" + indent + "}"
  }
}

/// Turns a remote's URL into the `Remote` that serves it.
enum RemoteURL {
  static let supported =
    "a directory path ('/mnt/shared/cache', or relative to the repository root) or 'file:///path'"

  /// The remote for `config`, or an error at the URL naming the supported kinds.
  static func open(_ config: RemoteConfig, root: String) throws(PipelineError) -> any Remote {
    let url = config.url
    if let range = url.firstRange(of: "://") {
      let scheme = String(url[..<range.lowerBound])
      guard scheme.lowercased() == "file" else {
        throw config.location.error(
          "remote '\(config.name)': unsupported URL '\(url)' (scheme '\(scheme)'); supported: \(supported)")
      }
      var path = String(url[range.upperBound...])
      if path.hasPrefix("localhost/") { path = String(path.dropFirst("localhost".count)) }
      guard path.hasPrefix("/") else {
        throw config.location.error(
          "remote '\(config.name)': '\(url)' names a host; a file URL is 'file:///absolute/path'")
      }
      return RemoteDirectory(root: trimmed(path))
    }
    let path = trimmed(url.hasPrefix("/") ? url : root + "/" + url)
    // `../cache` is shown (and used) as where it leads, once it exists.
    return RemoteDirectory(root: FileSystem.realPath(path) ?? path)
  }

  private static func trimmed(_ path: String) -> String {
    var p = path
    while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
    return p
  }
}
