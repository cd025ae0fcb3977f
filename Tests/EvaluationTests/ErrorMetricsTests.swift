import Evaluation
import Testing

struct ErrorMetricsTests {
  @Test func rmseAndMaeByHand() throws {
    // Errors 1, 0, -2: squares 1 + 0 + 4 = 5, RMSE = sqrt(5 / 3); |e| sum 3, MAE = 1.
    let m = try ErrorMetrics(predicted: [3, 4, 5], actual: [2, 4, 7])
    #expect(m.count == 3)
    #expect(m.rmse == (5.0 / 3).squareRoot())
    #expect(m.mae == 1)
  }

  @Test func clippingHappensBeforeTheError() throws {
    // 6 -> 5 and 0.5 -> 1: both exact after clipping to [1, 5].
    let clipped = try ErrorMetrics(predicted: [6, 0.5], actual: [5, 1], clippingTo: 1...5)
    #expect(clipped.rmse == 0 && clipped.mae == 0)
    // Unclipped: errors 1 and -0.5, squares 1.25 / 2 = 0.625, MAE 1.5 / 2 = 0.75.
    let raw = try ErrorMetrics(predicted: [6, 0.5], actual: [5, 1])
    #expect(raw.rmse == 0.625.squareRoot() && raw.mae == 0.75)
  }

  @Test func badInputsThrow() {
    #expect(throws: EvaluationError.lengthMismatch(what: "predictions", expected: 1, actual: 2)) {
      try ErrorMetrics(predicted: [1, 2], actual: [1])
    }
    #expect(throws: EvaluationError.empty("the test set")) {
      try ErrorMetrics(predicted: [], actual: [])
    }
  }
}
