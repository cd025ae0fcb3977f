/// The sine-derived constants T[1...64] of RFC 1321.
private let sineTable: (SIMD16<UInt32>, SIMD16<UInt32>, SIMD16<UInt32>, SIMD16<UInt32>) = (
  SIMD16(
    0xd76a_a478, 0xe8c7_b756, 0x2420_70db, 0xc1bd_ceee, 0xf57c_0faf, 0x4787_c62a,
    0xa830_4613, 0xfd46_9501, 0x6980_98d8, 0x8b44_f7af, 0xffff_5bb1, 0x895c_d7be,
    0x6b90_1122, 0xfd98_7193, 0xa679_438e, 0x49b4_0821),
  SIMD16(
    0xf61e_2562, 0xc040_b340, 0x265e_5a51, 0xe9b6_c7aa, 0xd62f_105d, 0x0244_1453,
    0xd8a1_e681, 0xe7d3_fbc8, 0x21e1_cde6, 0xc337_07d6, 0xf4d5_0d87, 0x455a_14ed,
    0xa9e3_e905, 0xfcef_a3f8, 0x676f_02d9, 0x8d2a_4c8a),
  SIMD16(
    0xfffa_3942, 0x8771_f681, 0x6d9d_6122, 0xfde5_380c, 0xa4be_ea44, 0x4bde_cfa9,
    0xf6bb_4b60, 0xbebf_bc70, 0x289b_7ec6, 0xeaa1_27fa, 0xd4ef_3085, 0x0488_1d05,
    0xd9d4_d039, 0xe6db_99e5, 0x1fa2_7cf8, 0xc4ac_5665),
  SIMD16(
    0xf429_2244, 0x432a_ff97, 0xab94_23a7, 0xfc93_a039, 0x655b_59c3, 0x8f0c_cc92,
    0xffef_f47d, 0x8584_5dd1, 0x6fa8_7e4f, 0xfe2c_e6e0, 0xa301_4314, 0x4e08_11a1,
    0xf753_7e82, 0xbd3a_f235, 0x2ad7_d2bb, 0xeb86_d391)
)

extension MD5 {
  /// Runs the compression function over `count` consecutive 64-byte blocks at `blocks`.
  ///
  /// Rounds are unrolled (see scripts/generate_rounds.py) so shifts are immediates and
  /// the four working variables never move between registers.
  static func compress(_ state: inout State, _ blocks: UnsafeRawPointer, _ count: Int) {
    // The constants are loaded rather than written as immediates: LLVM adds an immediate
    // last, after f(b, c, d), which puts it on the round's critical path (measured 15%
    // slower). The copy is what the optimizer keeps opaque; it may read the global itself.
    var table = sineTable
    withUnsafeBytes(of: &table) { t in
      compress(&state, blocks, count, t.baseAddress!)
    }
  }

