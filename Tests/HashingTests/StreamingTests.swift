import Hashing
import Testing

@Suite struct StreamingTests {
  /// Every length 0...130 crosses each padding case: tail < 56, 56...63 (a second padding
  /// block), and exact multiples of 64.
  @Test(arguments: Algorithm.allCases)
  func prefixesMatchReference(algorithm: Algorithm) throws {
    let lines = try PrefixDigest.load()
    #expect(lines.count == 134)
    for line in lines {
      #expect(algorithm.hash(pattern(line.length)).hex == algorithm.expected(line), "\(line)")
    }
  }

  /// Two pieces, cut at every offset: the tail buffer must join them seamlessly.
  @Test(arguments: Algorithm.allCases, [55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 130])
  func everySplitPoint(algorithm: Algorithm, length: Int) {
    let message = pattern(length)
    let whole = algorithm.hash(message)
    for cut in 0...length {
      #expect(algorithm.streamed(message, cuts: [cut]) == whole, "cut at \(cut)")
    }
  }

  /// Three pieces around the block edges: a piece that fills the tail exactly, one that
  /// leaves it one short or one over, then the rest.
  @Test(arguments: Algorithm.allCases)
  func threePiecesAroundBlockEdges(algorithm: Algorithm) {
    let message = pattern(300)
    let whole = algorithm.hash(message)
    let edges = [0, 1, 55, 56, 57, 63, 64, 65, 127, 128, 129]
    for first in edges {
      for second in edges where first + second <= message.count {
        #expect(
          algorithm.streamed(message, cuts: [first, first + second]) == whole,
          "pieces \(first), \(second), rest")
      }
    }
  }

  /// Fixed-size chunks of every size 1...130, as a reader with that buffer size would feed.
  @Test(arguments: Algorithm.allCases)
  func everyChunkSize(algorithm: Algorithm) {
    let message = pattern(1000)
    let whole = algorithm.hash(message)
    for size in 1...130 {
      let cuts = Array(stride(from: size, to: message.count, by: size))
      #expect(algorithm.streamed(message, cuts: cuts) == whole, "chunks of \(size)")
    }
  }

  @Test func emptyUpdatesChangeNothing() {
    var hasher = SHA256()
    hasher.update([])
    hasher.update("")
    hasher.update(UnsafeRawBufferPointer(start: nil, count: 0))
    hasher.update("abc")
    hasher.update([])
    #expect(hasher.finalize() == SHA256.hash("abc"))
  }

  /// Hashers are values: a copy forks the stream, and finalize leaves the original as is.
  @Test func copiesForkAndFinalizeIsRepeatable() {
    var first = MD5()
    first.update(pattern(70))
    var second = first
    second.update("more")
    #expect(first.finalize() == MD5.hash(pattern(70)))
    #expect(first.finalize() == MD5.hash(pattern(70)))
    #expect(second.finalize() == MD5.hash(pattern(70) + Array("more".utf8)))

    var sha = SHA256()
    sha.update("ab")
    _ = sha.finalize()
    sha.update("c")
    #expect(sha.finalize() == SHA256.hash("abc"))
  }
}
