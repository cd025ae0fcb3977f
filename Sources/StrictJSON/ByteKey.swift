#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Whether two strings have the same UTF-8 bytes (`String ==` would also equate NFC
/// and NFD spellings; `utf8.elementsEqual` is a slow generic loop).
@inline(__always)
func bytesEqual(_ a: String, _ b: String) -> Bool {
  guard a.utf8.count == b.utf8.count else { return false }
  var a = a
  var b = b
  return a.withUTF8 { pa in
    b.withUTF8 { pb in
      pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0
    }
  }
}

/// A key compared and hashed by its UTF-8 bytes, as RFC 8259 compares names; `String`'s
/// own `==` would merge canonically equivalent spellings (NFC and NFD) into one key.
struct ByteKey: Hashable {
  let string: String
  init(_ string: String) { self.string = string }

  static func == (a: ByteKey, b: ByteKey) -> Bool { bytesEqual(a.string, b.string) }

  func hash(into hasher: inout Hasher) {
    let done: Void? = string.utf8.withContiguousStorageIfAvailable {
      hasher.combine(bytes: UnsafeRawBufferPointer($0))
    }
    if done == nil {
      Array(string.utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
    }
    hasher.combine(string.utf8.count)
  }
}
