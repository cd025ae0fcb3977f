import Testing

@testable import Ranking

@Suite struct InteractionMatrixTests {
  @Test func sortsRowsAndTransposes() throws {
    let m = try InteractionMatrix(
      rows: [1, 0, 1, 0, 2], columns: [2, 1, 0, 0, 1], values: [5, 4, 3, 2, 1], rowCount: 3,
      columnCount: 3)
    #expect(m.offsets == [0, 2, 4, 5])
    #expect(m.columns == [0, 1, 0, 2, 1])
    #expect(m.values == [2, 4, 3, 5, 1])
    let t = m.transposed()
    #expect(t.rowCount == 3 && t.columnCount == 3)
    #expect(t.offsets == [0, 2, 4, 5])
    #expect(t.columns == [0, 1, 0, 2, 1])
    #expect(t.values == [2, 3, 4, 1, 5])
    #expect(t.transposed() == m)
  }

  @Test func binaryWhenNoValues() throws {
    let m = try InteractionMatrix(rows: [0, 0], columns: [3, 1], rowCount: 1, columnCount: 4)
    #expect(m.values == [1, 1])
    #expect(Array(m.columns(ofRow: 0)) == [1, 3])
  }

  @Test func rejectsBadInput() {
    #expect(throws: RankingError.duplicateEntry(row: 0, column: 1)) {
      try InteractionMatrix(rows: [0, 0], columns: [1, 1], rowCount: 1, columnCount: 2)
    }
    #expect(throws: RankingError.indexOutOfRange(kind: "column", position: 1, index: 2, count: 2)) {
      try InteractionMatrix(rows: [0, 0], columns: [1, 2], rowCount: 1, columnCount: 2)
    }
    #expect(throws: RankingError.indexOutOfRange(kind: "row", position: 0, index: -1, count: 1)) {
      try InteractionMatrix(rows: [-1], columns: [0], rowCount: 1, columnCount: 2)
    }
    #expect(throws: RankingError.lengthMismatch(rows: 2, columns: 1, values: 2)) {
      try InteractionMatrix(rows: [0, 0], columns: [1], rowCount: 1, columnCount: 2)
    }
    #expect(throws: RankingError.invalidValue(position: 0, value: -1)) {
      try InteractionMatrix(rows: [0], columns: [0], values: [-1], rowCount: 1, columnCount: 1)
    }
    let message = String(describing: RankingError.duplicateEntry(row: 0, column: 1))
    #expect(
      message
        == "interaction matrix: pair (0, 1) appears more than once; keep one rating per user and item"
    )
  }
}
