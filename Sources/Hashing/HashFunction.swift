/// A streaming hash function: feed bytes with `update`, read the result with `finalize`.
///
/// Only the three requirements are per-algorithm; the conveniences (`[UInt8]`, `String`,
/// one-shot `hash`, file streaming) live in extensions, as in swift-crypto.
public protocol HashFunction: Sendable {
  /// The digest length in bytes.
  static var byteCount: Int { get }

  /// Starts an empty message.
  init()

  /// Appends the bytes of `buffer` to the message.
  ///
  /// Whole 64-byte blocks are compressed straight from `buffer`; only a partial tail is
  /// copied, so feeding large buffers costs no extra copying or allocation.
  ///
  /// - Parameter buffer: the next bytes of the message; may be empty.
  mutating func update(_ buffer: UnsafeRawBufferPointer)

  /// Returns the digest of everything fed so far.
  ///
  /// Call it once, at the end. (It pads a copy of the state, so the hasher is left as it
  /// was; a second call returns the same digest.)
  mutating func finalize() -> Digest
}
