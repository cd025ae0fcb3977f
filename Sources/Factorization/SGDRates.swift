/// Learning rates and regularization of one epoch, in the `Float` the kernel works in.
struct SGDRates: Sendable {
  var lrBias: Float
  var regBias: Float
  var lrFactors: Float
  var regFactors: Float
}