  @inline(__always)
  private static func compress(
    _ state: inout State, _ blocks: UnsafeRawPointer, _ count: Int, _ t: UnsafeRawPointer
  ) {
    var (h0, h1, h2, h3) = state
    var block = blocks
    for _ in 0..<count {
      let x0 = word(block, 0)
      let x1 = word(block, 1)
      let x2 = word(block, 2)
      let x3 = word(block, 3)
      let x4 = word(block, 4)
      let x5 = word(block, 5)
      let x6 = word(block, 6)
      let x7 = word(block, 7)
      let x8 = word(block, 8)
      let x9 = word(block, 9)
      let x10 = word(block, 10)
      let x11 = word(block, 11)
      let x12 = word(block, 12)
      let x13 = word(block, 13)
      let x14 = word(block, 14)
      let x15 = word(block, 15)
      var a = h0
      var b = h1
      var c = h2
      var d = h3
      // BEGIN GENERATED ROUNDS
      roundF(&a, b, c, d, x0 &+ sine(t, 0), 7)
      roundF(&d, a, b, c, x1 &+ sine(t, 1), 12)
      roundF(&c, d, a, b, x2 &+ sine(t, 2), 17)
      roundF(&b, c, d, a, x3 &+ sine(t, 3), 22)
      roundF(&a, b, c, d, x4 &+ sine(t, 4), 7)
      roundF(&d, a, b, c, x5 &+ sine(t, 5), 12)
      roundF(&c, d, a, b, x6 &+ sine(t, 6), 17)
      roundF(&b, c, d, a, x7 &+ sine(t, 7), 22)
      roundF(&a, b, c, d, x8 &+ sine(t, 8), 7)
      roundF(&d, a, b, c, x9 &+ sine(t, 9), 12)
      roundF(&c, d, a, b, x10 &+ sine(t, 10), 17)
      roundF(&b, c, d, a, x11 &+ sine(t, 11), 22)
      roundF(&a, b, c, d, x12 &+ sine(t, 12), 7)
      roundF(&d, a, b, c, x13 &+ sine(t, 13), 12)
      roundF(&c, d, a, b, x14 &+ sine(t, 14), 17)
      roundF(&b, c, d, a, x15 &+ sine(t, 15), 22)
      roundG(&a, b, c, d, x1 &+ sine(t, 16), 5)
      roundG(&d, a, b, c, x6 &+ sine(t, 17), 9)
      roundG(&c, d, a, b, x11 &+ sine(t, 18), 14)
      roundG(&b, c, d, a, x0 &+ sine(t, 19), 20)
      roundG(&a, b, c, d, x5 &+ sine(t, 20), 5)
      roundG(&d, a, b, c, x10 &+ sine(t, 21), 9)
      roundG(&c, d, a, b, x15 &+ sine(t, 22), 14)
      roundG(&b, c, d, a, x4 &+ sine(t, 23), 20)
      roundG(&a, b, c, d, x9 &+ sine(t, 24), 5)
      roundG(&d, a, b, c, x14 &+ sine(t, 25), 9)
      roundG(&c, d, a, b, x3 &+ sine(t, 26), 14)
      roundG(&b, c, d, a, x8 &+ sine(t, 27), 20)
      roundG(&a, b, c, d, x13 &+ sine(t, 28), 5)
      roundG(&d, a, b, c, x2 &+ sine(t, 29), 9)
      roundG(&c, d, a, b, x7 &+ sine(t, 30), 14)
      roundG(&b, c, d, a, x12 &+ sine(t, 31), 20)
      roundH(&a, b, c, d, x5 &+ sine(t, 32), 4)
      roundH(&d, a, b, c, x8 &+ sine(t, 33), 11)
      roundH(&c, d, a, b, x11 &+ sine(t, 34), 16)
      roundH(&b, c, d, a, x14 &+ sine(t, 35), 23)
      roundH(&a, b, c, d, x1 &+ sine(t, 36), 4)
      roundH(&d, a, b, c, x4 &+ sine(t, 37), 11)
      roundH(&c, d, a, b, x7 &+ sine(t, 38), 16)
      roundH(&b, c, d, a, x10 &+ sine(t, 39), 23)
      roundH(&a, b, c, d, x13 &+ sine(t, 40), 4)
      roundH(&d, a, b, c, x0 &+ sine(t, 41), 11)
      roundH(&c, d, a, b, x3 &+ sine(t, 42), 16)
      roundH(&b, c, d, a, x6 &+ sine(t, 43), 23)
      roundH(&a, b, c, d, x9 &+ sine(t, 44), 4)
      roundH(&d, a, b, c, x12 &+ sine(t, 45), 11)
      roundH(&c, d, a, b, x15 &+ sine(t, 46), 16)
      roundH(&b, c, d, a, x2 &+ sine(t, 47), 23)
      roundI(&a, b, c, d, x0 &+ sine(t, 48), 6)
      roundI(&d, a, b, c, x7 &+ sine(t, 49), 10)
      roundI(&c, d, a, b, x14 &+ sine(t, 50), 15)
      roundI(&b, c, d, a, x5 &+ sine(t, 51), 21)
      roundI(&a, b, c, d, x12 &+ sine(t, 52), 6)
      roundI(&d, a, b, c, x3 &+ sine(t, 53), 10)
      roundI(&c, d, a, b, x10 &+ sine(t, 54), 15)
      roundI(&b, c, d, a, x1 &+ sine(t, 55), 21)
      roundI(&a, b, c, d, x8 &+ sine(t, 56), 6)
      roundI(&d, a, b, c, x15 &+ sine(t, 57), 10)
      roundI(&c, d, a, b, x6 &+ sine(t, 58), 15)
      roundI(&b, c, d, a, x13 &+ sine(t, 59), 21)
      roundI(&a, b, c, d, x4 &+ sine(t, 60), 6)
      roundI(&d, a, b, c, x11 &+ sine(t, 61), 10)
      roundI(&c, d, a, b, x2 &+ sine(t, 62), 15)
      roundI(&b, c, d, a, x9 &+ sine(t, 63), 21)
      // END GENERATED ROUNDS
      h0 &+= a
      h1 &+= b
      h2 &+= c
      h3 &+= d
      block += 64
    }
    state = (h0, h1, h2, h3)
  }
}

@inline(__always)
private func word(_ block: UnsafeRawPointer, _ index: Int) -> UInt32 {
  UInt32(littleEndian: block.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
}

@inline(__always)
private func rotateLeft(_ x: UInt32, _ n: UInt32) -> UInt32 {
  (x &<< n) | (x &>> (32 &- n))
}

// Each round: a = b + rotl(a + f(b, c, d) + x[k] + t, s). `input` is x[k] + t, which
// does not depend on the previous round, so it is off the critical path.

@inline(__always)
private func roundF(
  _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ input: UInt32, _ s: UInt32
) {
  a = b &+ rotateLeft(a &+ input &+ (d ^ (b & (c ^ d))), s)
}

@inline(__always)
private func roundG(
  _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ input: UInt32, _ s: UInt32
) {
  // (b & d) | (c & ~d) as a sum of disjoint bit sets: the `c & ~d` half is ready before
  // `b`, the previous round's result, arrives.
  a = b &+ rotateLeft(a &+ input &+ (c & ~d) &+ (b & d), s)
}

@inline(__always)
private func roundH(
  _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ input: UInt32, _ s: UInt32
) {
  a = b &+ rotateLeft(a &+ input &+ (b ^ c ^ d), s)
}

@inline(__always)
private func roundI(
  _ a: inout UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ input: UInt32, _ s: UInt32
) {
  a = b &+ rotateLeft(a &+ input &+ (c ^ (b | ~d)), s)
}

@inline(__always)
private func sine(_ table: UnsafeRawPointer, _ index: Int) -> UInt32 {
  table.load(fromByteOffset: index &* 4, as: UInt32.self)
}
