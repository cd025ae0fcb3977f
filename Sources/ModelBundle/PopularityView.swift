/// Rating count and mean per movie, read in place.
///
/// Valid only while the `BundleReader` it came from is alive.
public struct PopularityView {
  /// Training ratings per movie.
  public let counts: UnsafeBufferPointer<Int32>
  /// Mean training rating per movie (0 when unrated).
  public let means: UnsafeBufferPointer<Float>
}
