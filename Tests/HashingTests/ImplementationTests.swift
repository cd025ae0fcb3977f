import Foundation
import Hashing
import Testing

/// The accelerated (SHA-NI / ARMv8 SHA2) and portable compression functions must give the
/// same digests everywhere; a difference in one lane or one block shows up here.
@Suite struct ImplementationTests {
  static let nist: [(String, String)] = [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
        + "klmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
    ),
  ]

  @Test(arguments: SHA256.Implementation.allCases)
  func nistVectors(implementation: SHA256.Implementation) {
    for (message, expected) in Self.nist {
      var hasher = SHA256(implementation: implementation)
      hasher.update(message)
      #expect(hasher.finalize().hex == expected, "\(implementation) '\(message)'")
    }
    var million = SHA256(implementation: implementation)
    million.update([UInt8](repeating: 0x61, count: 1_000_000))
    #expect(million.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  /// Random messages of every length up to 200 bytes, fed in two pieces cut at every
  /// offset, through both implementations, against the portable one-shot digest.
  @Test func randomInputsSplitAtEveryOffset() {
    var random = SplitMix(seed: 0x5348_414e_49)
    for length in 0...200 {
      let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      let reference = digest(message, cuts: [], .portable)
      for cut in 0...length {
        #expect(digest(message, cuts: [cut], .accelerated) == reference, "length \(length) cut \(cut)")
        #expect(digest(message, cuts: [cut], .portable) == reference, "length \(length) cut \(cut)")
      }
    }
  }

  /// Many blocks in one call: the accelerated loop carries its state across blocks.
  @Test func longRandomInput() {
    var random = SplitMix(seed: 42)
    let message = (0..<(1 << 20) + 37).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    #expect(digest(message, cuts: [], .accelerated) == digest(message, cuts: [], .portable))
    #expect(digest(message, cuts: [1, 65, 100_000], .accelerated) == digest(message, cuts: [], .portable))
  }

  /// The run-time detection agrees with what the kernel reports about this CPU.
  @Test func detectionMatchesTheKernel() throws {
    #if os(Linux) && (arch(x86_64) || arch(arm64))
      let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
      #if arch(x86_64)
        let flagLines = cpuinfo.split(separator: "\n").filter { $0.hasPrefix("flags") }
        let names = ["sha_ni", "ssse3", "sse4_1"]
      #else
        let flagLines = cpuinfo.split(separator: "\n").filter { $0.hasPrefix("Features") }
        let names = ["sha2"]
      #endif
      let first = try #require(flagLines.first)
      let flags = Set(first.split(separator: ":").last!.split(separator: " ").map(String.init))
      let kernelSays = names.allSatisfy { flags.contains($0) }
      #expect(SHA256.acceleratedIsAvailable == kernelSays)
      #expect(SHA256(implementation: .accelerated).implementation == (kernelSays ? .accelerated : .portable))
    #else
      #expect(SHA256(implementation: .accelerated).implementation == .portable || SHA256.acceleratedIsAvailable)
    #endif
  }

  @Test func selection() throws {
    for value in [nil, "", "auto", "accelerated"] as [String?] {
      #expect(try SHA256.selectImplementation(requested: value, acceleratedIsAvailable: true) == .accelerated)
      #expect(try SHA256.selectImplementation(requested: value, acceleratedIsAvailable: false) == .portable)
    }
    #expect(try SHA256.selectImplementation(requested: "portable", acceleratedIsAvailable: true) == .portable)
    #expect(throws: HashingError.unknownImplementation(variable: "PIPELINE_SHA256", value: "fast")) {
      try SHA256.selectImplementation(requested: "fast", acceleratedIsAvailable: true)
    }
    let message = String(
      describing: HashingError.unknownImplementation(variable: "PIPELINE_SHA256", value: "fast"))
    #expect(message == "PIPELINE_SHA256='fast' is not a sha-256 implementation (use 'portable', 'accelerated' or 'auto', or unset it)")
  }

  private func digest(_ message: [UInt8], cuts: [Int], _ implementation: SHA256.Implementation) -> Digest {
    var hasher = SHA256(implementation: implementation)
    var start = 0
    message.withUnsafeBytes { all in
      for end in cuts + [message.count] {
        hasher.update(UnsafeRawBufferPointer(rebasing: all[start..<end]))
        start = end
      }
    }
    return hasher.finalize()
  }
}

/// SplitMix64: the test's own seeded source of random bytes.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
}
