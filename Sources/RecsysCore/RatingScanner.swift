/// A byte-level reader for rating lines of the form `user SEP item SEP rating SEP timestamp`.
///
/// One scanner serves the normalized `ratings.csv` and all MovieLens rating files
/// (`u.data` with tabs, `ratings.dat` with `::`, `ratings.csv` with commas). The fast
/// path parses digits straight from the bytes; only a line that fails it is looked at
/// again, field by field, to say what is wrong with it.
public struct RatingScanner: Sendable {
  /// The field separator of a rating file.
  public enum Separator: Sendable, Equatable {
    case comma
    case tab
    case doubleColon

    /// How messages name the separator.
    public var displayName: String {
      switch self {
      case .comma: return "','"
      case .tab: return "tabs"
      case .doubleColon: return "'::'"
      }
    }
  }

  public var separator: Separator
  /// Which rating values are allowed; others are `ratingNotAllowed` issues.
  public var rule: RatingRule
  /// When set, a rating of a movie id outside this index is an `unknownMovie` issue.
  public var knownItems: IdIndex?
  /// How `unknownMovie` messages name the movies file (for example `movies.dat`).
  public var knownItemsSource: String
  /// Stop at the first malformed line (strict readers) instead of skipping it.
  public var stopAtFirstIssue: Bool

  static let fieldNames = ["userId", "movieId", "rating", "timestamp"]

  public init(
    separator: Separator, rule: RatingRule = .anyFinite, knownItems: IdIndex? = nil,
    knownItemsSource: String = "the movies file", stopAtFirstIssue: Bool = true
  ) {
    self.separator = separator
    self.rule = rule
    self.knownItems = knownItems
    self.knownItemsSource = knownItemsSource
    self.stopAtFirstIssue = stopAtFirstIssue
  }

  /// Reads the rating lines of `bytes` from `offset` on; `firstLine` is the line number
  /// of the line at `offset`. Blank lines are skipped silently; a missing newline at the
  /// end of the file is fine.
  ///
  /// Large inputs are read in fixed blocks of about `chunkBytes` bytes, each ending at a
  /// line end, side by side when `parallel`; the blocks' rows and counts are joined in
  /// file order, so the result is the same for any block size and thread count.
  ///
  /// - Complexity: O(bytes), about one pass for counting lines and one for parsing.
  public func scan(
    _ bytes: [UInt8], from offset: Int = 0, firstLine: Int = 1, chunkBytes: Int = 1 << 22,
    parallel: Bool = true
  ) -> RatingScanResult {
    let bounds = RatingScanner.chunkBounds(bytes, from: offset, chunkBytes: chunkBytes)
    if bounds.count <= 2 {
      return bytes.withUnsafeBufferPointer { scan(buffer: $0, from: offset, firstLine: firstLine) }
    }
    let scanner = self
    // Each block numbers its lines from 0; the real numbers are fixed up below.
    var parts = ChunkedWork.run(count: bounds.count - 1, chunkSize: 1, parallel: parallel) { chunks in
      let c = chunks.lowerBound
      return bytes.withUnsafeBufferPointer { b in
        let block = UnsafeBufferPointer(rebasing: b[bounds[c]..<bounds[c + 1]])
        return (scanner.scan(buffer: block, from: 0, firstLine: 0), RatingScanner.countNewlines(block, from: 0))
      }
    }
    var table = RatingTable()
    table.reserveCapacity(parts.reduce(0) { $0 + $1.0.table.count })
    var skipped = [Int](repeating: 0, count: LineIssue.Kind.allCases.count)
    var firstIssue: LineIssue?
    var dataLines = 0
    var line = firstLine
    for i in parts.indices {
      let (part, newlines) = parts[i]
      table.append(contentsOf: part.table)
      // Free each block once copied: the blocks and the table are never all resident.
      parts[i].0.table = RatingTable()
      dataLines += part.dataLines
      for k in skipped.indices { skipped[k] += part.skipped[k] }
      if firstIssue == nil, var issue = part.firstIssue {
        issue.line += line
        firstIssue = issue
        if stopAtFirstIssue { break }
      }
      line += newlines
    }
    return RatingScanResult(table: table, dataLines: dataLines, skipped: skipped, firstIssue: firstIssue)
  }

  /// Block boundaries for `scan`: `offset`, then every `chunkBytes` moved past the next
  /// `\n`, then `bytes.count`. They depend only on the bytes and `chunkBytes`.
  static func chunkBounds(_ bytes: [UInt8], from offset: Int, chunkBytes: Int) -> [Int] {
    let n = bytes.count
    var bounds = [min(offset, n)]
    let step = max(1, chunkBytes)
    // Saturating: `chunkBytes` may be `Int.max` (one block).
    func after(_ p: Int) -> Int {
      let (sum, overflow) = p.addingReportingOverflow(step)
      return overflow ? n : sum
    }
    var next = after(offset)
    while next < n {
      var p = next
      while p < n && bytes[p] != 10 { p += 1 }
      if p + 1 >= n { break }
      bounds.append(p + 1)
      next = after(p + 1)
    }
    bounds.append(n)
    return bounds
  }

