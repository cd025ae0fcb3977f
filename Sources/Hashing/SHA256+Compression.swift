extension SHA256 {
  /// Runs the compression function over `count` consecutive 64-byte blocks at `blocks`.
  ///
  /// The schedule is a rolling window of sixteen locals and the rounds are unrolled (see
  /// scripts/generate_rounds.py): no allocation, no schedule array, constants as
  /// immediates. (A vector schedule in `SIMD4` was tried and was slower: without SSSE3
  /// LLVM scalarizes the lane shuffles, or stalls on store forwarding through memory.)
  static func compress(_ state: inout State, _ blocks: UnsafeRawPointer, _ count: Int) {
    var (h0, h1, h2, h3, h4, h5, h6, h7) = state
    var block = blocks
    for _ in 0..<count {
      var a = h0
      var b = h1
      var c = h2
      var d = h3
      var e = h4
      var f = h5
      var g = h6
      var h = h7
      var bc = h1 ^ h2
      // BEGIN GENERATED ROUNDS
      var w0 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
      round(a, b, c, &d, e, f, g, &h, &bc, 0x428a_2f98 &+ w0)
      var w1 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
      round(h, a, b, &c, d, e, f, &g, &bc, 0x7137_4491 &+ w1)
      var w2 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
      round(g, h, a, &b, c, d, e, &f, &bc, 0xb5c0_fbcf &+ w2)
      var w3 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
      round(f, g, h, &a, b, c, d, &e, &bc, 0xe9b5_dba5 &+ w3)
      var w4 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
      round(e, f, g, &h, a, b, c, &d, &bc, 0x3956_c25b &+ w4)
      var w5 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
      round(d, e, f, &g, h, a, b, &c, &bc, 0x59f1_11f1 &+ w5)
      var w6 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
      round(c, d, e, &f, g, h, a, &b, &bc, 0x923f_82a4 &+ w6)
      var w7 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
      round(b, c, d, &e, f, g, h, &a, &bc, 0xab1c_5ed5 &+ w7)
      var w8 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
      round(a, b, c, &d, e, f, g, &h, &bc, 0xd807_aa98 &+ w8)
      var w9 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
      round(h, a, b, &c, d, e, f, &g, &bc, 0x1283_5b01 &+ w9)
      var w10 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
      round(g, h, a, &b, c, d, e, &f, &bc, 0x2431_85be &+ w10)
      var w11 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
      round(f, g, h, &a, b, c, d, &e, &bc, 0x550c_7dc3 &+ w11)
      var w12 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
      round(e, f, g, &h, a, b, c, &d, &bc, 0x72be_5d74 &+ w12)
      var w13 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
      round(d, e, f, &g, h, a, b, &c, &bc, 0x80de_b1fe &+ w13)
      var w14 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
      round(c, d, e, &f, g, h, a, &b, &bc, 0x9bdc_06a7 &+ w14)
      var w15 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
      round(b, c, d, &e, f, g, h, &a, &bc, 0xc19b_f174 &+ w15)
      w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
      round(a, b, c, &d, e, f, g, &h, &bc, 0xe49b_69c1 &+ w0)
      w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
      round(h, a, b, &c, d, e, f, &g, &bc, 0xefbe_4786 &+ w1)
      w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
      round(g, h, a, &b, c, d, e, &f, &bc, 0x0fc1_9dc6 &+ w2)
      w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
      round(f, g, h, &a, b, c, d, &e, &bc, 0x240c_a1cc &+ w3)
      w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
      round(e, f, g, &h, a, b, c, &d, &bc, 0x2de9_2c6f &+ w4)
      w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
      round(d, e, f, &g, h, a, b, &c, &bc, 0x4a74_84aa &+ w5)
      w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
      round(c, d, e, &f, g, h, a, &b, &bc, 0x5cb0_a9dc &+ w6)
      w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
      round(b, c, d, &e, f, g, h, &a, &bc, 0x76f9_88da &+ w7)
      w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
      round(a, b, c, &d, e, f, g, &h, &bc, 0x983e_5152 &+ w8)
      w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
      round(h, a, b, &c, d, e, f, &g, &bc, 0xa831_c66d &+ w9)
      w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
      round(g, h, a, &b, c, d, e, &f, &bc, 0xb003_27c8 &+ w10)
      w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
      round(f, g, h, &a, b, c, d, &e, &bc, 0xbf59_7fc7 &+ w11)
      w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
      round(e, f, g, &h, a, b, c, &d, &bc, 0xc6e0_0bf3 &+ w12)
      w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
      round(d, e, f, &g, h, a, b, &c, &bc, 0xd5a7_9147 &+ w13)
      w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
      round(c, d, e, &f, g, h, a, &b, &bc, 0x06ca_6351 &+ w14)
      w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
      round(b, c, d, &e, f, g, h, &a, &bc, 0x1429_2967 &+ w15)
      w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
      round(a, b, c, &d, e, f, g, &h, &bc, 0x27b7_0a85 &+ w0)
      w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
      round(h, a, b, &c, d, e, f, &g, &bc, 0x2e1b_2138 &+ w1)
      w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
      round(g, h, a, &b, c, d, e, &f, &bc, 0x4d2c_6dfc &+ w2)
      w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
      round(f, g, h, &a, b, c, d, &e, &bc, 0x5338_0d13 &+ w3)
      w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
      round(e, f, g, &h, a, b, c, &d, &bc, 0x650a_7354 &+ w4)
      w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
      round(d, e, f, &g, h, a, b, &c, &bc, 0x766a_0abb &+ w5)
      w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
      round(c, d, e, &f, g, h, a, &b, &bc, 0x81c2_c92e &+ w6)
      w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
      round(b, c, d, &e, f, g, h, &a, &bc, 0x9272_2c85 &+ w7)
      w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
      round(a, b, c, &d, e, f, g, &h, &bc, 0xa2bf_e8a1 &+ w8)
      w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
      round(h, a, b, &c, d, e, f, &g, &bc, 0xa81a_664b &+ w9)
      w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
      round(g, h, a, &b, c, d, e, &f, &bc, 0xc24b_8b70 &+ w10)
      w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
      round(f, g, h, &a, b, c, d, &e, &bc, 0xc76c_51a3 &+ w11)
      w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
      round(e, f, g, &h, a, b, c, &d, &bc, 0xd192_e819 &+ w12)
      w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
      round(d, e, f, &g, h, a, b, &c, &bc, 0xd699_0624 &+ w13)
      w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
      round(c, d, e, &f, g, h, a, &b, &bc, 0xf40e_3585 &+ w14)
      w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
      round(b, c, d, &e, f, g, h, &a, &bc, 0x106a_a070 &+ w15)
      w0 = w0 &+ smallSigma1(w14) &+ w9 &+ smallSigma0(w1)
      round(a, b, c, &d, e, f, g, &h, &bc, 0x19a4_c116 &+ w0)
      w1 = w1 &+ smallSigma1(w15) &+ w10 &+ smallSigma0(w2)
      round(h, a, b, &c, d, e, f, &g, &bc, 0x1e37_6c08 &+ w1)
      w2 = w2 &+ smallSigma1(w0) &+ w11 &+ smallSigma0(w3)
      round(g, h, a, &b, c, d, e, &f, &bc, 0x2748_774c &+ w2)
      w3 = w3 &+ smallSigma1(w1) &+ w12 &+ smallSigma0(w4)
      round(f, g, h, &a, b, c, d, &e, &bc, 0x34b0_bcb5 &+ w3)
      w4 = w4 &+ smallSigma1(w2) &+ w13 &+ smallSigma0(w5)
      round(e, f, g, &h, a, b, c, &d, &bc, 0x391c_0cb3 &+ w4)
      w5 = w5 &+ smallSigma1(w3) &+ w14 &+ smallSigma0(w6)
      round(d, e, f, &g, h, a, b, &c, &bc, 0x4ed8_aa4a &+ w5)
      w6 = w6 &+ smallSigma1(w4) &+ w15 &+ smallSigma0(w7)
      round(c, d, e, &f, g, h, a, &b, &bc, 0x5b9c_ca4f &+ w6)
      w7 = w7 &+ smallSigma1(w5) &+ w0 &+ smallSigma0(w8)
      round(b, c, d, &e, f, g, h, &a, &bc, 0x682e_6ff3 &+ w7)
      w8 = w8 &+ smallSigma1(w6) &+ w1 &+ smallSigma0(w9)
      round(a, b, c, &d, e, f, g, &h, &bc, 0x748f_82ee &+ w8)
      w9 = w9 &+ smallSigma1(w7) &+ w2 &+ smallSigma0(w10)
      round(h, a, b, &c, d, e, f, &g, &bc, 0x78a5_636f &+ w9)
      w10 = w10 &+ smallSigma1(w8) &+ w3 &+ smallSigma0(w11)
      round(g, h, a, &b, c, d, e, &f, &bc, 0x84c8_7814 &+ w10)
      w11 = w11 &+ smallSigma1(w9) &+ w4 &+ smallSigma0(w12)
      round(f, g, h, &a, b, c, d, &e, &bc, 0x8cc7_0208 &+ w11)
      w12 = w12 &+ smallSigma1(w10) &+ w5 &+ smallSigma0(w13)
      round(e, f, g, &h, a, b, c, &d, &bc, 0x90be_fffa &+ w12)
      w13 = w13 &+ smallSigma1(w11) &+ w6 &+ smallSigma0(w14)
      round(d, e, f, &g, h, a, b, &c, &bc, 0xa450_6ceb &+ w13)
      w14 = w14 &+ smallSigma1(w12) &+ w7 &+ smallSigma0(w15)
      round(c, d, e, &f, g, h, a, &b, &bc, 0xbef9_a3f7 &+ w14)
      w15 = w15 &+ smallSigma1(w13) &+ w8 &+ smallSigma0(w0)
      round(b, c, d, &e, f, g, h, &a, &bc, 0xc671_78f2 &+ w15)
      // END GENERATED ROUNDS
      h0 &+= a
      h1 &+= b
      h2 &+= c
      h3 &+= d
      h4 &+= e
      h5 &+= f
      h6 &+= g
      h7 &+= h
      block += 64
    }
    state = (h0, h1, h2, h3, h4, h5, h6, h7)
  }
}

