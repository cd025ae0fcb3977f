/// One training rating packed into 12 bytes, so an epoch streams through one array.
struct SGDEntry: Sendable {
  var user: Int32
  var item: Int32
  var rating: Float
}
