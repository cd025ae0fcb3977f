#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// A raw DEFLATE (RFC 1951) decoder that streams its output in bounded chunks.
///
/// The whole compressed input is given at once (typically a memory-mapped region of
/// the archive), while output goes through a fixed buffer: the last 32 KiB (the
/// DEFLATE window) plus `chunkSize` bytes. Each time the buffer fills, the new bytes
/// are handed to the sink and the window slides, so a 250 MB entry never needs 250 MB
/// of memory.
///
/// Decoding is table-driven: one lookup resolves a literal/length symbol, its code
/// length and its extra-bit count; codes longer than the table index go through a
/// second-level table. Corrupt input always throws: a bad code, a distance before the
/// start of output, or input that ends early is detected, never read past.
///
/// An `Inflater` keeps its tables and buffer between calls; it is not thread-safe, so
/// use one per thread.
public final class Inflater {
  /// DEFLATE's maximum back-reference distance.
  public static let windowSize = 32768

  let chunkSize: Int
  let flushAt: Int
  let capacity: Int
  let out: UnsafeMutablePointer<UInt8>
  let litLen: UnsafeMutablePointer<UInt32>
  let distance: UnsafeMutablePointer<UInt32>
  let precode: UnsafeMutablePointer<UInt32>
  let fixedLitLen: UnsafeMutablePointer<UInt32>
  let fixedDistance: UnsafeMutablePointer<UInt32>
  let lengths: UnsafeMutablePointer<UInt8>
  let scratch: UnsafeMutablePointer<UInt16>
  static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
  static let scratchCount = 320 + (1 << HuffmanTable.litLenPrimaryBits)

  /// Creates a decoder that hands its output to the sink in pieces of about
  /// `chunkSize` bytes.
  ///
  /// - Parameter chunkSize: output bytes gathered before each sink call (at least 4 KiB).
  public init(chunkSize: Int = 128 * 1024) {
    self.chunkSize = max(chunkSize, 4096)
    flushAt = Self.windowSize + self.chunkSize
    // Room for one more maximal match (258) plus the 8-byte overshoot of word copies.
    capacity = flushAt + 258 + 16
    out = .allocate(capacity: capacity)
    out.initialize(repeating: 0, count: capacity)
    litLen = .allocate(capacity: HuffmanTable.litLenCapacity)
    distance = .allocate(capacity: HuffmanTable.distanceCapacity)
    precode = .allocate(capacity: HuffmanTable.precodeCapacity)
    fixedLitLen = .allocate(capacity: HuffmanTable.litLenCapacity)
    fixedDistance = .allocate(capacity: HuffmanTable.distanceCapacity)
    lengths = .allocate(capacity: 320)
    scratch = .allocate(capacity: Self.scratchCount)
    for i in 0..<288 { lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8 }
    _ = Self.build(
      lengths, 288, HuffmanTable.litLenSymbols, HuffmanTable.litLenPrimaryBits, fixedLitLen, scratch
    )
    for i in 0..<32 { lengths[i] = 5 }
    _ = Self.build(
      lengths, 32, HuffmanTable.distanceSymbols, HuffmanTable.distancePrimaryBits, fixedDistance,
      scratch)
  }

  deinit {
    out.deallocate()
    litLen.deallocate()
    distance.deallocate()
    precode.deallocate()
    fixedLitLen.deallocate()
    fixedDistance.deallocate()
    lengths.deallocate()
    scratch.deallocate()
  }

  private static func build(
    _ lengths: UnsafeMutablePointer<UInt8>, _ count: Int, _ symbols: [UInt32], _ bits: Int,
    _ table: UnsafeMutablePointer<UInt32>, _ scratch: UnsafeMutablePointer<UInt16>
  ) -> Bool {
    symbols.withUnsafeBufferPointer { symbolBuffer in
      HuffmanTable.build(
        lengths: UnsafeBufferPointer(start: lengths, count: count), symbols: symbolBuffer,
        primaryBits: bits, table: table, scratch: scratch)
    }
  }

