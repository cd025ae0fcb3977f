import Charts
import Testing

@Suite struct TicksTests {
  @Test func linearTicksAreNiceAndCoverTheData() {
    let t = Ticks.linear(min: 0.8, max: 0.95, count: 5)
    #expect(t.values == [0.8, 0.85, 0.9, 0.95])
    #expect(t.labels == ["0.80", "0.85", "0.90", "0.95"])
    let big = Ticks.linear(min: 0, max: 120_000, count: 5)
    #expect(big.values == [0, 50_000, 100_000, 150_000])
    #expect(big.labels == ["0", "50k", "100k", "150k"])
    let odd = Ticks.linear(min: -3.2, max: 7.9, count: 6)
    #expect(odd.values == [-4, -2, 0, 2, 4, 6, 8])
    #expect(odd.lower <= -3.2 && odd.upper >= 7.9)
    let tenths = Ticks.linear(min: 0, max: 1, count: 11)
    #expect(tenths.values[3] == 0.3, "no 0.30000000000000004")
    let flat = Ticks.linear(min: 5, max: 5)
    #expect(flat.lower < 5 && flat.upper > 5)
    let millions = Ticks.linear(min: 0, max: 2_500_000, count: 6)
    #expect(millions.labels == ["0", "0.5M", "1M", "1.5M", "2M", "2.5M"])
  }

  @Test func logTicksArePowersOfTen() {
    let t = Ticks.log(min: 1, max: 3000)
    #expect(t.values == [1, 10, 100, 1000, 10000])
    #expect(t.labels == ["1", "10", "100", "1k", "10k"])
    let narrow = Ticks.log(min: 0.02, max: 0.5)
    #expect(narrow.values == [0.02, 0.05, 0.1, 0.2, 0.5])
    #expect(narrow.labels == ["0.02", "0.05", "0.1", "0.2", "0.5"])
    let tiny = Ticks.log(min: 1e-7, max: 1e-3)
    #expect(tiny.labels.first == "1e-7")
  }

  @Test func numbersReadWell() {
    #expect(NumberFormat.value(0.80586) == "0.80586")
    #expect(NumberFormat.value(0.8058612345) == "0.805861")
    #expect(NumberFormat.value(1_000_209) == "1000209")
    #expect(NumberFormat.value(1.5e-7) == "1.5e-7")
    #expect(NumberFormat.value(-2.5) == "-2.5")
    #expect(NumberFormat.fixed(-0.0001, decimals: 2) == "0.00", "no minus zero")
    #expect(NumberFormat.fixed(2.675, decimals: 1) == "2.7")
  }
}
