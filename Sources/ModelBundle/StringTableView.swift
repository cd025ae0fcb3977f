/// Strings stored as offsets into one UTF-8 byte section, read in place.
///
/// Valid only while the `BundleReader` it came from is alive.
public struct StringTableView {
  /// `count + 1` offsets into `bytes`.
  public let offsets: UnsafeBufferPointer<Int32>
  /// The concatenated UTF-8 bytes.
  public let bytes: UnsafeBufferPointer<UInt8>

  /// Number of strings.
  public var count: Int { offsets.count - 1 }

  /// The UTF-8 bytes of string `index`, without copying.
  public func utf8(_ index: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: bytes[Int(offsets[index])..<Int(offsets[index + 1])])
  }

  /// String `index` (invalid UTF-8 is repaired, never trapped on).
  public subscript(index: Int) -> String {
    String(decoding: utf8(index), as: UTF8.self)
  }
}
