/// The payload's table of contents, checked: every entry names a known-good byte range.
struct SectionTable {
  private struct Entry {
    let name: String
    let kind: UInt32
    let offset: Int
    let length: Int
  }

  private let payload: UnsafeRawBufferPointer
  private let entries: [Entry]
  private let path: String

  init(payload: UnsafeRawBufferPointer, path: String) throws(BundleError) {
    self.payload = payload
    self.path = path
    func fail(_ detail: String) -> BundleError { .malformed(path: path, detail: detail) }

    guard payload.count >= 8 else { throw fail("payload shorter than its section count") }
    let count = Int(UInt32(littleEndian: payload.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
    guard payload.loadUnaligned(fromByteOffset: 4, as: UInt32.self) == 0 else {
      throw fail("reserved payload bytes are not zero")
    }
    let tableEnd = 8 + count * BundleFormat.tocEntrySize
    guard count <= (payload.count - 8) / BundleFormat.tocEntrySize else {
      throw fail("table of contents (\(count) entries) runs past the payload")
    }
    var entries: [Entry] = []
    entries.reserveCapacity(count)
    for index in 0..<count {
      let base = 8 + index * BundleFormat.tocEntrySize
      let nameBytes = payload[base..<(base + BundleFormat.nameSize)]
      let used = nameBytes.prefix { $0 != 0 }
      guard nameBytes.dropFirst(used.count).allSatisfy({ $0 == 0 }),
        used.allSatisfy({ $0 >= 0x21 && $0 < 0x7F })
      else { throw fail("section \(index) has a malformed name") }
      let name = String(decoding: used, as: UTF8.self)
      let kind = UInt32(
        littleEndian: payload.loadUnaligned(fromByteOffset: base + 40, as: UInt32.self))
      let reserved = payload.loadUnaligned(fromByteOffset: base + 44, as: UInt32.self)
      let offset = UInt64(
        littleEndian: payload.loadUnaligned(fromByteOffset: base + 48, as: UInt64.self))
      let length = UInt64(
        littleEndian: payload.loadUnaligned(fromByteOffset: base + 56, as: UInt64.self))
      guard reserved == 0 else { throw fail("section '\(name)' has non-zero reserved bytes") }
      guard offset >= UInt64(tableEnd), offset <= UInt64(payload.count),
        length <= UInt64(payload.count) - offset
      else { throw fail("section '\(name)' lies outside the payload") }
      guard offset % UInt64(BundleFormat.alignment) == 0 else {
        throw fail("section '\(name)' is not \(BundleFormat.alignment)-byte aligned")
      }
      guard !entries.contains(where: { $0.name == name }) else {
        throw fail("section '\(name)' appears twice")
      }
      entries.append(Entry(name: name, kind: kind, offset: Int(offset), length: Int(length)))
    }
    self.entries = entries
  }

  /// The bytes of a required section, typed: checks presence, kind and whole elements.
  ///
  /// - Parameter count: the exact element count required, if known.
  func view<T>(_ name: SectionName, as type: T.Type, count: Int? = nil) throws(BundleError)
    -> UnsafeBufferPointer<T>
  {
    guard let entry = entries.first(where: { $0.name == name.rawValue }) else {
      throw BundleError.malformed(path: path, detail: "section '\(name.rawValue)' is missing")
    }
    let kind = name.kind
    guard entry.kind == kind.rawValue, MemoryLayout<T>.stride == kind.stride else {
      throw BundleError.malformed(
        path: path,
        detail:
          "section '\(name.rawValue)' has element kind \(entry.kind), expected \(kind.rawValue)")
    }
    guard entry.length % kind.stride == 0 else {
      throw BundleError.malformed(
        path: path,
        detail:
          "section '\(name.rawValue)' length \(entry.length) is not a multiple of \(kind.stride)")
    }
    let elements = entry.length / kind.stride
    if let count, elements != count {
      throw BundleError.malformed(
        path: path, detail: "section '\(name.rawValue)' has \(elements) elements, expected \(count)"
      )
    }
    let start = payload.baseAddress! + entry.offset
    // Offsets are aligned relative to a 16-byte-aligned payload start, so binding in
    // place is safe; the memory is never written.
    return UnsafeBufferPointer(start: start.assumingMemoryBound(to: T.self), count: elements)
  }
}
