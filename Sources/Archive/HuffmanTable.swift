/// Builds the lookup tables the inflater decodes Huffman codes with.
///
/// A table is indexed by the next `primaryBits` input bits (DEFLATE packs codes
/// starting at their most significant bit, so codes are stored bit-reversed). Codes
/// longer than `primaryBits` go through a second-level subtable whose pointer entry
/// sits in the primary slot of their first `primaryBits` bits. Slots no code reaches
/// (an incomplete code) hold `invalid`, so corrupt input fails instead of misdecoding.
///
/// Entry layout (UInt32):
/// - bits 0-3: bits the code occupies (for a subtable pointer: `primaryBits`)
/// - bits 4-7: extra bits that follow (for a subtable pointer: the subtable's index bits)
/// - bits 8-10: kind (`literal`, `length`, `endOfBlock`, `subtable`, `invalid`)
/// - bits 16-31: value (literal byte, base length, base distance, subtable start)
enum HuffmanTable {
  static let kindShift: UInt32 = 8
  static let kindMask: UInt32 = 0x700
  static let literal: UInt32 = 0 << 8
  static let length: UInt32 = 1 << 8
  static let endOfBlock: UInt32 = 2 << 8
  static let subtable: UInt32 = 3 << 8
  static let invalid: UInt32 = 4 << 8

  static let litLenPrimaryBits = 10
  static let distancePrimaryBits = 8
  static let precodePrimaryBits = 7

  /// Upper bounds on table sizes: the primary table plus one subtable of at most
  /// 2^(15 - primaryBits) slots per symbol, which no code can exceed.
  static let litLenCapacity = (1 << litLenPrimaryBits) + 288 * (1 << (15 - litLenPrimaryBits))
  static let distanceCapacity =
    (1 << distancePrimaryBits) + 32 * (1 << (15 - distancePrimaryBits))
  static let precodeCapacity = 1 << precodePrimaryBits

  @inline(__always)
  static func entry(kind: UInt32, value: Int, extra: Int = 0) -> UInt32 {
    kind | (UInt32(value) << 16) | (UInt32(extra) << 4)
  }

  /// What each literal/length symbol decodes to, without its code length.
  static let litLenSymbols: [UInt32] = {
    let bases = [
      3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
      131, 163, 195, 227, 258,
    ]
    let extras = [
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    var symbols = [UInt32](repeating: invalid, count: 288)
    for s in 0..<256 { symbols[s] = entry(kind: literal, value: s) }
    symbols[256] = endOfBlock
    for i in 0..<29 { symbols[257 + i] = entry(kind: length, value: bases[i], extra: extras[i]) }
    return symbols
  }()

  /// What each distance symbol decodes to; 30 and 31 are invalid in a stream.
  static let distanceSymbols: [UInt32] = {
    let bases = [
      1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
      2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    var symbols = [UInt32](repeating: invalid, count: 32)
    for i in 0..<30 {
      let extra = i < 4 ? 0 : i / 2 - 1
      symbols[i] = entry(kind: length, value: bases[i], extra: extra)
    }
    return symbols
  }()

  /// Code-length alphabet symbols 0...18 decode to themselves.
  static let precodeSymbols: [UInt32] = (0..<19).map { entry(kind: literal, value: $0) }

  /// Fills `table` for the code described by `lengths`.
  ///
  /// - Parameters:
  ///   - lengths: code length of each symbol, 0 for unused symbols (at most 15).
  ///   - symbols: the decoded entry of each symbol, without its code length.
  ///   - primaryBits: index width of the first-level table.
  ///   - table: storage of at least the matching `...Capacity` entries.
  ///   - scratch: working storage, at least `2 * lengths.count + (1 << primaryBits)`.
  /// - Returns: false if the lengths over-subscribe the code space (no valid code).
  static func build(
    lengths: UnsafeBufferPointer<UInt8>, symbols: UnsafeBufferPointer<UInt32>, primaryBits: Int,
    table: UnsafeMutablePointer<UInt32>, scratch: UnsafeMutablePointer<UInt16>
  ) -> Bool {
    let n = lengths.count
    var counts = [Int](repeating: 0, count: 16)
    for s in 0..<n { counts[Int(lengths[s])] += 1 }
    counts[0] = 0
    var left = 1
    for len in 1...15 {
      left = (left << 1) - counts[len]
      if left < 0 { return false }
    }
    var next = [Int](repeating: 0, count: 16)
    var code = 0
    for len in 1...15 {
      code = (code + counts[len - 1]) << 1
      next[len] = code
    }

    let primarySize = 1 << primaryBits
    let primaryMask = primarySize - 1
    // scratch[0..<n]: each symbol's bit-reversed code; then the longest code per prefix.
    let reversed = scratch
    let maxLength = scratch + n
    for i in 0..<primarySize {
      table[i] = invalid
      maxLength[i] = 0
    }
    for s in 0..<n {
      let len = Int(lengths[s])
      if len == 0 { continue }
      let r = reverse(next[len], bits: len)
      next[len] += 1
      reversed[s] = UInt16(r)
      if len > primaryBits {
        let prefix = r & primaryMask
        if Int(maxLength[prefix]) < len { maxLength[prefix] = UInt16(len) }
      }
    }
    var cursor = primarySize
    for prefix in 0..<primarySize where maxLength[prefix] > 0 {
      let subBits = Int(maxLength[prefix]) - primaryBits
      table[prefix] =
        subtable | (UInt32(cursor) << 16) | (UInt32(subBits) << 4) | UInt32(primaryBits)
      for i in 0..<(1 << subBits) { table[cursor + i] = invalid }
      cursor += 1 << subBits
    }
    for s in 0..<n {
      let len = Int(lengths[s])
      if len == 0 { continue }
      let r = Int(reversed[s])
      if len <= primaryBits {
        let e = symbols[s] | UInt32(len)
        var i = r
        while i < primarySize {
          table[i] = e
          i += 1 << len
        }
      } else {
        let pointer = table[r & primaryMask]
        let start = Int(pointer >> 16)
        let subSize = 1 << Int((pointer >> 4) & 0xF)
        let subLen = len - primaryBits
        let e = symbols[s] | UInt32(subLen)
        var i = r >> primaryBits
        while i < subSize {
          table[start + i] = e
          i += 1 << subLen
        }
      }
    }
    return true
  }

  @inline(__always)
  static func reverse(_ code: Int, bits: Int) -> Int {
    var r = 0
    var c = code
    for _ in 0..<bits {
      r = (r << 1) | (c & 1)
      c >>= 1
    }
    return r
  }
}
