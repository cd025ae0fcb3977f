#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// What identifies a file's bytes without reading them: any write moves ctime,
/// and no tool can set ctime back.
public struct FileIdentity: Equatable, Sendable {
  var device: UInt64
  var inode: UInt64
  var size: Int64
  var mtimeNanos: Int64
  var ctimeNanos: Int64

  init(_ st: stat) {
    device = UInt64(st.st_dev)
    inode = UInt64(st.st_ino)
    size = Int64(st.st_size)
    mtimeNanos = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    ctimeNanos = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
  }
}

/// Remembers bundles whose payload checksum was verified, by file identity, so a
/// one-shot query does not hash 10 MB on every start (about 40 ms at SHA-256 speed).
///
/// Any change to the file's bytes changes its ctime, so a corrupted or edited bundle
/// is hashed again and fails. A file changed in the last second is never
/// remembered: within one clock tick a write might not move the timestamps.
public struct VerificationCache: Sendable {
  public let file: String

  public init(file: String) { self.file = file }

  /// `$XDG_CACHE_HOME/recommend/verified`, else `$HOME/.cache/recommend/verified`.
  public static func standard() -> VerificationCache? {
    if let xdg = getenv("XDG_CACHE_HOME").map({ String(cString: $0) }), xdg.hasPrefix("/") {
      return VerificationCache(file: xdg + "/recommend/verified")
    }
    guard let home = getenv("HOME").map({ String(cString: $0) }), home.hasPrefix("/") else { return nil }
    return VerificationCache(file: home + "/.cache/recommend/verified")
  }

  private func line(_ path: String, _ id: FileIdentity, _ digest: String) -> String {
    "\(digest) \(id.device) \(id.inode) \(id.size) \(id.mtimeNanos) \(id.ctimeNanos) \(path)"
  }

  func contains(path: String, identity: FileIdentity, digest: String) -> Bool {
    guard let text = read() else { return false }
    let wanted = line(path, identity, digest)
    return text.split(separator: "\n").contains { $0 == wanted }
  }

  /// Adds an entry (keeping the 32 newest), written through a temp file and rename.
  func remember(path: String, identity: FileIdentity, digest: String) {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    let nowNanos = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    guard nowNanos - identity.ctimeNanos > 1_000_000_000, nowNanos - identity.mtimeNanos > 1_000_000_000 else {
      return
    }
    let entry = line(path, identity, digest)
    var lines = (read() ?? "").split(separator: "\n").map(String.init).filter { !$0.hasSuffix(" " + path) }
    lines.append(entry)
    let text = lines.suffix(32).joined(separator: "\n") + "\n"
    let folder = String(file[..<(file.lastIndex(of: "/") ?? file.startIndex)])
    makeFolders(folder)
    let temp = file + ".tmp-\(getpid())"
    let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
    close(fd)
    if written == bytes.count { rename(temp, file) } else { unlink(temp) }
  }

  private func read() -> String? {
    let fd = open(file, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: 16384)
    let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
    guard n > 0 else { return nil }
    return String(decoding: bytes[0..<n], as: UTF8.self)
  }

  private func makeFolders(_ path: String) {
    guard !path.isEmpty, access(path, F_OK) != 0 else { return }
    makeFolders(String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]))
    mkdir(path, 0o755)
  }
}
