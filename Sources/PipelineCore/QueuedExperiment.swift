import StrictJSON

/// One experiment of the queue (`.pipeline/queue/entries/NNNNNN.json`): its name,
/// its `-S` settings, the `params.json` they apply to, and how far it got.
///
/// Each entry is its own file, written atomically, so a state change rewrites one
/// small file and concurrent writers (under `.pipeline/queue/lock`) never lose
/// each other's entries.
public struct QueuedExperiment: Sendable, Equatable {
  public enum State: String, Sendable, CaseIterable {
    case queued, running, done, failed
  }

  /// Queue order: the entry's file name, allocated under the queue lock.
  public var seq: Int
  public var name: String
  /// The settings, typed, in the order given (the run record keeps them).
  public var settings: [JSON.Member]
  /// `params.json` byte for byte when the experiment was queued: the settings
  /// apply to it, whatever the workspace's params are when it runs.
  public var paramsText: String
  public var state: State
  /// The run recorded for it (done, or failed after recording like `exp run`).
  public var run: String?
  /// Why it failed: the failed stage and the tail of its stderr.
  public var message: String?

  /// The settings as `key=value` words, values in JSON, so they read back exactly.
  public var settingWords: [String] { settings.map { $0.key + "=" + $0.value.compactText() } }

  var json: JSON {
    .object([
      JSON.Member("seq", .number(Double(seq))),
      JSON.Member("name", .string(name)),
      JSON.Member("settings", .array(settings.map { .array([.string($0.key), $0.value]) })),
      JSON.Member("params_text", .string(paramsText)),
      JSON.Member("state", .string(state.rawValue)),
      JSON.Member("run", run.map { .string($0) } ?? .null),
      JSON.Member("message", message.map { .string($0) } ?? .null),
    ])
  }

  init(
    seq: Int, name: String, settings: [JSON.Member], paramsText: String, state: State = .queued,
    run: String? = nil, message: String? = nil
  ) {
    self.seq = seq
    self.name = name
    self.settings = settings
    self.paramsText = paramsText
    self.state = state
    self.run = run
    self.message = message
  }

  init?(_ value: JSON) {
    guard let seq = value["seq"]?.intValue, let name = value["name"]?.stringValue,
      let pairs = value["settings"]?.arrayValue, let paramsText = value["params_text"]?.stringValue,
      let state = value["state"]?.stringValue.flatMap(State.init)
    else { return nil }
    var settings: [JSON.Member] = []
    for pair in pairs {
      guard let items = pair.arrayValue, items.count == 2, let key = items[0].stringValue else {
        return nil
      }
      settings.append(JSON.Member(key, items[1]))
    }
    self.init(
      seq: seq, name: name, settings: settings, paramsText: paramsText, state: state,
      run: value["run"]?.stringValue, message: value["message"]?.stringValue)
  }
}
