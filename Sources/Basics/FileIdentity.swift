#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// What identifies a file's bytes without reading them: (device, inode, size, mtime,
/// ctime). Any write moves ctime, and no user tool can set ctime back, so a cache
/// keyed by this identity never serves the hash of bytes that changed.
public struct FileIdentity: Equatable, Hashable, Sendable {
  public enum Kind: Equatable, Hashable, Sendable { case file, directory, symlink, other }

  public var device: UInt64
  public var inode: UInt64
  public var size: Int64
  public var mtimeNanos: Int64
  public var ctimeNanos: Int64
  public var kind: Kind

  public init(
    device: UInt64, inode: UInt64, size: Int64, mtimeNanos: Int64, ctimeNanos: Int64,
    kind: Kind = .file
  ) {
    self.device = device
    self.inode = inode
    self.size = size
    self.mtimeNanos = mtimeNanos
    self.ctimeNanos = ctimeNanos
    self.kind = kind
  }

  public init(_ st: stat) {
    device = UInt64(st.st_dev)
    inode = UInt64(st.st_ino)
    size = Int64(st.st_size)
    mtimeNanos = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    ctimeNanos = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
    switch st.st_mode & S_IFMT {
    case S_IFREG: kind = .file
    case S_IFDIR: kind = .directory
    case S_IFLNK: kind = .symlink
    default: kind = .other
    }
  }

  /// `stat(2)` (symlinks followed); nil when the path does not exist.
  public init?(path: String) {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    self.init(st)
  }

  /// `lstat(2)`: a final symlink is described, not followed.
  public init?(linkAt path: String) {
    var st = stat()
    guard lstat(path, &st) == 0 else { return nil }
    self.init(st)
  }

  /// `fstat(2)` of an open descriptor.
  public init?(descriptor: Int32) {
    var st = stat()
    guard fstat(descriptor, &st) == 0 else { return nil }
    self.init(st)
  }

  public var isDirectory: Bool { kind == .directory }
  public var isRegular: Bool { kind == .file }
}
