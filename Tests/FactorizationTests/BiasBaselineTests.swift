import Testing

@testable import Factorization

@Suite struct BiasBaselineTests {
  /// Two users, two items; worked by hand with damping 1 for both:
  /// ratings (u0,i0)=5, (u0,i1)=3, (u1,i0)=4. mu = 4.
  /// b_i0 = (1 + 0) / (1 + 2) = 1/3; b_i1 = (-1) / (1 + 1) = -1/2.
  /// b_u0 = ((5-4-1/3) + (3-4+1/2)) / (1 + 2) = (2/3 - 1/2) / 3 = 1/18.
  /// b_u1 = (4-4-1/3) / (1 + 1) = -1/6.
  @Test func matchesHandComputedBiases() {
    let b = BiasBaseline(
      users: [0, 0, 1], items: [0, 1, 0], ratings: [5, 3, 4], userCount: 2, itemCount: 2, userDamping: 1,
      itemDamping: 1)
    #expect(b.globalMean == 4)
    #expect(abs(b.itemBias[0] - 1.0 / 3) < 1e-12)
    #expect(abs(b.itemBias[1] + 0.5) < 1e-12)
    #expect(abs(b.userBias[0] - 1.0 / 18) < 1e-12)
    #expect(abs(b.userBias[1] + 1.0 / 6) < 1e-12)
    #expect(abs(b.predict(user: 1, item: 1) - (4 - 1.0 / 6 - 0.5)) < 1e-12)
    // Unknown user or item: only the known parts.
    #expect(abs(b.predict(user: -1, item: 0) - (4 + 1.0 / 3)) < 1e-12)
    #expect(b.predict(user: 5, item: 9) == 4)
  }
}
