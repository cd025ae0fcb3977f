#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Basics

extension RatingScanner {
  /// `scan` over the file at `path`, read in segments of about `segmentBytes` that end
  /// at line ends, each parsed before the next is read: the bytes of a large file are
  /// never all in memory beside the table (at ML-25M's shape 690 MB of text for a
  /// 500 MB table). The result is that of `scan` on the whole file's bytes.
  ///
  /// - Parameters:
  ///   - bodyStart: given the first segment (whole lines, or the whole file), checks the
  ///     header and returns where the rating lines start; `firstLine` is their number.
  /// - Throws: `RecsysCoreError.cannotRead`, and whatever `bodyStart` throws.
  public func scanFile(
    path: String, segmentBytes: Int = 64 << 20, firstLine: Int = 1, bodyStart: ([UInt8]) throws -> Int = { _ in 0 }
  ) throws -> RatingScanResult {
    let (fd, size) = try FileIO.openFile(atPath: path)
    defer { close(fd) }
    var total = RatingScanResult(
      table: RatingTable(), dataLines: 0, skipped: Array(repeating: 0, count: LineIssue.Kind.allCases.count),
      firstIssue: nil)
    var pending: [UInt8] = []  // read, not parsed yet: ends inside a line unless at the end
    var headerRead = false
    var line = firstLine
    var atEnd = false
    var unread = size  // by the size fstat gave; a file may still grow
    while !atEnd {
      // A short read is the end (one byte past the size, so an exact fit shows it too).
      let want = max(1, min(segmentBytes, unread + 1))
      let chunk = try [UInt8](unsafeUninitializedCapacity: want) { buffer, count throws(RecsysCoreError) in
        do throws(SystemError) {
          count = try Syscall.readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), path: path)
        } catch { throw RecsysCoreError.cannotRead(path: path, reason: error.reason) }
      }
      pending.append(contentsOf: chunk)
      unread = max(0, unread - chunk.count)
      atEnd = chunk.count < want
      // Parse up to the last line end (everything once the file ended).
      let cut = atEnd ? pending.count : (pending.lastIndex(of: 10).map { $0 + 1 } ?? 0)
      if cut == 0 && (!atEnd || headerRead) { continue }
      let segment = Array(pending[..<cut])
      pending.removeSubrange(..<cut)
      let start = headerRead ? 0 : try bodyStart(segment)
      headerRead = true
      let part = scan(segment, from: start, firstLine: line)
      if total.table.isEmpty {
        // Room for the whole file at this segment's rows per byte, so the columns are
        // not copied as they grow (pages are only touched as rows arrive).
        let estimate = Double(part.table.count) / Double(max(1, cut - start)) * Double(size)
        total.table.reserveCapacity(Int(estimate * 1.05) + 1024)
      }
      total.table.append(contentsOf: part.table)
      total.dataLines += part.dataLines
      for k in total.skipped.indices { total.skipped[k] += part.skipped[k] }
      if total.firstIssue == nil, let issue = part.firstIssue {
        total.firstIssue = issue
        if stopAtFirstIssue { break }
      }
      line += segment.withUnsafeBufferPointer { RatingScanner.countNewlines($0, from: start) }
    }
    return total
  }
}