  /// Decodes one raw DEFLATE stream.
  ///
  /// - Parameters:
  ///   - input: the compressed bytes; bytes after the final block are ignored.
  ///   - expectedSize: if known, decoding stops with an error as soon as the output
  ///     exceeds it (the caller still checks that the total matches).
  ///   - sink: receives the output in order, in pieces of up to `chunkSize` bytes; the
  ///     buffer is only valid during the call.
  /// - Returns: compressed bytes consumed and decompressed bytes produced.
  /// - Throws: `ArchiveError.corruptData` (with path `<memory>`) for invalid or
  ///   truncated input, and whatever `sink` throws.
  public func inflate(
    _ input: UnsafeRawBufferPointer, expectedSize: UInt64? = nil,
    sink: (UnsafeRawBufferPointer) throws -> Void
  ) throws -> (consumed: Int, produced: UInt64) {
    do {
      return try decode(input, limit: expectedSize ?? UInt64.max, sink: sink)
    } catch let failure as InflateFailure {
      throw ArchiveError.corruptData(
        path: "<memory>", entry: "<deflate stream>", detail: failure.detail)
    }
  }

  /// Decodes a whole raw DEFLATE stream held in memory.
  ///
  /// - Throws: `ArchiveError.corruptData` for invalid or truncated input.
  public static func inflate(_ bytes: [UInt8]) throws -> [UInt8] {
    var result: [UInt8] = []
    let inflater = Inflater()
    _ = try bytes.withUnsafeBytes { input in
      try inflater.inflate(input) { result.append(contentsOf: $0) }
    }
    return result
  }

