import Foundation
import HTTPServer
import StrictJSON
import TestSupport
import Testing

/// Random and mutated requests against a loopback server: it must answer each with a
/// well-formed response or close, never crash, end with no connection left open, and
/// serve a well-formed request right after.
@Suite struct FuzzTests {
  /// SplitMix64: the seeded generator the fuzz cases come from, so a failure replays.
  struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
  }

  static let seeds = [
    "GET /items/42?q=x HTTP/1.1\r\nHost: t\r\n\r\n",
    "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello",
    "HEAD /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    "OPTIONS /echo HTTP/1.1\r\nHost: t\r\nOrigin: http://a\r\nAccess-Control-Request-Method: POST\r\n\r\n",
    "GET /hello HTTP/1.0\r\n\r\n",
  ]

  static func mutate(_ seed: String, _ random: inout SplitMix) -> [UInt8] {
    var bytes = Array(seed.utf8)
    switch random.below(6) {
    case 0:  // random bytes
      return (0..<random.below(300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    case 1:  // flip bytes
      for _ in 0..<(1 + random.below(8)) where !bytes.isEmpty {
        bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
      }
    case 2:  // truncate
      bytes = Array(bytes.prefix(random.below(bytes.count + 1)))
    case 3:  // insert separators and junk
      for _ in 0..<(1 + random.below(6)) {
        let junk: [UInt8] = [
          [13, 10], [10], [0], [58], [32], Array("%zz".utf8),
          Array("Content-Length: 99999999\r\n".utf8),
        ][random.below(7)]
        bytes.insert(contentsOf: junk, at: random.below(bytes.count + 1))
      }
    case 4:  // repeat a chunk (long lines, many headers)
      let start = random.below(bytes.count)
      let chunk = Array(bytes[start..<min(bytes.count, start + 1 + random.below(20))])
      let times = random.below(2000)
      var grown = Array(bytes[..<start])
      for _ in 0..<times { grown += chunk }
      bytes = grown + bytes[start...]
    default:  // pipelined pair, second one mangled
      bytes += Array(seeds[random.below(seeds.count)].utf8).reversed()
    }
    return bytes
  }

  @Test func mutatedRequestsNeverBreakTheServer() throws {
    let harness = try ServerHarness()
    defer { harness.stop() }
    var random = SplitMix(state: 2024)
    var statuses: [Int: Int] = [:]
    var closedWithoutAnswer = 0
    let cases = 1500
    for index in 0..<cases {
      let bytes = Self.mutate(Self.seeds[random.below(Self.seeds.count)], &random)
      let client = try TestClient(port: harness.port)
      client.send(bytes)
      shutdown(client.fd, Int32(SHUT_WR))  // EOF: the server never waits out a timeout
      if let response = try? client.read() {
        statuses[response.status, default: 0] += 1
        #expect((100...599).contains(response.status))
        if response.status >= 400 {
          #expect(
            (try? JSONParser.parse(response.body, file: "body"))?["error"] != nil, "case \(index)")
        }
      } else {
        closedWithoutAnswer += 1
      }
      if index % 250 == 0 {
        #expect(try TestClient(port: harness.port).get("/hello").status == 200)
      }
    }
    let answered = statuses.values.reduce(0, +)
    #expect(answered + closedWithoutAnswer == cases)
    #expect(statuses[200, default: 0] > 0)
    #expect(statuses[400, default: 0] > 0)
    #expect(try TestClient(port: harness.port).get("/hello").status == 200)
    // Every fuzz connection is gone (lingering closes end within a few seconds).
    var open = harness.server.connectionCount
    for _ in 0..<100 where open > 0 {
      usleep(100_000)
      open = harness.server.connectionCount
    }
    #expect(open == 0)
    let summary = statuses.keys.sorted().map { "\($0): \(statuses[$0]!)" }.joined(separator: ", ")
    print("fuzz: \(cases) cases; \(summary); closed without an answer: \(closedWithoutAnswer)")
  }
}
