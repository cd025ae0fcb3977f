/// The `ranker.*` sections read in place: empty arrays when the SVD serves.
///
/// Valid only while the `BundleReader` it came from is alive.
public struct RankerView {
  /// 0: none (the SVD serves); 1: item weights; 2: factors.
  public let kind: Int
  /// `k` for kind 2, else 0.
  public let factorCount: Int
  /// `movies x movies`, row-major (kind 1).
  public let itemWeights: UnsafeBufferPointer<Float>
  /// `users x k` (kind 2).
  public let userFactors: UnsafeBufferPointer<Float>
  /// `movies x k` (kind 2).
  public let itemFactors: UnsafeBufferPointer<Float>
}
