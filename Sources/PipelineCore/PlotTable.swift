import Basics
import StrictJSON

/// The rows of one plot data file: named columns of numbers, text or nothing.
///
/// Read from a JSON array of records, a JSON object of arrays (columns), a JSON
/// object of records (`metrics.json`'s `ranking`: one row per member, its key in the
/// column `name`), a JSON object of numbers (`name`, `value`), CSV or TSV with a header.
public struct PlotTable: Equatable, Sendable {
  public enum Cell: Equatable, Sendable {
    case number(Double)
    case text(String)
    case missing
  }

  public var fields: [String]
  /// One array per field, all of the same length.
  public var columns: [[Cell]]

  public var rowCount: Int { columns.first?.count ?? 0 }

  public func column(_ field: String) -> [Cell]? {
    fields.firstIndex(where: { $0.utf8.elementsEqual(field.utf8) }).map { columns[$0] }
  }

  /// Why a file could not be read as a table (the caller adds the location).
  public struct Problem: Error, Equatable {
    public var message: String
  }

  /// Parses `bytes` by the file's extension; `key` selects a dotted path inside JSON.
  public static func parse(_ bytes: [UInt8], file: String, key: String?) throws(Problem)
    -> PlotTable
  {
    let lower = file.lowercased()
    if lower.hasSuffix(".csv") {
      return try delimited(bytes, separator: UInt8(ascii: ","), file: file)
    }
    if lower.hasSuffix(".tsv") {
      return try delimited(bytes, separator: UInt8(ascii: "\t"), file: file)
    }
    guard lower.hasSuffix(".json") else {
      throw Problem(message: "'\(file)' is not .json, .csv or .tsv; plot data must be one of those")
    }
    let document: JSON
    do { document = try JSONParser.parse(bytes, file: file) } catch {
      throw Problem(message: "'\(file)' is not valid JSON: \(error.description)")
    }
    var value = document
    if let key {
      for part in key.split(separator: ".", omittingEmptySubsequences: false) {
        guard let members = value.members else {
          throw Problem(
            message:
              "'\(file)' has no '\(key)': '\(part)' is inside \(value.kindName), not an object")
        }
        guard let next = members.last(where: { $0.key.utf8.elementsEqual(part.utf8) })?.value else {
          let known = members.map(\.key)
          throw Problem(
            message:
              "'\(file)' has no key '\(key)'\(Spelling.didYouMean(String(part), among: known)); keys here: \(known.joined(separator: ", "))"
          )
        }
        value = next
      }
    } else if let members = value.members, members.count == 1,
      members[0].value.arrayValue != nil
        || members[0].value.members?.allSatisfy({
          $0.value.members != nil || $0.value.arrayValue != nil
        }) == true
    {
      // `{"epochs": [...]}`: the only member is the table.
      value = members[0].value
    }
    return try table(value, file: file, key: key)
  }

  private static func cell(_ v: JSON) -> Cell? {
    switch v {
    case .number(let d): return .number(d)
    case .string(let s): return .text(s)
    case .null: return .missing
    case .bool(let b): return .text(b ? "true" : "false")
    case .array, .object: return nil
    }
  }

  private static func table(_ value: JSON, file: String, key: String?) throws(Problem) -> PlotTable
  {
    let place = key.map { "'\(file)' at '\($0)'" } ?? "'\(file)'"
    func records(_ rows: [(name: String?, members: [JSON.Member])]) throws(Problem) -> PlotTable {
      var fields: [String] = rows.contains { $0.name != nil } ? ["name"] : []
      for row in rows {
        for m in row.members where !fields.contains(m.key) { fields.append(m.key) }
      }
      var columns = [[Cell]](repeating: [], count: fields.count)
      for (r, row) in rows.enumerated() {
        for (f, field) in fields.enumerated() {
          if field == "name", let name = row.name {
            columns[f].append(.text(name))
            continue
          }
          guard let v = row.members.last(where: { $0.key == field })?.value else {
            columns[f].append(.missing)
            continue
          }
          guard let c = cell(v) else {
            throw Problem(
              message:
                "\(place): row \(r + 1), field '\(field)' is \(v.kindName); plot fields hold numbers or text"
            )
          }
          columns[f].append(c)
        }
      }
      return PlotTable(fields: fields, columns: columns)
    }
    switch value {
    case .array(let items):
      var rows: [(name: String?, members: [JSON.Member])] = []
      for (i, item) in items.enumerated() {
        guard let members = item.members else {
          throw Problem(
            message:
              "\(place): item \(i + 1) is \(item.kindName); expected an array of objects (records)")
        }
        rows.append((nil, members))
      }
      return try records(rows)
    case .object(let members)
    where !members.isEmpty && members.allSatisfy({ $0.value.arrayValue != nil }):
      var fields: [String] = []
      var columns: [[Cell]] = []
      for m in members {
        var column: [Cell] = []
        for (i, v) in m.value.arrayValue!.enumerated() {
          guard let c = cell(v) else {
            throw Problem(
              message: "\(place): '\(m.key)'[\(i)] is \(v.kindName); columns hold numbers or text")
          }
          column.append(c)
        }
        if let first = columns.first, first.count != column.count {
          throw Problem(
            message:
              "\(place): column '\(m.key)' has \(column.count) values, '\(fields[0])' has \(first.count)"
          )
        }
        fields.append(m.key)
        columns.append(column)
      }
      return PlotTable(fields: fields, columns: columns)
    case .object(let members)
    where !members.isEmpty && members.allSatisfy({ $0.value.members != nil }):
      return try records(members.map { (name: $0.key, members: $0.value.members!) })
    case .object(let members)
    where !members.isEmpty && members.allSatisfy({ cell($0.value) != nil }):
      return PlotTable(
        fields: ["name", "value"],
        columns: [members.map { .text($0.key) }, members.map { cell($0.value)! }])
    case .object(let members) where !members.isEmpty:
      throw Problem(
        message:
          "\(place) mixes kinds of values; name the table with 'key' (keys here: \(members.map(\.key).joined(separator: ", ")))"
      )
    default:
      throw Problem(
        message: "\(place) holds \(value.kindName) with no rows; expected records or columns")
    }
  }

