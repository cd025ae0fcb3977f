import Hashing

/// Both hash functions, so each streaming and file test runs against each.
enum Algorithm: String, CaseIterable, Sendable, CustomStringConvertible {
  case sha256
  case md5

  var description: String { rawValue }

  func hash(_ bytes: [UInt8]) -> Digest {
    switch self {
    case .sha256: SHA256.hash(bytes)
    case .md5: MD5.hash(bytes)
    }
  }

  func streamed(_ message: [UInt8], cuts: [Int]) -> Digest {
    switch self {
    case .sha256: HashingTests.streamed(SHA256.self, message, cuts: cuts)
    case .md5: HashingTests.streamed(MD5.self, message, cuts: cuts)
    }
  }

  func hash(fileAt path: String) throws(HashingError) -> (digest: Digest, size: Int) {
    switch self {
    case .sha256: try SHA256.hash(fileAt: path)
    case .md5: try MD5.hash(fileAt: path)
    }
  }

  func expected(_ line: PrefixDigest) -> String {
    switch self {
    case .sha256: line.sha256
    case .md5: line.md5
    }
  }
}
