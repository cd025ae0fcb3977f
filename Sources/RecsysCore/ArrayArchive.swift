/// A small binary container of named numeric arrays, for the artifacts stages hand
/// to each other (a trained model, a neighbour table): exact bits, no text parsing.
///
/// Layout, little-endian: magic `RSYSARR1`, u32 array count, then per array: u16 name
/// length, the UTF-8 name, u8 element kind, u64 element count, zero padding to a
/// multiple of 8, and the elements. Same arrays in the same order give the same bytes.
public struct ArrayArchive: Sendable, Equatable {
  public enum Values: Sendable, Equatable {
    case float([Float])
    case double([Double])
    case int32([Int32])
    case int64([Int64])
  }

  public private(set) var names: [String] = []
  private var values: [Values] = []

  public init() {}

  public mutating func append(_ name: String, _ v: Values) {
    names.append(name)
    values.append(v)
  }

  public func float(_ name: String) throws -> [Float] {
    guard case .float(let a) = try value(name) else { throw kind(name, "float") }
    return a
  }
  public func double(_ name: String) throws -> [Double] {
    guard case .double(let a) = try value(name) else { throw kind(name, "double") }
    return a
  }
  public func int32(_ name: String) throws -> [Int32] {
    guard case .int32(let a) = try value(name) else { throw kind(name, "int32") }
    return a
  }
  public func int64(_ name: String) throws -> [Int64] {
    guard case .int64(let a) = try value(name) else { throw kind(name, "int64") }
    return a
  }

  /// The path errors name; set by `read`.
  public var source = "<memory>"

  private func value(_ name: String) throws -> Values {
    guard let i = names.firstIndex(of: name) else {
      throw RecsysCoreError.malformed(file: source, line: 0, reason: "no array '\(name)'; rebuild it with its stage")
    }
    return values[i]
  }

  private func kind(_ name: String, _ expected: String) -> RecsysCoreError {
    .malformed(file: source, line: 0, reason: "array '\(name)' is not \(expected)")
  }

  static let magic = Array("RSYSARR1".utf8)

  public func encode() -> [UInt8] {
    var out = Self.magic
    // One allocation of the final size (at most 7 padding bytes per array): growing a
    // 60 MB array by doubling would copy it and hold up to three times its size.
    var size = out.count + 4
    for (name, v) in zip(names, values) {
      let width: Int
      let count: Int
      switch v {
      case .float(let a): (width, count) = (4, a.count)
      case .double(let a): (width, count) = (8, a.count)
      case .int32(let a): (width, count) = (4, a.count)
      case .int64(let a): (width, count) = (8, a.count)
      }
      size += 2 + name.utf8.count + 1 + 8 + 7 + width * count
    }
    out.reserveCapacity(size)
    func le<T: FixedWidthInteger>(_ x: T) { withUnsafeBytes(of: x.littleEndian) { out.append(contentsOf: $0) } }
    le(UInt32(names.count))
    for (name, v) in zip(names, values) {
      let nameBytes = Array(name.utf8)
      le(UInt16(nameBytes.count))
      out += nameBytes
      switch v {
      case .float(let a):
        out.append(1)
        le(UInt64(a.count))
        pad(&out)
        for x in a { le(x.bitPattern) }
      case .double(let a):
        out.append(2)
        le(UInt64(a.count))
        pad(&out)
        for x in a { le(x.bitPattern) }
      case .int32(let a):
        out.append(3)
        le(UInt64(a.count))
        pad(&out)
        for x in a { le(x) }
      case .int64(let a):
        out.append(4)
        le(UInt64(a.count))
        pad(&out)
        for x in a { le(x) }
      }
    }
    return out
  }

  private func pad(_ out: inout [UInt8]) {
    while out.count % 8 != 0 { out.append(0) }
  }

  /// Decodes `bytes`; any inconsistency is an error naming `source`.
  public static func decode(_ bytes: [UInt8], source: String) throws -> ArrayArchive {
    var archive = ArrayArchive()
    archive.source = source
    func bad(_ why: String) -> RecsysCoreError {
      .malformed(file: source, line: 0, reason: "\(why); the file is damaged or from another version, rebuild it")
    }
    guard bytes.count >= 12, Array(bytes[0..<8]) == magic else { throw bad("not an array archive") }
    var at = 8
    func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
      let size = MemoryLayout<T>.size
      guard at + size <= bytes.count else { throw bad("truncated") }
      var x: T = 0
      for i in 0..<size { x |= T(bytes[at + i]) << (8 * i) }
      at += size
      return x
    }
    let count = try read(UInt32.self)
    for _ in 0..<count {
      let nameLength = Int(try read(UInt16.self))
      guard at + nameLength <= bytes.count else { throw bad("truncated") }
      let name = String(decoding: bytes[at..<(at + nameLength)], as: UTF8.self)
      at += nameLength
      guard at < bytes.count else { throw bad("truncated") }
      let kind = bytes[at]
      at += 1
      let n = Int(try read(UInt64.self))
      while at % 8 != 0 { at += 1 }
      let width = kind == 1 || kind == 3 ? 4 : 8
      guard (1...4).contains(kind), n >= 0, n <= (bytes.count - at) / width else { throw bad("bad array '\(name)'") }
      let range = at..<(at + n * width)
      at = range.upperBound
      let v: Values = bytes[range].withUnsafeBytes { raw in
        switch kind {
        case 1: return .float((0..<n).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) })
        case 2: return .double((0..<n).map { Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) })
        case 3: return .int32((0..<n).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) })
        default: return .int64((0..<n).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) })
        }
      }
      archive.append(name, v)
    }
    guard at == bytes.count else { throw bad("trailing bytes") }
    return archive
  }

  public func write(to path: String) throws {
    try AtomicFileWriter.write(encode(), to: path)
  }

  public static func read(path: String) throws -> ArrayArchive {
    try decode(try FileIO.readBytes(atPath: path), source: path)
  }
}
