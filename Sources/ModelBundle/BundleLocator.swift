import Basics
import StrictJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds the bundle a query tool should open.
public enum BundleLocator {
  /// Where `recsys package` writes, relative to the repository root.
  public static let defaultDirectory = "artifacts/bundle"

  /// The bundle file to open.
  ///
  /// - `path` names a file: that file. It names a folder: the bundle in that folder.
  /// - `path` is nil: the bundle in `artifacts/bundle` under `root`.
  ///
  /// In a folder, `manifest.json`'s `file` field wins; without a manifest the folder must
  /// hold exactly one `*.mlb` file.
  ///
  /// - Parameters:
  ///   - path: the `--bundle` value, if any.
  ///   - root: the folder relative paths start from (the working directory by default).
  /// - Returns: the path to open: relative paths are joined to `root` (unchanged when
  ///   `root` is "."), so messages show what the user typed.
  /// - Throws: `BundleError.noBundle`, `.ambiguousBundle` or `.badManifest`.
  public static func locate(_ path: String?, root: String = ".") throws(BundleError) -> String {
    guard let path else {
      return resolve(try inDirectory(defaultDirectory, root: root), root: root)
    }
    var info = stat()
    if stat(resolve(path, root: root), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      return resolve(try inDirectory(path, root: root), root: root)
    }
    return resolve(path, root: root)
  }

  private static func resolve(_ path: String, root: String) -> String {
    path.hasPrefix("/") || root == "." ? path : "\(root)/\(path)"
  }

  private static func inDirectory(_ directory: String, root: String) throws(BundleError) -> String {
    let folder = resolve(directory, root: root)
    let manifestPath = "\(directory)/\(BundleFormat.manifestFileName)"
    if let bytes = readFile("\(folder)/\(BundleFormat.manifestFileName)") {
      let manifest: JSON
      do throws(JSONError) {
        manifest = try JSONParser.parse(bytes, file: manifestPath)
      } catch {
        throw BundleError.badManifest(path: manifestPath, detail: "cannot parse: \(error)")
      }
      guard let file = manifest["file"]?.stringValue, !file.isEmpty, !file.contains("/"),
        file != "..",
        file != "."
      else { throw BundleError.badManifest(path: manifestPath, detail: "no valid 'file' field") }
      return "\(directory)/\(file)"
    }
    guard let names = listDirectory(folder) else {
      throw BundleError.noBundle(directory: directory)
    }
    let bundles = names.filter { $0.hasSuffix(".mlb") && !$0.hasPrefix(".") }
      .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    switch bundles.count {
    case 0: throw BundleError.noBundle(directory: directory)
    case 1: return "\(directory)/\(bundles[0])"
    default: throw BundleError.ambiguousBundle(directory: directory, files: bundles)
    }
  }

  /// The whole file, or nil when it cannot be read.
  static func readFile(_ path: String) -> [UInt8]? {
    try? Syscall.readFile(path)
  }

  private static func listDirectory(_ path: String) -> [String]? {
    guard let folder = opendir(path) else { return nil }
    defer { closedir(folder) }
    var names: [String] = []
    while let entry = readdir(folder) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
      }
      if name != ".", name != ".." { names.append(name) }
    }
    return names
  }
}
