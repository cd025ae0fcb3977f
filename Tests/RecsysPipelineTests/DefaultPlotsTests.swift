import Foundation
import TestSupport
import Testing

/// The plots the repository's pipeline.json declares, drawn from a small run of the
/// real stages, and two experiments overlaid.
@Suite(.serialized) struct DefaultPlotsTests {
  @Test func everyDeclaredPlotIsDrawnAndTwoExperimentsOverlay() throws {
    let repo = try DefaultPipelineTests.makeRepo()
    let declared =
      try JSONSerialization.jsonObject(with: repo.bytes("pipeline.json")) as! [String: Any]
    let names = (declared["plots"] as! [String: Any]).keys.sorted()
    #expect(
      names == [
        "genre_counts", "hybrid_sweep", "model_comparison", "rating_histogram", "ratings_per_movie",
        "ratings_per_user",
        "training_curve",
      ])
    let one = try repo.pipeline("exp", "run", "-S", "svd.factors=4")
    #expect(one.status == 0, "\(one.stderr)")
    let two = try repo.pipeline("exp", "run", "-S", "svd.factors=12")
    #expect(two.status == 0, "\(two.stderr)")

    let show = try repo.pipeline("plots", "show")
    #expect(show.status == 0, "\(show.stderr)")
    let page = try repo.read(".pipeline/plots/index.html")
    #expect(page.components(separatedBy: "<svg ").count - 1 == names.count)
    for name in names { #expect(repo.exists(".pipeline/plots/\(name).svg"), "\(name)") }
    #expect(page.contains("<section id=\"experiments\">") && page.contains("<th>exp-1</th>"))
    // The stats the parse stage writes for the exploration plots.
    let stats =
      try JSONSerialization.jsonObject(with: repo.bytes("artifacts/parsed/stats.json"))
      as! [String: Any]
    let curve = stats["ratings_per_movie_curve"] as! [[String: Double]]
    #expect(curve.first!["rank"] == 1 && curve.last!["rank"] == stats["rated_movies"] as? Double)
    #expect(zip(curve, curve.dropFirst()).allSatisfy { $0["ratings"]! >= $1["ratings"]! })
    let bins = stats["ratings_per_user_bins"] as! [[String: Double]]
    #expect(bins.map { $0["users"]! }.reduce(0, +) == stats["users"] as? Double)
    #expect(zip(bins, bins.dropFirst()).allSatisfy { $0["to"] == $1["from"] })
    let genres = try repo.read(".pipeline/plots/genre_counts.svg")
    #expect(genres.contains("Bar chart of movies by genre"))

    let diff = try repo.pipeline("plots", "diff", "exp-1", "exp-2")
    #expect(diff.status == 0, "\(diff.stderr)")
    let training = try repo.read(".pipeline/plots/training_curve.svg")
    for label in ["exp-1: train_rmse", "exp-1: test_rmse", "exp-2: train_rmse", "exp-2: test_rmse"]
    {
      #expect(training.contains(">\(label)</text>"), "legend names \(label)")
    }
    let sweep = try repo.read(".pipeline/plots/hybrid_sweep.svg")
    #expect(sweep.contains(">exp-1</text>") && sweep.contains(">exp-2</text>"))
  }
}
