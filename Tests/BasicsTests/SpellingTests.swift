import Testing

import Basics

@Suite struct SpellingTests {
  static let stageFields = [
    "cmd", "deps", "params", "outs", "metrics", "always_changed", "frozen", "wdir", "desc",
  ]

  @Test func distances() {
    #expect(Spelling.distance("", "") == 0)
    #expect(Spelling.distance("", "abc") == 3)
    #expect(Spelling.distance("deps", "deps") == 0)
    #expect(Spelling.distance("dep", "deps") == 1)
    #expect(Spelling.distance("dpes", "deps") == 1)  // one swap
    #expect(Spelling.distance("kitten", "sitting") == 3)
    #expect(Spelling.distance("ca", "abc") == 3)  // optimal string alignment, not full Damerau
    #expect(Spelling.distance("caf\u{E9}", "cafe") == 1)
  }

  @Test func suggestions() {
    let f = Self.stageFields
    #expect(Spelling.suggestion(for: "dep", among: f) == "deps")
    #expect(Spelling.suggestion(for: "dpes", among: f) == "deps")
    #expect(Spelling.suggestion(for: "out", among: f) == "outs")
    #expect(Spelling.suggestion(for: "cmnd", among: f) == "cmd")
    #expect(Spelling.suggestion(for: "CMD", among: f) == "cmd")
    #expect(Spelling.suggestion(for: "metric", among: f) == "metrics")
    #expect(Spelling.suggestion(for: "param", among: f) == "params")
    #expect(Spelling.suggestion(for: "wdri", among: f) == "wdir")
    // Prefix and suffix matches reach past distance 2.
    #expect(Spelling.suggestion(for: "always", among: f) == "always_changed")
    #expect(Spelling.suggestion(for: "changed", among: f) == "always_changed")
    #expect(Spelling.suggestion(for: "description", among: f) == "desc")
    // Nothing close: no guess.
    #expect(Spelling.suggestion(for: "dependencies", among: f) == nil)
    #expect(Spelling.suggestion(for: "xyz", among: f) == nil)
    #expect(Spelling.suggestion(for: "ab", among: ["cd"]) == nil)
    #expect(Spelling.suggestion(for: "x", among: f) == nil)
    #expect(Spelling.suggestion(for: "anything", among: []) == nil)
    // Ties go to the earlier candidate; a closer one wins regardless of order.
    #expect(Spelling.suggestion(for: "dex", among: ["deps", "desc"]) == "deps")
    #expect(Spelling.suggestion(for: "dex", among: ["desc", "deps"]) == "desc")
    #expect(Spelling.suggestion(for: "desk", among: ["deps", "desc"]) == "desc")
  }
}
