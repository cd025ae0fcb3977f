/// The read-only structure behind `Neighbours(cosineOf:)`.
///
/// A plain inverted index costs `sum over terms of df²` multiply-adds, and a handful of
/// terms (genre tokens like `genre_drama`, title words like "the") appear in a third
/// of all movies, so they dominate: about 10^9 scattered adds on ML-25M. Those
/// *heavy* terms are handled through groups instead. Row `j` is
/// `x_j = (light part + heavy part) / ‖u_j‖`, where the heavy part depends only on which
/// heavy terms the document has and how often. Documents with the same (term, count)
/// pattern form a group `G` with the fixed vector `v_G` (`count · idf` per term), so
/// their heavy contribution to a query `q` is `(q · v_G) / ‖u_j‖`: one number per group
/// times each member's inverse norm. Members are kept sorted by inverse norm
/// (descending, then index), so a group's best unseen member is its first one and a
/// group stops as soon as a member cannot enter the top K. The result is exact; only
/// the floating-point rounding differs from the plain product (below 1e-6), and
/// sim(i, j) and sim(j, i) may differ in the last bit.
struct SimilarityIndex: Sendable {
  struct RowGroup: Sendable {
    var group: Int32
    var inverseNorm: Float
  }

  let rowCount: Int
  let isHeavy: [Bool]
  /// Postings of light terms only (heavy terms have empty ranges), rows ascending.
  let postingOffsets: [Int]
  let postingRows: [Int32]
  let postingValues: [Float]
  /// The group of each row (-1 when it has no heavy term) and `1 / ‖u_j‖` (0 for an
  /// empty row), side by side because they are read together.
  let rowGroups: [RowGroup]
  let groupCount: Int
  /// Members of each group by inverse norm descending, then index ascending, with
  /// their inverse norms alongside.
  let memberOffsets: [Int]
  let members: [Int32]
  let memberInverseNorms: [Float]
  /// For each heavy term, the groups holding it with the weight `count · idf`.
  let termGroupOffsets: [Int]
  let termGroupIds: [Int32]
  let termGroupWeights: [Float]
  /// The inverse norm of each group's first member: its largest.
  let groupMaxInverseNorm: [Float]

  /// How terms are split between postings and groups.
  struct Plan: Sendable {
    /// Only terms in at least this many rows may go through groups.
    var minimumDocumentFrequency: Int
    /// The most groups to form: every query computes a score and checks a bound for
    /// each group sharing one of its heavy terms.
    var groupBudget: Int

    static func standard(rowCount n: Int) -> Plan {
      Plan(minimumDocumentFrequency: max(64, n / 64), groupBudget: max(64, n / 32))
    }
  }

  /// Picks heavy terms by descending document frequency (then column), adding each as
  /// long as the number of distinct (term, count) patterns stays within the budget.
  /// Groups multiply with every term added, so on data with independent genres the
  /// budget stops the split before queries must visit thousands of groups.
  static func chooseHeavyTerms(_ matrix: TfidfMatrix, plan: Plan) -> [Bool] {
    let n = matrix.rowCount
    let terms = matrix.columnCount
    var documentFrequency = [Int](repeating: 0, count: terms)
    for c in matrix.columns { documentFrequency[Int(c)] += 1 }
    let candidates = (0..<terms)
      .filter { documentFrequency[$0] >= plan.minimumDocumentFrequency }
      .sorted {
        documentFrequency[$0] > documentFrequency[$1]
          || (documentFrequency[$0] == documentFrequency[$1] && $0 < $1)
      }
    var isHeavy = [Bool](repeating: false, count: terms)
    guard !candidates.isEmpty else { return isHeavy }
    var position = [Int](repeating: -1, count: terms)
    for (p, t) in candidates.enumerated() { position[t] = p }
    // Counts of each candidate per row, candidate-major, so a step reads one column.
    var columnOffsets = [Int](repeating: 0, count: candidates.count + 1)
    for c in matrix.columns where position[Int(c)] >= 0 { columnOffsets[position[Int(c)] + 1] += 1 }
    for p in 0..<candidates.count { columnOffsets[p + 1] += columnOffsets[p] }
    var next = columnOffsets
    var columnRows = [Int32](repeating: 0, count: columnOffsets[candidates.count])
    var columnCounts = [Int32](repeating: 0, count: columnOffsets[candidates.count])
    for r in 0..<n {
      for q in Int(matrix.rowOffsets[r])..<Int(matrix.rowOffsets[r + 1]) {
        let p = position[Int(matrix.columns[q])]
        if p < 0 { continue }
        columnRows[next[p]] = Int32(r)
        columnCounts[next[p]] = matrix.termCounts[q]
        next[p] += 1
      }
    }
    var pattern = [Int32](repeating: 0, count: n)
    var countInRow = [Int32](repeating: 0, count: n)
    var refined = [Int32](repeating: 0, count: n)
    for (p, t) in candidates.enumerated() {
      for q in columnOffsets[p]..<columnOffsets[p + 1] {
        countInRow[Int(columnRows[q])] = columnCounts[q]
      }
      var ids: [Int64: Int32] = [:]  // lookup only; ids follow row order
      var fits = true
      for r in 0..<n {
        let key = Int64(pattern[r]) << 32 | Int64(countInRow[r])
        if let id = ids[key] {
          refined[r] = id
        } else {
          if ids.count >= plan.groupBudget + 1 {  // + 1: rows with no heavy term
            fits = false
            break
          }
          let id = Int32(ids.count)
          ids[key] = id
          refined[r] = id
        }
      }
      for q in columnOffsets[p]..<columnOffsets[p + 1] { countInRow[Int(columnRows[q])] = 0 }
      if !fits { break }
      swap(&pattern, &refined)
      isHeavy[t] = true
    }
    return isHeavy
  }

