import ModelBundle
import StrictJSON
import Testing
import TinyBundleFixture

@Suite struct BundleWriterValidationTests {
  private func rejects(_ change: (inout BundleContents) -> Void, _ fragment: String) {
    var contents = TinyBundle.contents()
    change(&contents)
    let error = #expect(throws: BundleError.self) { try BundleWriter.encode(contents) }
    guard case .invalidContents(let detail) = error, detail.contains(fragment) else {
      Issue.record("expected '\(fragment)', got \(String(describing: error))")
      return
    }
  }

  @Test func rejectsInconsistentContents() {
    rejects({ $0.model.userBiases.removeLast() }, "user biases")
    rejects({ $0.model.itemFactors.append(1) }, "item factors")
    rejects({ $0.model.globalMean = .nan }, "global mean")
    rejects({ $0.popularity.means.removeLast() }, "popularity")
    rejects({ $0.popularity.counts[0] = -1 }, "negative")
    rejects({ $0.neighbors.values[0] = 0.1 }, "sorted")
    rejects({ $0.neighbors.indices[0] = 6 }, "outside")
    rejects({ $0.ratings.offsets[4] = 9 }, "offsets end")
    rejects({ $0.ratings.values[0] = .infinity }, "not finite")
    rejects({ $0.userIDs[1] = 10 }, "appears twice")
    rejects({ $0.movies[2].id = 1 }, "appears twice")
    rejects({ $0.movies[0].year = 0 }, "year")
    rejects({ $0.metrics = .object(["rmse": .number(.nan)]) }, "metrics.rmse")
  }

  @Test func errorMessagesAreOneLine() {
    let errors: [BundleError] = [
      .notFound(path: "a"), .truncated(path: "a", expectedBytes: 2, actualBytes: 1),
      .checksumMismatch(path: "a", expected: "00", actual: "11"), .badMagic(path: "a"),
      .unsupportedFormatVersion(path: "a", found: 9, supported: 1), .noBundle(directory: "d"),
      .malformed(path: "a", detail: "x"),
      .ambiguousBundle(directory: "d", files: ["a.mlb", "b.mlb"]),
    ]
    for error in errors {
      let text = String(describing: error)
      #expect(!text.contains("\n"))
      #expect(text.first?.isUppercase == false)
    }
  }
}