  private func scan(buffer b: UnsafeBufferPointer<UInt8>, from offset: Int, firstLine: Int)
    -> RatingScanResult
  {
    let n = b.count
    let newlines = RatingScanner.countNewlines(b, from: offset)
    var table = RatingTable()
    table.reserveCapacity(newlines + 1)
    var skipped = [Int](repeating: 0, count: LineIssue.Kind.allCases.count)
    var firstIssue: LineIssue?
    var dataLines = 0
    var line = firstLine
    var pos = offset
    let s0: UInt8
    let s1: UInt8
    let twoByte: Bool
    switch separator {
    case .comma: (s0, s1, twoByte) = (44, 0, false)
    case .tab: (s0, s1, twoByte) = (9, 0, false)
    case .doubleColon: (s0, s1, twoByte) = (58, 58, true)
    }
    let checkRule = rule != .anyFinite
    let rule = self.rule
    let known = knownItems

    @inline(__always) func separatorAt(_ p: inout Int) -> Bool {
      if p < n && b[p] == s0 {
        if !twoByte {
          p &+= 1
          return true
        }
        if p + 1 < n && b[p + 1] == s1 {
          p &+= 2
          return true
        }
      }
      return false
    }

    while pos < n {
      let c = b[pos]
      if c == 10 {
        pos += 1
        line += 1
        continue
      }
      if c == 13 && (pos + 1 == n || b[pos + 1] == 10) {
        pos += min(2, n - pos)
        line += 1
        continue
      }
      dataLines += 1
      var p = pos
      var user: Int64 = 0
      var item: Int64 = 0
      var stamp: Int64 = 0
      var rating: Double = 0
      var ok =
        RatingScanner.parseInteger(b, &p, &user) && separatorAt(&p)
        && RatingScanner.parseInteger(b, &p, &item) && separatorAt(&p)
        && RatingScanner.parseDecimal(b, &p, &rating) && separatorAt(&p)
        && RatingScanner.parseInteger(b, &p, &stamp)
      if ok {
        if p == n {
        } else if b[p] == 10 {
          p += 1
        } else if b[p] == 13 && (p + 1 == n || b[p + 1] == 10) {
          p += min(2, n - p)
        } else {
          ok = false
        }
      }
      if ok && user >= Int64(Int32.min) && user <= Int64(Int32.max) && item >= Int64(Int32.min)
        && item <= Int64(Int32.max)
      {
        let r = Float(rating)
        if r.isFinite && (!checkRule || rule.allows(r))
          && (known == nil || known!.contains(Int32(truncatingIfNeeded: item)))
        {
          table.append(
            user: Int32(truncatingIfNeeded: user), item: Int32(truncatingIfNeeded: item), rating: r,
            timestamp: stamp)
          pos = p
          line += 1
          continue
        }
      }
      var end = pos
      while end < n && b[end] != 10 { end += 1 }
      let issue = diagnose(b, pos, end, atEndOfFile: end == n, line: line)
      skipped[LineIssue.Kind.allCases.firstIndex(of: issue.kind)!] += 1
      if firstIssue == nil { firstIssue = issue }
      if stopAtFirstIssue { break }
      pos = end < n ? end + 1 : n
      line += 1
    }
    return RatingScanResult(
      table: table, dataLines: dataLines, skipped: skipped, firstIssue: firstIssue)
  }