  init(_ matrix: TfidfMatrix, plan: Plan) {
    let n = matrix.rowCount
    let terms = matrix.columnCount
    rowCount = n
    let isHeavy = Self.chooseHeavyTerms(matrix, plan: plan)
    self.isHeavy = isHeavy

    var postingOffsets = [Int](repeating: 0, count: terms + 1)
    for c in matrix.columns where !isHeavy[Int(c)] { postingOffsets[Int(c) + 1] += 1 }
    for t in 0..<terms { postingOffsets[t + 1] += postingOffsets[t] }
    var next = postingOffsets
    var postingRows = [Int32](repeating: 0, count: postingOffsets[terms])
    var postingValues = [Float](repeating: 0, count: postingOffsets[terms])
    var inverseNorms = [Float](repeating: 0, count: n)
    var groupOf = [Int32](repeating: -1, count: n)
    var groupIds: [[Int32]: Int32] = [:]  // lookup only; ids follow first appearance
    var groupKeys: [[Int32]] = []
    var key: [Int32] = []
    for r in 0..<n {
      let norm = matrix.unnormalizedNorm(ofRow: r)
      inverseNorms[r] = norm > 0 ? Float(1 / norm) : 0
      key.removeAll(keepingCapacity: true)
      for p in Int(matrix.rowOffsets[r])..<Int(matrix.rowOffsets[r + 1]) {
        let t = Int(matrix.columns[p])
        if isHeavy[t] {
          key.append(Int32(t))
          key.append(matrix.termCounts[p])
        } else {
          postingRows[next[t]] = Int32(r)
          postingValues[next[t]] = matrix.values[p]
          next[t] += 1
        }
      }
      if key.isEmpty { continue }
      if let g = groupIds[key] {
        groupOf[r] = g
      } else {
        let g = Int32(groupKeys.count)
        groupIds[key] = g
        groupKeys.append(key)
        groupOf[r] = g
      }
    }
    let groupCount = groupKeys.count

    var memberOffsets = [Int](repeating: 0, count: groupCount + 1)
    for g in groupOf where g >= 0 { memberOffsets[Int(g) + 1] += 1 }
    for g in 0..<groupCount { memberOffsets[g + 1] += memberOffsets[g] }
    var fill = memberOffsets
    var members = [Int32](repeating: 0, count: memberOffsets[groupCount])
    for r in 0..<n where groupOf[r] >= 0 {
      let g = Int(groupOf[r])
      members[fill[g]] = Int32(r)
      fill[g] += 1
    }
    for g in 0..<groupCount {
      members[memberOffsets[g]..<memberOffsets[g + 1]].sort { a, b in
        let na = inverseNorms[Int(a)]
        let nb = inverseNorms[Int(b)]
        return na > nb || (na == nb && a < b)
      }
    }

    var termGroupOffsets = [Int](repeating: 0, count: terms + 1)
    for key in groupKeys {
      for p in stride(from: 0, to: key.count, by: 2) { termGroupOffsets[Int(key[p]) + 1] += 1 }
    }
    for t in 0..<terms { termGroupOffsets[t + 1] += termGroupOffsets[t] }
    var slot = termGroupOffsets
    var termGroupIds = [Int32](repeating: 0, count: termGroupOffsets[terms])
    var termGroupWeights = [Float](repeating: 0, count: termGroupOffsets[terms])
    for (g, key) in groupKeys.enumerated() {
      for p in stride(from: 0, to: key.count, by: 2) {
        let t = Int(key[p])
        termGroupIds[slot[t]] = Int32(g)
        termGroupWeights[slot[t]] = Float(Double(key[p + 1]) * matrix.idf[t])
        slot[t] += 1
      }
    }

    self.postingOffsets = postingOffsets
    self.postingRows = postingRows
    self.postingValues = postingValues
    self.rowGroups = (0..<n).map { RowGroup(group: groupOf[$0], inverseNorm: inverseNorms[$0]) }
    self.groupCount = groupCount
    self.memberOffsets = memberOffsets
    self.members = members
    self.termGroupOffsets = termGroupOffsets
    self.termGroupIds = termGroupIds
    self.termGroupWeights = termGroupWeights
    self.memberInverseNorms = members.map { inverseNorms[Int($0)] }
    self.groupMaxInverseNorm = (0..<groupCount).map {
      inverseNorms[Int(members[memberOffsets[$0]])]
    }
  }
}
