/// The `ranker.*` sections read in place: empty arrays when the SVD serves.
///
/// Valid only while the `BundleReader` it came from is alive.
public struct RankerView {
  /// 0: none (the SVD serves); 1: dense item weights; 2: factors; 3: sparse item weights.
  public let kind: Int
  /// `k` for kind 2, else 0.
  public let factorCount: Int
  /// `movies + 1` CSR offsets (kind 3).
  public let offsets: UnsafeBufferPointer<Int32>
  /// Neighbour movie indices (kind 3).
  public let neighbours: UnsafeBufferPointer<Int32>
  /// `movies x movies`, row-major (kind 1), or the neighbour weights (kind 3).
  public let itemWeights: UnsafeBufferPointer<Float>
  /// `users x k` (kind 2).
  public let userFactors: UnsafeBufferPointer<Float>
  /// `movies x k` (kind 2).
  public let itemFactors: UnsafeBufferPointer<Float>
}