  /// The number of `\n` bytes in `b[offset...]`, eight bytes at a time: exact SWAR
  /// zero-byte detection on `word ^ 0x0A0A...` (the byte loop cost 15% of a read).
  static func countNewlines(_ b: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int {
    let n = b.count
    guard offset < n, let base = b.baseAddress else { return 0 }
    let raw = UnsafeRawPointer(base)
    let ones: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    var count = 0
    var i = offset
    while i + 8 <= n {
      let t = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ ones
      let y = ~(((t & low7) &+ low7) | t | low7)
      count &+= y.nonzeroBitCount
      i &+= 8
    }
    while i < n {
      if b[i] == 10 { count &+= 1 }
      i &+= 1
    }
    return count
  }

  /// Says why the line `b[start..<end]` failed the fast path, checking fields in order.
  private func diagnose(
    _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ lineEnd: Int, atEndOfFile: Bool, line: Int
  ) -> LineIssue {
    var end = lineEnd
    if end > start && b[end - 1] == 13 { end -= 1 }
    let bytes = Array(b[start..<end])
    let sep: [UInt8]
    switch separator {
    case .comma: sep = [44]
    case .tab: sep = [9]
    case .doubleColon: sep = [58, 58]
    }
    let fields = RatingScanner.split(bytes, by: sep)
    if fields.count != 4 {
      var reason = "expected 4 fields separated by \(separator.displayName), found \(fields.count)"
      if atEndOfFile && fields.count < 4 {
        reason += " (the file ends inside this line: truncated?)"
      }
      return LineIssue(line: line, kind: .fieldCount, reason: reason)
    }
    var values = [Int64](repeating: 0, count: 4)
    var rating: Double = 0
    for (k, field) in fields.enumerated() {
      let parsed: Bool = field.withUnsafeBufferPointer { fb in
        var p = 0
        if k == 2 {
          return RatingScanner.parseDecimal(fb, &p, &rating) && p == fb.count
        }
        return RatingScanner.parseInteger(fb, &p, &values[k]) && p == fb.count
      }
      let name = RatingScanner.fieldNames[k]
      let text = RatingScanner.quoted(field)
      if !parsed {
        let what = k == 2 ? "a number" : "an integer"
        return LineIssue(line: line, kind: .badNumber, reason: "\(name) \(text) is not \(what)")
      }
      if k < 2 && (values[k] < Int64(Int32.min) || values[k] > Int64(Int32.max)) {
        return LineIssue(line: line, kind: .badNumber, reason: "\(name) \(text) is out of range")
      }
    }
    let r = Float(rating)
    if !rule.allows(r) || !r.isFinite {
      var text: [UInt8] = []
      text.appendRating(r)
      return LineIssue(
        line: line, kind: .ratingNotAllowed,
        reason:
          "rating \(String(decoding: text, as: UTF8.self)) is not allowed (expected \(rule.allowedText))"
      )
    }
    if let known = knownItems, !known.contains(Int32(values[1])) {
      return LineIssue(
        line: line, kind: .unknownMovie,
        reason: "movie id \(values[1]) is not in \(knownItemsSource)")
    }
    return LineIssue(line: line, kind: .badText, reason: "line could not be read as a rating")
  }

  /// Parses `-?[0-9]{1,18}` at `p`, leaving `p` after the digits.
  @inline(__always)
  static func parseInteger(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ value: inout Int64)
    -> Bool
  {
    let n = b.count
    var q = p
    var negative = false
    if q < n && b[q] == 45 {
      negative = true
      q &+= 1
    }
    let digitsStart = q
    var v: Int64 = 0
    while q < n {
      let d = b[q] &- 48
      if d > 9 { break }
      v = v &* 10 &+ Int64(d)
      q &+= 1
    }
    let digits = q - digitsStart
    if digits == 0 || digits > 18 { return false }
    value = negative ? -v : v
    p = q
    return true
  }

  /// Parses `-?[0-9]+(\.[0-9]+)?` (at most 18 digits on either side) at `p`.
  @inline(__always)
  static func parseDecimal(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ value: inout Double)
    -> Bool
  {
    let n = b.count
    var q = p
    var whole: Int64 = 0
    if !parseInteger(b, &q, &whole) { return false }
    let negative = b[p] == 45
    var result = Double(whole.magnitude)
    if q < n && b[q] == 46 {
      q &+= 1
      let fractionStart = q
      var fraction: Int64 = 0
      var scale: Double = 1
      while q < n {
        let d = b[q] &- 48
        if d > 9 { break }
        fraction = fraction &* 10 &+ Int64(d)
        scale *= 10
        q &+= 1
      }
      let digits = q - fractionStart
      if digits == 0 || digits > 18 { return false }
      result += Double(fraction) / scale
    }
    value = negative ? -result : result
    p = q
    return true
  }

  static func split(_ bytes: [UInt8], by sep: [UInt8]) -> [[UInt8]] {
    var fields: [[UInt8]] = []
    var current: [UInt8] = []
    var i = 0
    while i < bytes.count {
      if bytes[i] == sep[0] && (sep.count == 1 || (i + 1 < bytes.count && bytes[i + 1] == sep[1])) {
        fields.append(current)
        current = []
        i += sep.count
      } else {
        current.append(bytes[i])
        i += 1
      }
    }
    fields.append(current)
    return fields
  }

  /// A field quoted for a message, cut to 40 bytes, invalid UTF-8 replaced.
  static func quoted(_ field: [UInt8]) -> String {
    let cut = field.count > 40 ? Array(field[0..<40]) : field
    return "'" + String(decoding: cut, as: UTF8.self) + (field.count > 40 ? "..." : "") + "'"
  }
}
