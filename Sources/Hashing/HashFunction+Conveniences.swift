extension HashFunction {
  /// Appends `bytes` to the message.
  ///
  /// - Parameter bytes: the next bytes of the message.
  @inlinable
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { update($0) }
  }

  /// Appends the UTF-8 encoding of `string` to the message (no terminator).
  ///
  /// - Parameter string: the next text of the message.
  @inlinable
  public mutating func update(_ string: String) {
    var text = string
    text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
  }

  /// Hashes `bytes` in one call.
  ///
  /// - Parameter bytes: the whole message.
  /// - Returns: its digest.
  @inlinable
  public static func hash(_ bytes: [UInt8]) -> Digest {
    var hasher = Self()
    hasher.update(bytes)
    return hasher.finalize()
  }

  /// Hashes the UTF-8 encoding of `string` in one call.
  ///
  /// - Parameter string: the whole message.
  /// - Returns: its digest.
  @inlinable
  public static func hash(_ string: String) -> Digest {
    var hasher = Self()
    hasher.update(string)
    return hasher.finalize()
  }
}
