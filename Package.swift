// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "pipeline",
  products: [
    .executable(name: "pipeline", targets: ["pipeline"]),
    .executable(name: "recommend", targets: ["recommend"]),
    .executable(name: "recsys", targets: ["recsys"]),
    .library(name: "Charts", targets: ["Charts"]),
  ],
  targets: [
    .target(name: "Basics"),
    .target(name: "Hashing", dependencies: ["Basics"]),
    .target(name: "StrictJSON", dependencies: ["Basics"]),
    .target(name: "CPosix"),
    .target(name: "CStart"),
    .target(name: "Charts"),
    .target(name: "PipelineCore", dependencies: ["Basics", "CPosix", "Charts", "Hashing", "StrictJSON"]),
    .target(name: "PipelineCLI", dependencies: ["PipelineCore", "StrictJSON", "CommandLineKit"]),
    .executableTarget(name: "pipeline", dependencies: ["CStart", "PipelineCLI", "PipelineCore"]),
    .executableTarget(name: "hashbench", dependencies: ["Hashing"], path: "bench/hashbench"),
    .executableTarget(name: "json-bench", dependencies: ["StrictJSON"], path: "bench/jsonbench"),
    .executableTarget(name: "archive-bench", dependencies: ["Archive"], path: "bench/archive-bench"),
    .executableTarget(
      name: "bundle-bench", dependencies: ["ModelBundle", "RecommendCLI", "RecsysCore", "StrictJSON"],
      path: "bench/bundle-bench"),
    .executableTarget(name: "rankbench", dependencies: ["Ranking", "RecsysCore"], path: "bench/rankbench"),
    .executableTarget(name: "mfbench", dependencies: ["Factorization", "RecsysCore"], path: "bench/mfbench"),
    .executableTarget(
      name: "moviedata-bench", dependencies: ["MovieData", "RecsysCore"], path: "bench/moviedata-bench"),
    .executableTarget(
      name: "contentbench", dependencies: ["ContentSimilarity", "Evaluation", "RecsysCore", "Scoring"],
      path: "bench/contentbench"),
    .target(name: "RecsysCore", dependencies: ["Basics"]),
    .target(name: "ContentSimilarity", dependencies: ["RecsysCore"]),
    .target(name: "Scoring", dependencies: ["RecsysCore"]),
    .target(name: "Evaluation", dependencies: ["Scoring", "RecsysCore"]),
    .target(name: "MovieData", dependencies: ["RecsysCore", "StrictJSON"]),
    .target(name: "Factorization", dependencies: ["RecsysCore"]),
    .target(name: "Ranking", dependencies: ["RecsysCore"]),
    .target(name: "CommandLineKit", dependencies: ["Basics"]),
    .target(name: "ModelBundle", dependencies: ["Basics", "StrictJSON", "Hashing"]),
    .target(
      name: "RecommendCLI",
      dependencies: ["Basics", "ModelBundle", "CommandLineKit", "StrictJSON", "Scoring", "RecsysCore"]),
    .executableTarget(name: "recommend", dependencies: ["RecommendCLI"]),
    .executableTarget(
      name: "recsys",
      dependencies: [
        "CommandLineKit", "RecsysCore", "MovieData", "Fetch", "Hashing", "StrictJSON", "Factorization",
        "ContentSimilarity", "Evaluation", "ModelBundle", "Scoring", "Ranking",
      ],
      path: "stages"),
    .target(name: "Archive", dependencies: ["Basics"]),
    .target(name: "Fetch", dependencies: ["Archive", "Basics", "Hashing"]),
    .testTarget(name: "BasicsTests", dependencies: ["Basics"]),
    .testTarget(name: "HashingTests", dependencies: ["Hashing"], exclude: ["Fixtures"]),
    .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON", "RecsysCore"], exclude: ["Fixtures"]),
    .testTarget(name: "ArchiveTests", dependencies: ["Archive", "Hashing", "RecsysCore"], exclude: ["Fixtures"]),
    .testTarget(name: "FetchTests", dependencies: ["Fetch", "Archive", "Hashing"]),
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "PipelineTests", dependencies: ["PipelineCore", "TestSupport"]),
    .testTarget(name: "RecsysPipelineTests", dependencies: ["TestSupport", "recsys", "recommend", "pipeline"]),
    .testTarget(name: "ContentSimilarityTests", dependencies: ["ContentSimilarity"], exclude: ["Fixtures"]),
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Scoring", "ContentSimilarity", "RecsysCore"]),
    .testTarget(name: "RecsysCoreTests", dependencies: ["RecsysCore"]),
    .testTarget(name: "MovieDataTests", dependencies: ["MovieData", "RecsysCore"], exclude: ["Fixtures"]),
    .testTarget(name: "RankingTests", dependencies: ["Ranking", "RecsysCore"]),
    .testTarget(name: "FactorizationTests", dependencies: ["Factorization", "RecsysCore"], exclude: ["Fixtures"]),
    .target(
      name: "TinyBundleFixture", dependencies: ["ModelBundle", "StrictJSON", "Hashing"],
      path: "Tests/TinyBundleFixture"),
    .testTarget(name: "ModelBundleTests", dependencies: ["ModelBundle", "StrictJSON", "TinyBundleFixture"]),
    .testTarget(name: "CommandLineKitTests", dependencies: ["CommandLineKit"]),
    .testTarget(name: "ChartsTests", dependencies: ["Charts"], exclude: ["Fixtures"]),
    .testTarget(
      name: "RecommendCLITests",
      dependencies: [
        "RecommendCLI", "ModelBundle", "StrictJSON", "TinyBundleFixture", "recommend", "Evaluation", "Scoring",
        "RecsysCore",
      ],
      exclude: ["Fixtures"]),
  ],
  swiftLanguageModes: [.v6]
)
