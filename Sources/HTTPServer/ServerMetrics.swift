import Synchronization

/// Request counts by route, method and status, and a latency histogram, kept per worker
/// (so recording never contends) and merged when scraped.
public final class ServerMetrics: Sendable {
  /// Upper bounds of the latency buckets, in seconds.
  public static let buckets: [Double] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
  ]

  struct Key: Hashable {
    var route: String
    var method: String
    var status: Int
  }

  struct State {
    var counts: [Key: Int] = [:]
    var bucketCounts = [Int](repeating: 0, count: ServerMetrics.buckets.count + 1)
    var sum = 0.0
    var total = 0
  }

  /// One worker's numbers (a class, since a `Mutex` cannot sit in an array).
  final class Shard: Sendable {
    let state = Mutex(State())
  }

  private let shards: [Shard]

  init(shards: Int) {
    self.shards = (0..<max(shards, 1)).map { _ in Shard() }
  }

  func record(shard: Int, route: String, method: String, status: Int, seconds: Double) {
    shards[shard % shards.count].state.withLock { state in
      state.counts[Key(route: route, method: method, status: status), default: 0] += 1
      var bucket = 0
      while bucket < ServerMetrics.buckets.count, seconds > ServerMetrics.buckets[bucket] {
        bucket += 1
      }
      state.bucketCounts[bucket] += 1
      state.sum += seconds
      state.total += 1
    }
  }

  /// Every request counted so far.
  public var requestCount: Int {
    shards.reduce(0) { total, shard in total + shard.state.withLock { $0.total } }
  }

  /// The Prometheus text exposition (version 0.0.4), lines in a fixed order.
  public func prometheusText() -> String {
    var counts: [Key: Int] = [:]
    var buckets = [Int](repeating: 0, count: ServerMetrics.buckets.count + 1)
    var sum = 0.0
    var total = 0
    for shard in shards {
      shard.state.withLock { state in
        for (key, value) in state.counts { counts[key, default: 0] += value }
        for index in buckets.indices { buckets[index] += state.bucketCounts[index] }
        sum += state.sum
        total += state.total
      }
    }
    var text =
      "# HELP http_requests_total Requests answered, by route pattern, method and status.\n"
    text += "# TYPE http_requests_total counter\n"
    let keys = counts.keys.sorted {
      ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status)
    }
    for key in keys {
      text +=
        "http_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(Self.escape(key.method))\",status=\"\(key.status)\"} \(counts[key]!)\n"
    }
    text +=
      "# HELP http_request_duration_seconds Time from a request's last byte to its response.\n"
    text += "# TYPE http_request_duration_seconds histogram\n"
    var cumulative = 0
    for (index, bound) in ServerMetrics.buckets.enumerated() {
      cumulative += buckets[index]
      text += "http_request_duration_seconds_bucket{le=\"\(bound)\"} \(cumulative)\n"
    }
    cumulative += buckets[ServerMetrics.buckets.count]
    text += "http_request_duration_seconds_bucket{le=\"+Inf\"} \(cumulative)\n"
    text += "http_request_duration_seconds_sum \(sum)\n"
    text += "http_request_duration_seconds_count \(total)\n"
    return text
  }

  /// A label value with `\`, `"` and newlines escaped.
  public static func escape(_ value: String) -> String {
    var text = ""
    for character in value {
      switch character {
      case "\\": text += "\\\\"
      case "\"": text += "\\\""
      case "\n": text += "\\n"
      default: text.append(character)
      }
    }
    return text
  }
}
