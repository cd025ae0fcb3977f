import StrictJSON

/// What `pipeline.lock` records for one stage after it ran successfully.
public struct LockEntry: Equatable, Sendable {
  public struct PathRecord: Equatable, Sendable {
    public var path: String
    public var hash: PathHash
  }

  public var command: String
  public var deps: [PathRecord]
  public var outs: [PathRecord]
  /// Param key (as listed by the stage) -> its value when the stage ran.
  public var params: [JSON.Member]
  /// Metrics file -> its numeric values flattened to dotted keys.
  public var metrics: [JSON.Member]

  public func dep(_ path: String) -> PathHash? { deps.first { $0.path == path }?.hash }
  public func out(_ path: String) -> PathHash? { outs.first { $0.path == path }?.hash }
  public func param(_ key: String) -> JSON? { params.first { $0.key == key }?.value }
}

extension LockEntry {
  var json: JSON {
    func records(_ list: [PathRecord]) -> JSON {
      .array(
        list.map { record in
          var members = [
            JSON.Member("path", .string(record.path)),
            JSON.Member("sha256", .string(record.hash.sha256)),
            JSON.Member("size", .number(Double(record.hash.size))),
          ]
          if let n = record.hash.nfiles { members.append(JSON.Member("nfiles", .number(Double(n)))) }
          return .object(members)
        })
    }
    var members = [
      JSON.Member("cmd", .string(command)),
      JSON.Member("deps", records(deps)),
      JSON.Member("outs", records(outs)),
    ]
    if !params.isEmpty { members.append(JSON.Member("params", .object(params))) }
    if !metrics.isEmpty { members.append(JSON.Member("metrics", .object(metrics))) }
    return .object(members)
  }

  /// Keeps the numeric (and boolean) leaves of a metrics document, dotted-keyed:
  /// the lock records values worth comparing, not whole plot tables.
  static func flattenMetrics(_ value: JSON) -> JSON {
    var out: [JSON.Member] = []
    func walk(_ v: JSON, _ prefix: String) {
      switch v {
      case .number, .bool: out.append(JSON.Member(prefix, v))
      case .object(let members):
        for m in members { walk(m.value, prefix.isEmpty ? m.key : prefix + "." + m.key) }
      default: break
      }
    }
    walk(value, "")
    // Sorted as the canonical lock stores them, so every source agrees on order.
    return .object(out.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
  }
}

/// The whole `pipeline.lock`: one entry per stage that has run.
public struct Lockfile: Equatable, Sendable {
  public static let formatVersion = 1
  public var stages: [String: LockEntry]

  public init(stages: [String: LockEntry] = [:]) { self.stages = stages }

  /// The canonical text: sorted keys, so equal content gives equal bytes.
  public func canonicalText() -> String {
    let members = stages.map { JSON.Member($0.key, $0.value.json) }
    return JSON.object([
      JSON.Member("schema", .number(Double(Self.formatVersion))),
      JSON.Member("stages", .object(members)),
    ]).canonicalText()
  }
}
