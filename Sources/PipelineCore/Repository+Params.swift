import Basics
import StrictJSON

/// A change to `params.json` asked for with `-S key=value`: checked, not yet written.
public struct ParamsEdit: Sendable {
  /// The settings as applied, in the order given (the run record keeps them).
  public var settings: [JSON.Member]
  /// The params after the change.
  public var params: JSON
  /// The new file: the old bytes with only the changed values rewritten.
  public var text: String
  /// The file as it was.
  public var original: String
}

extension Repository {
  /// Checks `key=value` settings (`-S`) against `params.json` and works out the new
  /// file, writing nothing.
  ///
  /// A value is read as JSON when it parses as JSON (`128`, `0.5`, `true`, `null`,
  /// `"quoted"`, `[1, 2]`), else as a plain string (`ml-1m`), and must fit the value
  /// it replaces: a number stays a number (an integer an integer), a boolean a
  /// boolean, a list a list; a string param takes the text as it is (a quoted
  /// JSON string is unquoted). A section cannot be replaced, and a key must exist.
  /// The new file keeps every byte of the old one except the changed values, and
  /// the pipeline must still load with the new params.
  ///
  /// - Throws: `.usage` for a malformed or unknown setting (exit 64), `.invalid`
  ///   at the value in `params.json` for a type mismatch or a section (exit 2), and
  ///   whatever `Pipeline.load` finds with the new values.
  public func planParams(_ settings: [String]) throws(PipelineError) -> ParamsEdit {
    let name = "params.json"
    guard FileSystem.exists(root + "/" + name) else {
      throw .usage("-S needs a params.json to change; there is none in '\(root)'")
    }
    let bytes = try FileSystem.read(root + "/" + name)
    let document: JSONNode
    do {
      document = try JSONParser.parseDocument(bytes, file: name).root
    } catch {
      throw PipelineError(error)
    }
    var edits: [(start: Int, end: Int, key: String, value: JSON)] = []
    var applied: [JSON.Member] = []
    for setting in settings {
      guard let eq = setting.firstIndex(of: "="), eq != setting.startIndex else {
        throw .usage("-S takes key=value, not '\(setting)'")
      }
      let key = String(setting[..<eq])
      let text = String(setting[setting.index(after: eq)...])
      guard let node = Self.node(at: key, in: document) else {
        let known = Params.leaves(document.json, prefix: "").map(\.0)
        throw .usage("-S \(key): no such key in params.json\(Spelling.didYouMean(key, among: known))")
      }
      let start = ParamsText.offset(of: node.location, in: bytes)
      let end = ParamsText.valueEnd(bytes, from: start)
      let old = String(decoding: bytes[start..<end], as: UTF8.self)
      let value = try Self.typed(text, key: key, replacing: node, oldText: old)
      edits.removeAll { $0.key == key }
      edits.append((start, end, key, value))
      applied.append(JSON.Member(key, value))
    }
    var result = bytes
    for edit in edits.sorted(by: { $0.start > $1.start }) {
      result.replaceSubrange(edit.start..<edit.end, with: Array(edit.value.compactText().utf8))
    }
    let params: JSON
    do {
      params = try JSONParser.parse(result, file: name)
    } catch {
      throw .invalidPipeline("internal error: -S produced invalid params.json (\(error)); the file was not changed")
    }
    for edit in edits where Params.value(edit.key, in: params) != edit.value {
      throw .invalidPipeline("internal error: -S \(edit.key) did not take; params.json was not changed")
    }
    // Everything the new values feed (`${}` in commands and paths) must still load.
    _ = try Pipeline.load(root: root, params: params)
    return ParamsEdit(
      settings: applied, params: params, text: String(decoding: result, as: UTF8.self),
      original: String(decoding: bytes, as: UTF8.self))
  }

  /// Writes a planned edit atomically (nothing when the bytes are the same).
  public func writeParams(_ edit: ParamsEdit) throws(PipelineError) {
    guard edit.text != edit.original else { return }
    try FileSystem.writeAtomically(edit.text, to: root + "/params.json")
  }

  private static func node(at key: String, in document: JSONNode) -> JSONNode? {
    var current = document
    for part in key.split(separator: ".", omittingEmptySubsequences: false) {
      guard let next = current[String(part)] else { return nil }
      current = next
    }
    return current
  }

  /// The value `text` stands for where it replaces `node` (whose source is `oldText`).
  private static func typed(_ text: String, key: String, replacing node: JSONNode, oldText: String)
    throws(PipelineError) -> JSON
  {
    let parsed = try? JSONParser.parse(Array(text.utf8), file: "-S")
    func refuse(_ why: String) -> PipelineError {
      .invalid(
        file: "params.json", line: node.location.line, column: node.location.column,
        message: "-S \(key)=\(text): \(why); params.json was not changed")
    }
    switch node.value {
    case .object(let fields):
      let example = fields.first.map { " (e.g. -S \(key).\($0.key)=...)" } ?? ""
      throw refuse("'\(key)' is a section of params.json, not a value; set one of its keys\(example)")
    case .string:
      if case .string(let s)? = parsed { return .string(s) }
      return .string(text)
    case .number:
      let wasInteger = !oldText.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
      guard case .number(let d)? = parsed else {
        throw refuse("'\(key)' is \(wasInteger ? "an integer" : "a number") (\(oldText)), and '\(text)' is not one")
      }
      if wasInteger && (text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) || d != d.rounded()) {
        throw refuse("'\(key)' is an integer (\(oldText)), and '\(text)' is not one")
      }
      return .number(d)
    case .bool:
      guard case .bool(let b)? = parsed else {
        throw refuse("'\(key)' is true or false (\(oldText)), and '\(text)' is neither")
      }
      return .bool(b)
    case .array:
      guard case .array(let items)? = parsed else {
        throw refuse("'\(key)' is a list (\(oldText)); write one in JSON, e.g. -S '\(key)=[1, 2]'")
      }
      return .array(items)
    case .null:
      guard let parsed else { return .string(text) }
      if case .object = parsed { throw refuse("a section cannot be set with -S") }
      return parsed
    }
  }
}

/// Byte positions in a JSON text, to rewrite one value and leave the rest alone.
enum ParamsText {
  /// The byte offset of a location (line and column in Unicode scalars, 1-based).
  static func offset(of location: JSONLocation, in bytes: [UInt8]) -> Int {
    var i = 0
    var line = 1
    while line < location.line, i < bytes.count {
      if bytes[i] == UInt8(ascii: "\n") { line += 1 }
      i += 1
    }
    var column = 1
    while column < location.column, i < bytes.count {
      i += 1
      // Continuation bytes belong to the scalar already counted.
      while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
      column += 1
    }
    return i
  }

  /// Where the JSON value starting at `start` ends (one past its last byte).
  /// The text has been parsed already, so it is well formed.
  static func valueEnd(_ bytes: [UInt8], from start: Int) -> Int {
    guard start < bytes.count else { return start }
    var i = start
    var depth = 0
    repeat {
      let c = bytes[i]
      if c == UInt8(ascii: "\"") {
        i += 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
        i += 1
      } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
        depth += 1
        i += 1
      } else if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
        depth -= 1
        i += 1
      } else if depth == 0 {
        // A number or literal: up to the next delimiter.
        while i < bytes.count, !isDelimiter(bytes[i]) { i += 1 }
      } else {
        i += 1
      }
    } while depth > 0 && i < bytes.count
    return min(i, bytes.count)
  }

  private static func isDelimiter(_ c: UInt8) -> Bool {
    c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == UInt8(ascii: " ")
      || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\t")
  }
}
