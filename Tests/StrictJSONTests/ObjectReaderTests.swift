import Foundation
import Testing

@testable import StrictJSON

/// A miniature `pipeline.json` validator: what the helper layer is for.
struct MiniStage: Equatable {
  var name: String
  var cmd: String
  var deps: [String]
  var outs: [String]
  var alwaysChanged: Bool

  static let fields = [
    "cmd", "deps", "params", "outs", "metrics", "always_changed", "frozen", "wdir", "desc",
  ]

  static func load(_ bytes: [UInt8], file: String = "pipeline.json") throws(JSONError)
    -> [MiniStage]
  {
    let doc = try JSONDocument(parsing: bytes, file: file)
    let stages = try doc.rootObject(allowed: ["stages"]).object("stages", allowed: nil)
    var out: [MiniStage] = []
    for f in stages.fields {
      let s = try stages.reader(for: f.value, context: "stage '\(f.key)'", allowed: fields)
      out.append(
        MiniStage(
          name: f.key, cmd: try s.string("cmd"), deps: try s.optionalStringArray("deps") ?? [],
          outs: try s.optionalStringArray("outs") ?? [],
          alwaysChanged: try s.optionalBool("always_changed") ?? false))
    }
    return out
  }

  static func load(_ text: String) throws(JSONError) -> [MiniStage] { try load(Array(text.utf8)) }
}

func loadError(_ text: String) -> String {
  do {
    _ = try MiniStage.load(text)
    return "no error"
  } catch {
    return error.description
  }
}

func fixture(_ name: String) throws -> [UInt8] {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Fixtures/\(name)")
  return Array(try Data(contentsOf: url))
}

