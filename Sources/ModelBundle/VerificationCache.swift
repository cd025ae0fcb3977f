#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics

/// What identifies a file's bytes without reading them (the one in `Basics`).
public typealias FileIdentity = Basics.FileIdentity

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

  /// Adds an entry (keeping the 32 newest), written atomically (temp, fsync, rename).
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
    // Best effort: a cache that cannot be written only costs a hash next time.
    try? Directory.create(Directory.parent(of: file))
    try? AtomicFile.write(text, to: file)
  }

  private func read() -> String? {
    guard let bytes = try? Syscall.readFile(file), !bytes.isEmpty else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }
}
