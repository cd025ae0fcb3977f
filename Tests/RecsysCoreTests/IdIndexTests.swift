import Testing

@testable import RecsysCore

@Suite struct IdIndexTests {
  @Test func numbersIdsInFirstAppearanceOrder() {
    var index = IdIndex()
    let dense = index.encode([42, 7, 42, -3, 2_000_000_000, 7, 0])
    #expect(dense == [0, 1, 0, 2, 3, 1, 4])
    #expect(index.rawIds == [42, 7, -3, 2_000_000_000, 0])
    #expect(index.count == 5)
    #expect(index.index(of: -3) == 2)
    #expect(index.index(of: 2_000_000_000) == 3)
    #expect(index.index(of: 0) == 4)
    #expect(index.index(of: 5) == nil)
    #expect(index.index(of: 99_999_999) == nil)
    #expect(index.index(of: Int32.max) == nil)
    #expect(!index.contains(-4))
    #expect(index.rawId(at: 1) == 7)
  }

  @Test func insertReportsWhetherNew() {
    var index = IdIndex([5, 6])
    #expect(index.insert(6) == (index: 1, inserted: false))
    #expect(index.insert(9) == (index: 2, inserted: true))
    #expect(index == IdIndex([5, 6, 9]))
    #expect(index != IdIndex([6, 5, 9]))
  }
}
