import StrictJSON

/// Renders flattened metrics (`ranking.mf.ndcg = 0.04`) as small tables: keys that
/// share a prefix become a row, their last parts the columns, and neighbouring rows
/// with the same columns share one table, so 40 numbers read like a report.
enum MetricsTable {
  static func render(_ files: [JSON.Member]) -> [String] {
    var lines: [String] = []
    for file in files {
      let members = file.value.members ?? []
      guard !members.isEmpty else { continue }
      if !lines.isEmpty { lines.append("") }
      lines.append(file.key)
      // Rows: (prefix, [(column, value)]) in key order.
      var rows: [(prefix: String, cells: [(String, String)])] = []
      for m in members {
        let (prefix, leaf) = split(m.key)
        let cell = (leaf, m.value.compactText())
        if let last = rows.last, last.prefix == prefix {
          rows[rows.count - 1].cells.append(cell)
        } else {
          rows.append((prefix, [cell]))
        }
      }
      // Tables: runs of rows with the same columns and the same parent.
      var start = 0
      while start < rows.count {
        if rows[start].prefix.isEmpty {
          // Top-level numbers: one `name  value` line each.
          lines += PipelineCommand.table(rows[start].cells.map { ["  " + $0.0, $0.1] })
          start += 1
          continue
        }
        let columns = rows[start].cells.map(\.0)
        let parent = split(rows[start].prefix).0
        var end = start + 1
        while end < rows.count, rows[end].cells.map(\.0) == columns, split(rows[end].prefix).0 == parent { end += 1 }
        var table = [["  " + parent] + columns]
        for row in rows[start..<end] {
          let label = parent.isEmpty ? row.prefix : String(row.prefix.dropFirst(parent.count + 1))
          table.append(["    " + label] + row.cells.map(\.1))
        }
        lines += PipelineCommand.table(table)
        start = end
      }
    }
    return lines
  }

  /// `a.b.c` -> (`a.b`, `c`); `c` -> (``, `c`).
  private static func split(_ key: String) -> (String, String) {
    guard let dot = key.lastIndex(of: ".") else { return ("", key) }
    return (String(key[..<dot]), String(key[key.index(after: dot)...]))
  }
}
