#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The bytes of an archive: a read-only memory mapping of the file, or a private copy
/// of an in-memory array. Mapping lets the inflater read a multi-gigabyte archive as
/// one buffer without loading it; the kernel pages it in and out as needed.
final class ArchiveStorage: @unchecked Sendable {
  // Immutable after init and never written through, so sharing across threads is safe.
  let bytes: UnsafeRawBufferPointer
  private let mapped: Bool

  init(path: String) throws {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw ArchiveError.cannotOpen(path: path, reason: Self.errnoText()) }
    defer { close(fd) }
    var info = stat()
    if fstat(fd, &info) != 0 { throw ArchiveError.cannotOpen(path: path, reason: Self.errnoText()) }
    if (info.st_mode & S_IFMT) != S_IFREG {
      throw ArchiveError.cannotOpen(path: path, reason: "not a regular file")
    }
    let size = Int(info.st_size)
    if size == 0 {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      mapped = false
      return
    }
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
      throw ArchiveError.cannotOpen(path: path, reason: Self.errnoText())
    }
    bytes = UnsafeRawBufferPointer(start: base, count: size)
    mapped = true
  }

  init(copying source: [UInt8]) {
    let copy = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(source.count, 1), alignment: 16)
    source.withUnsafeBytes { copy.copyMemory(from: $0) }
    bytes = UnsafeRawBufferPointer(start: copy.baseAddress, count: source.count)
    mapped = false
  }

  deinit {
    guard let base = bytes.baseAddress else { return }
    if mapped {
      munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
    } else {
      UnsafeMutableRawPointer(mutating: base).deallocate()
    }
  }

  static func errnoText() -> String {
    String(cString: strerror(errno)).lowercased()
  }
}
