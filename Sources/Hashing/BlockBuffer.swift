/// The bookkeeping shared by SHA-256 and MD5: a partial 64-byte block and the message
/// length, plus Merkle–Damgård padding.
///
/// The tail lives in a fixed tuple so a hasher never allocates.
struct BlockBuffer: Sendable {
  typealias Block = (
    UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
  )

  /// Bytes of an incomplete block; only the first `count` are meaningful.
  var tail: Block = (0, 0, 0, 0, 0, 0, 0, 0)
  /// How many bytes of `tail` are filled, always below 64.
  var count = 0
  /// Bytes fed so far; the padding records it modulo 2^64 bits, as both standards do.
  var length: UInt64 = 0

  /// Feeds `buffer`, calling `compress(blocks, n)` for each run of `n` whole 64-byte blocks.
  ///
  /// Whole blocks are passed straight from `buffer`; only a leftover tail is copied.
  @inline(__always)
  mutating func feed(
    _ buffer: UnsafeRawBufferPointer,
    compress: (UnsafeRawPointer, Int) -> Void
  ) {
    guard var source = buffer.baseAddress, buffer.count > 0 else { return }
    var remaining = buffer.count
    length &+= UInt64(truncatingIfNeeded: remaining)

    if count > 0 {
      let take = min(64 &- count, remaining)
      let offset = count
      withUnsafeMutableBytes(of: &tail) { destination in
        (destination.baseAddress! + offset).copyMemory(from: source, byteCount: take)
      }
      count &+= take
      source += take
      remaining &-= take
      guard count == 64 else { return }
      var block = tail
      withUnsafeBytes(of: &block) { compress($0.baseAddress!, 1) }
      count = 0
    }

    let blocks = remaining &>> 6
    if blocks > 0 {
      compress(source, blocks)
      source += blocks &<< 6
      remaining &-= blocks &<< 6
    }

    if remaining > 0 {
      withUnsafeMutableBytes(of: &tail) { destination in
        destination.baseAddress!.copyMemory(from: source, byteCount: remaining)
      }
      count = remaining
    }
  }

  /// Compresses the tail followed by 0x80, zeros and the bit length (one or two blocks).
  ///
  /// - Parameter bigEndianLength: SHA-2 stores the bit length big-endian, MD5 little-endian.
  @inline(__always)
  func pad(bigEndianLength: Bool, compress: (UnsafeRawPointer, Int) -> Void) {
    var final: (Block, Block) = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
    var source = tail
    let used = count
    let blocks = used < 56 ? 1 : 2
    let bits = length &<< 3
    withUnsafeMutableBytes(of: &final) { destination in
      withUnsafeBytes(of: &source) { tailBytes in
        destination.baseAddress!.copyMemory(from: tailBytes.baseAddress!, byteCount: used)
      }
      destination[used] = 0x80
      destination.storeBytes(
        of: bigEndianLength ? bits.bigEndian : bits.littleEndian,
        toByteOffset: blocks &* 64 &- 8,
        as: UInt64.self)
      compress(UnsafeRawPointer(destination.baseAddress!), blocks)
    }
  }
}