  /// CSV (RFC 4180 quoting) or TSV with a header line. Numbers are parsed straight
  /// from the bytes (a million fields a second matter for big curves).
  static func delimited(_ bytes: [UInt8], separator: UInt8, file: String) throws(Problem)
    -> PlotTable
  {
    var header: [String]?
    var columns: [[Cell]] = []
    var row: [Cell] = []
    var names: [String] = []
    var field: [UInt8] = []
    field.reserveCapacity(64)
    var quoted = false
    var wasQuoted = false
    var sawAny = false
    var line = 1
    var i = 0

    func endField() {
      var lo = 0
      var hi = field.count
      while lo < hi && field[lo] == 0x20 { lo += 1 }
      while hi > lo && field[hi - 1] == 0x20 { hi -= 1 }
      if header == nil {
        names.append(String(decoding: field[lo..<hi], as: UTF8.self))
      } else if lo == hi && !wasQuoted {
        row.append(.missing)
      } else if let d = number(field, lo, hi) {
        row.append(.number(d))
      } else {
        row.append(.text(String(decoding: field, as: UTF8.self)))
      }
      field.removeAll(keepingCapacity: true)
      wasQuoted = false
    }
    func endRow() throws(Problem) {
      if header == nil {
        header = names
        columns = [[Cell]](repeating: [], count: names.count)
        return
      }
      guard row.count == columns.count else {
        throw Problem(
          message:
            "'\(file)': line \(line) has \(row.count) fields, the header has \(columns.count)")
      }
      for (f, c) in row.enumerated() { columns[f].append(c) }
      row.removeAll(keepingCapacity: true)
    }
    while i < bytes.count {
      let b = bytes[i]
      if quoted {
        if b == UInt8(ascii: "\"") {
          if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
            field.append(b)
            i += 2
            continue
          }
          quoted = false
        } else {
          if b == 0x0A { line += 1 }
          field.append(b)
        }
        i += 1
        continue
      }
      switch b {
      case UInt8(ascii: "\"") where field.isEmpty && separator == UInt8(ascii: ","):
        quoted = true
        wasQuoted = true
        sawAny = true
      case separator:
        endField()
        sawAny = true
      case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
        break
      case 0x0A:
        if sawAny || !field.isEmpty {
          endField()
          try endRow()
        }
        sawAny = false
        line += 1
      default:
        field.append(b)
        sawAny = true
      }
      i += 1
    }
    if quoted {
      throw Problem(message: "'\(file)': a quoted field opened before line \(line) is never closed")
    }
    if sawAny || !field.isEmpty {
      endField()
      try endRow()
    }
    guard let header else {
      throw Problem(message: "'\(file)' is empty; expected a header line and rows")
    }
    return PlotTable(fields: header, columns: columns)
  }

  /// The finite number spelled by `bytes[lo..<hi]` in decimal (optional sign,
  /// digits, point, exponent), or nil.
  static func number(_ bytes: [UInt8], _ lo: Int, _ hi: Int) -> Double? {
    guard hi > lo, hi - lo < 64 else { return nil }
    var k = lo
    if bytes[k] == UInt8(ascii: "-") || bytes[k] == UInt8(ascii: "+") { k += 1 }
    var digits = 0
    while k < hi, bytes[k] >= 0x30, bytes[k] <= 0x39 {
      k += 1
      digits += 1
    }
    if k < hi, bytes[k] == UInt8(ascii: ".") {
      k += 1
      while k < hi, bytes[k] >= 0x30, bytes[k] <= 0x39 {
        k += 1
        digits += 1
      }
    }
    guard digits > 0 else { return nil }
    if k < hi, bytes[k] == UInt8(ascii: "e") || bytes[k] == UInt8(ascii: "E") {
      k += 1
      if k < hi, bytes[k] == UInt8(ascii: "-") || bytes[k] == UInt8(ascii: "+") { k += 1 }
      var exponent = 0
      while k < hi, bytes[k] >= 0x30, bytes[k] <= 0x39 {
        k += 1
        exponent += 1
      }
      guard exponent > 0 else { return nil }
    }
    guard k == hi else { return nil }
    // The syntax is checked; the conversion is the standard library's, correctly rounded.
    let text = String(decoding: bytes[lo..<hi], as: UTF8.self)
    guard let d = Double(text), d.isFinite else { return nil }
    return d
  }
}
