extension Array where Element == UInt8 {
  /// Appends the decimal digits of `value` (with a leading `-` when negative).
  ///
  /// Used by the CSV writers: going through `String` for each number costs an
  /// allocation per field, several times the cost of the digits themselves.
  @inlinable
  public mutating func appendDecimal(_ value: Int64) {
    if value < 0 { append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    if magnitude < 10 {
      append(48 &+ UInt8(truncatingIfNeeded: magnitude))
      return
    }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
      var i = 20
      repeat {
        i -= 1
        buf[i] = 48 &+ UInt8(truncatingIfNeeded: magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<20]))
    }
  }

  /// Appends the decimal digits of `value`.
  @inlinable
  public mutating func appendDecimal(_ value: Int) { appendDecimal(Int64(value)) }

  /// Appends the decimal digits of `value`.
  @inlinable
  public mutating func appendDecimal(_ value: Int32) { appendDecimal(Int64(value)) }

  /// Appends a rating the way `ratings.csv` spells it: `4` for whole stars, `3.5` for
  /// halves, and the shortest round-trip decimal for anything else.
  @inlinable
  public mutating func appendRating(_ rating: Float) {
    let twice = rating * 2
    if twice == twice.rounded(.towardZero) && abs(twice) < 1.0e9 {
      let halves = Int64(twice)
      if halves % 2 == 0 {
        appendDecimal(halves / 2)
      } else {
        if halves < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(Int64(halves.magnitude / 2))
        append(UInt8(ascii: "."))
        append(UInt8(ascii: "5"))
      }
    } else {
      append(contentsOf: "\(rating)".utf8)
    }
  }

  /// Appends the UTF-8 bytes of `text`.
  @inlinable
  public mutating func appendText(_ text: String) {
    append(contentsOf: text.utf8)
  }
}