@Suite struct ObjectReaderTests {
  @Test func unknownFieldWithSuggestionFromFixture() throws {
    #expect(throws: JSONError.self) { try MiniStage.load(try fixture("pipeline-typo.json")) }
    do {
      _ = try MiniStage.load(try fixture("pipeline-typo.json"))
    } catch let error as JSONError {
      #expect(
        error.description
          == "pipeline.json:14:7: error: stage 'train': unknown field 'dep' (did you mean 'deps'?)")
      #expect(
        error
          == JSONError(
            file: "pipeline.json", line: 14, column: 7,
            message: "stage 'train': unknown field 'dep' (did you mean 'deps'?)"))
    }
  }

  @Test func validFile() throws {
    let stages = try MiniStage.load(
      #"{"stages": {"b": {"cmd": "x", "deps": ["d"], "always_changed": true}, "a": {"cmd": "y", "outs": []}}}"#
    )
    #expect(
      stages == [
        MiniStage(name: "b", cmd: "x", deps: ["d"], outs: [], alwaysChanged: true),
        MiniStage(name: "a", cmd: "y", deps: [], outs: [], alwaysChanged: false),
      ])
  }

  @Test func misspeltRequiredFieldIsReportedAsUnknown() {
    #expect(
      loadError("{\"stages\": {\"t\": {\"cmnd\": \"x\"}}}")
        == "pipeline.json:1:19: error: stage 't': unknown field 'cmnd' (did you mean 'cmd'?)")
  }

  @Test func unknownFieldWithoutSuggestionListsAllowed() {
    #expect(
      loadError("{\"stages\": {}, \"zzz\": 1}")
        == "pipeline.json:1:16: error: unknown field 'zzz' (expected one of 'stages')")
    #expect(
      loadError("{\"stages\": {\"t\": {\"cmd\": \"x\", \"quux\": 1}}}")
        == "pipeline.json:1:31: error: stage 't': unknown field 'quux' (expected one of 'always_changed', 'cmd', 'deps', 'desc', 'frozen', 'metrics', 'outs', 'params', 'wdir')"
    )
  }

  @Test func missingRequiredField() {
    let text = """
      {
        "stages": {
          "train": {
            "deps": []
          }
        }
      }
      """
    #expect(
      loadError(text) == "pipeline.json:3:14: error: stage 'train': missing required field 'cmd'")
    #expect(loadError("{}") == "pipeline.json:1:1: error: missing required field 'stages'")
  }

  @Test func typeMismatches() {
    #expect(loadError("[]") == "pipeline.json:1:1: error: expected an object, found an array")
    #expect(
      loadError("{\"stages\": []}")
        == "pipeline.json:1:12: error: field 'stages': expected an object, found an array")
    #expect(
      loadError("{\"stages\": {\"t\": \"cmd\"}}")
        == "pipeline.json:1:18: error: stage 't': expected an object, found a string")
    #expect(
      loadError("{\"stages\": {\"t\": {\"cmd\": 3}}}")
        == "pipeline.json:1:26: error: stage 't': field 'cmd': expected a string, found a number")
    #expect(
      loadError("{\"stages\": {\"t\": {\"cmd\": \"x\", \"deps\": \"a\"}}}")
        == "pipeline.json:1:39: error: stage 't': field 'deps': expected an array of strings, found a string"
    )
    #expect(
      loadError("{\"stages\": {\"t\": {\"cmd\": \"x\",\n \"deps\": [\"a\", {}]}}}")
        == "pipeline.json:2:16: error: stage 't': field 'deps'[1]: expected a string, found an object"
    )
    // An explicit null is not "absent".
    #expect(
      loadError("{\"stages\": {\"t\": {\"cmd\": \"x\", \"always_changed\": null}}}")
        == "pipeline.json:1:49: error: stage 't': field 'always_changed': expected a boolean, found null"
    )
  }

  @Test func parseErrorsComeThroughUnchanged() {
    #expect(
      loadError("{\"stages\": {},}")
        == "pipeline.json:1:14: error: trailing comma before '}'; remove it")
  }

  @Test func numbersAndNestedReaders() throws {
    let doc = try JSONDocument(
      parsing: #"{"n": 3, "f": 2.5, "big": 1e3, "half": 1.5, "s": "x", "inner": {"b": {"x": 1}}}"#,
      file: "params.json")
    let r = try doc.rootObject(context: "params", allowed: nil)
    #expect(try r.int("n") == 3)
    #expect(try r.int("big") == 1000)
    #expect(try r.double("f") == 2.5)
    #expect(try r.double("n") == 3)
    #expect(try r.optionalInt("missing") == nil)
    #expect(try r.optionalDouble("f") == 2.5)
    #expect(try r.optionalString("s") == "x")
    #expect(r.contains("s"))
    #expect(!r.contains("S"))
    #expect(r.keys == ["n", "f", "big", "half", "s", "inner"])
    #expect(try r.value("n").json == 3)
    #expect(r.optionalValue("none") == nil)
    #expect(
      throws: JSONError(
        file: "params.json", line: 1, column: 40,
        message: "params: field 'half': expected an integer, found 1.5")
    ) {
      try r.int("half")
    }
    #expect(
      throws: JSONError(
        file: "params.json", line: 1, column: 50,
        message: "params: field 's': expected a number, found a string")
    ) {
      try r.double("s")
    }
    #expect(
      throws: JSONError(
        file: "params.json", line: 1, column: 71,
        message: "params: field 'inner': field 'b': unknown field 'x' (this object must be empty)")
    ) {
      try r.object("inner", allowed: ["b"]).object("b", allowed: [])
    }
    #expect(
      throws: JSONError(
        file: "params.json", line: 1, column: 71,
        message: "section 'b': unknown field 'x' (this object must be empty)")
    ) {
      try r.object("inner", allowed: nil).optionalObject("b", context: "section 'b'", allowed: [])
    }
    #expect(try r.optionalObject("nothing", allowed: []) == nil)
  }

  @Test func finishingAfterReadingAField() throws {
    let doc = try JSONDocument(
      parsing: "{\"kind\": \"svd\",\n \"factors\": 10,\n \"neighbours\": 5}", file: "params.json")
    let r = try doc.rootObject(context: "model", allowed: nil)
    let allowed =
      try r.string("kind") == "svd" ? ["kind", "factors", "epochs"] : ["kind", "neighbors"]
    #expect(
      throws: JSONError(
        file: "params.json", line: 3, column: 2,
        message: "model: unknown field 'neighbours' (expected one of 'epochs', 'factors', 'kind')")
    ) {
      try r.finishing(allowed: allowed)
    }
    #expect(
      throws: JSONError(
        file: "params.json", line: 3, column: 2,
        message: "model: unknown field 'neighbours' (did you mean 'neighbors'?)")
    ) {
      try r.finishing(allowed: ["kind", "factors", "neighbors"])
    }
    #expect(throws: Never.self) { try r.finishing(allowed: ["neighbours", "factors", "kind"]) }
  }

  @Test func validatorErrors() throws {
    let doc = try JSONDocument(parsing: "{\n  \"seed\": -1,\n  \"x\": 0\n}", file: "params.json")
    let r = try doc.rootObject(context: "split", allowed: nil)
    #expect(
      r.error(atValueOf: "seed", "must be at least 0").description
        == "params.json:2:11: error: split: field 'seed': must be at least 0")
    #expect(
      r.error(atKey: "x", "is unused").description == "params.json:3:3: error: split: is unused")
    #expect(r.error("empty section").description == "params.json:1:1: error: split: empty section")
    #expect(
      r.error(atKey: "gone", "is missing").description
        == "params.json:1:1: error: split: is missing")
    #expect(
      JSONError(file: "pipeline.json", "cannot read: no such file").description
        == "pipeline.json: error: cannot read: no such file")
    #expect(JSONError(file: "pipeline.json", "x").location == nil)
  }
}
