/// Collects written bytes in an array.
struct MemorySink: ByteSink {
  var bytes: [UInt8] = []

  mutating func write(_ raw: UnsafeRawBufferPointer) throws(BundleError) {
    bytes.append(contentsOf: raw)
  }
}
