/// Where the writer streams bundle bytes: memory (tests, `encode`) or a file.
protocol ByteSink {
  /// Appends `bytes`.
  mutating func write(_ bytes: UnsafeRawBufferPointer) throws(BundleError)
}
