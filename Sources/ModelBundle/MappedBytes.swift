#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Read-only bytes that stay put for the reader's lifetime: a private file mapping, or
/// an aligned heap copy for in-memory bundles.
final class MappedBytes: @unchecked Sendable {
  let base: UnsafeRawPointer
  let count: Int
  private let isMapped: Bool
  /// The identity of the mapped file (nil for bytes held in memory), for the
  /// verification cache.
  let identity: FileIdentity?

  /// Maps the whole file at `path` read-only.
  init(path: String) throws(BundleError) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      let code = errno
      if code == ENOENT { throw BundleError.notFound(path: path) }
      throw BundleError.cannotRead(path: path, reason: String(cString: strerror(code)))
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw BundleError.cannotRead(path: path, reason: String(cString: strerror(errno)))
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw BundleError.cannotRead(path: path, reason: "not a regular file")
    }
    let size = Int(info.st_size)
    identity = FileIdentity(info)
    if size == 0 {
      // mmap refuses empty files; an empty heap block gives the same "truncated" path.
      base = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 16))
      count = 0
      isMapped = false
      return
    }
    let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
    guard let address, address != MAP_FAILED else {
      throw BundleError.cannotRead(path: path, reason: String(cString: strerror(errno)))
    }
    base = UnsafeRawPointer(address)
    count = size
    isMapped = true
  }

  /// Copies `bytes` into 16-byte-aligned memory.
  init(copying bytes: [UInt8]) {
    identity = nil
    let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
    bytes.withUnsafeBytes { raw in
      if let source = raw.baseAddress { memory.copyMemory(from: source, byteCount: raw.count) }
    }
    base = UnsafeRawPointer(memory)
    count = bytes.count
    isMapped = false
  }

  deinit {
    if isMapped {
      munmap(UnsafeMutableRawPointer(mutating: base), count)
    } else {
      UnsafeMutableRawPointer(mutating: base).deallocate()
    }
  }

  var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