@inline(__always)
private func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 {
  (x &>> n) | (x &<< (32 &- n))
}

@inline(__always)
private func smallSigma0(_ x: UInt32) -> UInt32 {
  rotateRight(rotateRight(x, 11) ^ x, 7) ^ (x &>> 3)
}

@inline(__always)
private func smallSigma1(_ x: UInt32) -> UInt32 {
  rotateRight(rotateRight(x, 2) ^ x, 17) ^ (x &>> 10)
}

/// One SHA-256 round with the working variables passed in rotated order, so the caller
/// never shuffles eight registers: only `d` and `h` change.
///
/// `bc` carries `b ^ c` between rounds: this round's `a ^ b` is the next round's `b ^ c`,
/// which makes the majority function two operations. The sigmas nest their rotations,
/// which needs fewer register copies than three independent ones.
@inline(__always)
private func round(
  _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
  _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
  _ bc: inout UInt32, _ constantPlusWord: UInt32
) {
  let bigSigma1 = rotateRight(rotateRight(rotateRight(e, 14) ^ e, 5) ^ e, 6)
  let choose = g ^ (e & (f ^ g))
  let t1 = h &+ constantPlusWord &+ choose &+ bigSigma1
  let bigSigma0 = rotateRight(rotateRight(rotateRight(a, 9) ^ a, 11) ^ a, 2)
  let ab = a ^ b
  let majority = b ^ (ab & bc)
  bc = ab
  d &+= t1
  h = t1 &+ bigSigma0 &+ majority
}