  // The decoder proper. All hot state lives in local variables so it stays in
  // registers; the helper closures below are inlined.
  func decode(
    _ input: UnsafeRawBufferPointer, limit: UInt64,
    sink: (UnsafeRawBufferPointer) throws -> Void
  ) throws -> (consumed: Int, produced: UInt64) {
    let inEnd = input.count
    let inBase: UnsafeRawPointer
    if let base = input.baseAddress {
      inBase = base
    } else {
      throw InflateFailure(detail: "unexpected end of compressed data")
    }
    var inPos = 0
    var bitBuf: UInt64 = 0
    var bitCount = 0
    let out = self.out
    var o = 0
    var flushedUpTo = 0
    var produced: UInt64 = 0
    let flushAt = self.flushAt
    let window = Self.windowSize

    // Near the end of input, missing bytes read as zeros; once the bits actually
    // consumed run past the real input, the stream is truncated.
    @inline(never)
    func slowRefill() throws {
      while bitCount <= 56 {
        let byte: UInt64 =
          inPos < inEnd ? UInt64(inBase.load(fromByteOffset: inPos, as: UInt8.self)) : 0
        bitBuf |= byte &<< UInt64(bitCount)
        inPos += 1
        bitCount += 8
      }
      if inPos > inEnd && inPos * 8 - bitCount > inEnd * 8 {
        throw InflateFailure(detail: "unexpected end of compressed data")
      }
    }

    // Leaves at least 56 valid bits in bitBuf. Bits above bitCount may hold the next
    // input byte; reloading ORs in the same value, so that is harmless.
    @inline(__always)
    func refill() throws {
      if inPos &+ 8 <= inEnd {
        let word = inBase.loadUnaligned(fromByteOffset: inPos, as: UInt64.self).littleEndian
        bitBuf |= word &<< UInt64(bitCount)
        inPos &+= (63 &- bitCount) >> 3
        bitCount |= 56
      } else {
        try slowRefill()
      }
    }

    @inline(__always)
    func take(_ n: Int) -> Int {
      let v = Int(truncatingIfNeeded: bitBuf) & ((1 &<< n) &- 1)
      bitBuf &>>= UInt64(n)
      bitCount &-= n
      return v
    }

    func flush() throws {
      let n = o - flushedUpTo
      if n > 0 {
        produced += UInt64(n)
        if produced > limit {
          throw InflateFailure(detail: "decompresses to more than the declared \(limit) bytes")
        }
        try sink(UnsafeRawBufferPointer(start: out + flushedUpTo, count: n))
      }
      let keep = min(o, window)
      if o > keep { memmove(out, out + (o - keep), keep) }
      o = keep
      flushedUpTo = keep
    }

    // Stored block: skip to a byte boundary, then LEN and its complement NLEN.
    func copyStored() throws {
      _ = take(bitCount & 7)
      inPos -= bitCount >> 3
      bitBuf = 0
      bitCount = 0
      if inPos + 4 > inEnd { throw InflateFailure(detail: "unexpected end of compressed data") }
      let header = inBase.loadUnaligned(fromByteOffset: inPos, as: UInt32.self).littleEndian
      inPos += 4
      let len = Int(header & 0xFFFF)
      if (header >> 16) != (~header & 0xFFFF) {
        throw InflateFailure(detail: "stored block length does not match its complement")
      }
      if inPos + len > inEnd { throw InflateFailure(detail: "unexpected end of compressed data") }
      var remaining = len
      while remaining > 0 {
        let n = min(remaining, flushAt - o)
        UnsafeMutableRawPointer(out + o).copyMemory(from: inBase + inPos, byteCount: n)
        o += n
        inPos += n
        remaining -= n
        if o >= flushAt { try flush() }
      }
    }

    func readDynamicTables() throws {
      try refill()
      let hlit = take(5) + 257
      let hdist = take(5) + 1
      let hclen = take(4) + 4
      if hlit > 286 || hdist > 30 {
        throw InflateFailure(detail: "too many length or distance codes")
      }
      let lengths = self.lengths
      for i in 0..<19 { lengths[i] = 0 }
      for i in 0..<hclen {
        if bitCount < 3 { try refill() }
        lengths[Self.codeLengthOrder[i]] = UInt8(take(3))
      }
      if !Self.build(
        lengths, 19, HuffmanTable.precodeSymbols, HuffmanTable.precodePrimaryBits, precode, scratch)
      {
        throw InflateFailure(detail: "invalid code lengths set")
      }
      let total = hlit + hdist
      var i = 0
      while i < total {
        try refill()
        let e = precode[
          Int(truncatingIfNeeded: bitBuf) & ((1 << HuffmanTable.precodePrimaryBits) - 1)]
        if e & HuffmanTable.kindMask != HuffmanTable.literal {
          throw InflateFailure(detail: "invalid code lengths code")
        }
        _ = take(Int(e & 0xF))
        let symbol = Int(e >> 16)
        if symbol < 16 {
          lengths[i] = UInt8(symbol)
          i += 1
          continue
        }
        var repeatCount: Int
        var value: UInt8 = 0
        switch symbol {
        case 16:
          if i == 0 { throw InflateFailure(detail: "repeated code length with no previous length") }
          value = lengths[i - 1]
          repeatCount = 3 + take(2)
        case 17:
          repeatCount = 3 + take(3)
        default:
          repeatCount = 11 + take(7)
        }
        if i + repeatCount > total { throw InflateFailure(detail: "too many code lengths") }
        while repeatCount > 0 {
          lengths[i] = value
          i += 1
          repeatCount -= 1
        }
      }
      if lengths[256] == 0 { throw InflateFailure(detail: "missing end-of-block code") }
      if !Self.build(
        lengths, hlit, HuffmanTable.litLenSymbols, HuffmanTable.litLenPrimaryBits, litLen, scratch)
      {
        throw InflateFailure(detail: "invalid literal/length code lengths")
      }
      // Distance lengths follow the literal/length ones; shift them to the front.
      for j in 0..<hdist { lengths[j] = lengths[hlit + j] }
      if !Self.build(
        lengths, hdist, HuffmanTable.distanceSymbols, HuffmanTable.distancePrimaryBits, distance,
        scratch)
      {
        throw InflateFailure(detail: "invalid distance code lengths")
      }
    }

    var final = false
    while !final {
      try refill()
      final = take(1) == 1
      let type = take(2)
      var lit = fixedLitLen
      var dist = fixedDistance
      switch type {
      case 0:
        try copyStored()
        continue
      case 1:
        break
      case 2:
        try readDynamicTables()
        lit = litLen
        dist = distance
      default:
        throw InflateFailure(detail: "invalid block type 3")
      }

      let litMask = (1 << HuffmanTable.litLenPrimaryBits) - 1
      let distMask = (1 << HuffmanTable.distancePrimaryBits) - 1
      while true {
        // A literal/length code and its extra bits take at most 15 + 5 bits; a refill
        // leaves at least 56, so runs of literals refill only every few symbols.
        if bitCount < 20 { try refill() }
        var e = lit[Int(truncatingIfNeeded: bitBuf) & litMask]
        if e & HuffmanTable.kindMask == HuffmanTable.subtable {
          bitBuf &>>= UInt64(e & 0xF)
          bitCount &-= Int(e & 0xF)
          let subMask = (1 &<< Int((e >> 4) & 0xF)) &- 1
          e = lit[Int(e >> 16) &+ (Int(truncatingIfNeeded: bitBuf) & subMask)]
        }
        bitBuf &>>= UInt64(e & 0xF)
        bitCount &-= Int(e & 0xF)
        let kind = e & HuffmanTable.kindMask
        if kind == HuffmanTable.literal {
          out[o] = UInt8(truncatingIfNeeded: e >> 16)
          o &+= 1
          if o >= flushAt { try flush() }
          continue
        }
        if kind != HuffmanTable.length {
          if kind == HuffmanTable.endOfBlock { break }
          throw InflateFailure(detail: "invalid literal/length code")
        }
        let length = Int(e >> 16) &+ take(Int((e >> 4) & 0xF))
        // A distance code and its extra bits take at most 15 + 13 bits.
        if bitCount < 28 { try refill() }
        var d = dist[Int(truncatingIfNeeded: bitBuf) & distMask]
        if d & HuffmanTable.kindMask == HuffmanTable.subtable {
          bitBuf &>>= UInt64(d & 0xF)
          bitCount &-= Int(d & 0xF)
          let subMask = (1 &<< Int((d >> 4) & 0xF)) &- 1
          d = dist[Int(d >> 16) &+ (Int(truncatingIfNeeded: bitBuf) & subMask)]
        }
        bitBuf &>>= UInt64(d & 0xF)
        bitCount &-= Int(d & 0xF)
        if d & HuffmanTable.kindMask != HuffmanTable.length {
          throw InflateFailure(detail: "invalid distance code")
        }
        let distance = Int(d >> 16) &+ take(Int((d >> 4) & 0xF))
        if distance > o {
          throw InflateFailure(
            detail: "distance \(distance) reaches before the start of the output")
        }
        let dst = out + o
        var src = UnsafePointer(dst - distance)
        if distance >= 8 {
          // Word copies may run up to 7 bytes past the match; the buffer has slack and
          // those bytes are overwritten before they are ever flushed.
          var p = dst
          let end = dst + length
          repeat {
            UnsafeMutableRawPointer(p).storeBytes(
              of: UnsafeRawPointer(src).loadUnaligned(as: UInt64.self), as: UInt64.self)
            p += 8
            src += 8
          } while p < end
        } else if distance == 1 {
          dst.update(repeating: src.pointee, count: length)
        } else {
          for i in 0..<length { dst[i] = src[i] }
        }
        o &+= length
        if o >= flushAt { try flush() }
      }
    }

    try flush()
    let consumedBits = inPos * 8 - bitCount
    if consumedBits > inEnd * 8 {
      throw InflateFailure(detail: "unexpected end of compressed data")
    }
    return ((consumedBits + 7) / 8, produced)
  }
}
