#if canImport(Glibc)
  import Glibc
#endif

/// A `userId,movieId,rating,timestamp` CSV (with header) read into parallel arrays.
struct RatingsFile {
  var users: [Int64] = []
  var items: [Int64] = []
  var ratings: [Float] = []

  static func readBytes(_ path: String) throws(BenchError) -> [UInt8] {
    guard let f = fopen(path, "rb") else { throw .io("cannot open '\(path)'") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
      if n <= 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
  }

  static func load(_ path: String) throws(BenchError) -> RatingsFile {
    let bytes = try readBytes(path)
    var file = RatingsFile()
    var line = 1
    var pos = 0
    let n = bytes.count
    // Skip the header line.
    while pos < n && bytes[pos] != 10 { pos += 1 }
    pos += 1
    while pos < n {
      line += 1
      if bytes[pos] == 10 || bytes[pos] == 13 {
        pos += 1
        continue
      }
      var fields: [Int] = [pos]
      var end = pos
      while end < n && bytes[end] != 10 {
        if bytes[end] == 44 { fields.append(end + 1) }
        end += 1
      }
      guard fields.count >= 3 else { throw .io("\(path):\(line): expected 4 fields") }
      func integer(_ start: Int) throws(BenchError) -> Int64 {
        var v: Int64 = 0
        var k = start
        var any = false
        while k < end && bytes[k] >= 48 && bytes[k] <= 57 {
          v = v * 10 + Int64(bytes[k] - 48)
          k += 1
          any = true
        }
        guard any else { throw .io("\(path):\(line): bad integer") }
        return v
      }
      file.users.append(try integer(fields[0]))
      file.items.append(try integer(fields[1]))
      var k = fields[2]
      var text = ""
      while k < end && bytes[k] != 44 && bytes[k] != 13 {
        text.append(Character(UnicodeScalar(bytes[k])))
        k += 1
      }
      guard let r = Float(text) else { throw .io("\(path):\(line): bad rating '\(text)'") }
      file.ratings.append(r)
      pos = end + 1
    }
    return file
  }
}
