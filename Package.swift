// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "pipeline",
  products: [
    .executable(name: "pipeline", targets: ["pipeline"]),
    .executable(name: "recommend", targets: ["recommend"]),
    .executable(name: "recsys", targets: ["recsys"]),
    // The libraries are products too, so bench/Package.swift (and other packages) can
    // depend on them by path.
    .library(name: "Archive", targets: ["Archive"]),
    .library(name: "ContentSimilarity", targets: ["ContentSimilarity"]),
    .library(name: "Evaluation", targets: ["Evaluation"]),
    .library(name: "Factorization", targets: ["Factorization"]),
    .library(name: "Hashing", targets: ["Hashing"]),
    .library(name: "ModelBundle", targets: ["ModelBundle"]),
    .library(name: "MovieData", targets: ["MovieData"]),
    .library(name: "RecommendCLI", targets: ["RecommendCLI"]),
    .library(name: "RecsysCore", targets: ["RecsysCore"]),
    .library(name: "RecsysStages", targets: ["RecsysStages"]),
    .library(name: "StrictJSON", targets: ["StrictJSON"]),
  ],
  targets: [
    .target(name: "Basics"),
    .target(name: "Hashing", dependencies: ["Basics"]),
    .target(name: "StrictJSON", dependencies: ["Basics"]),
    .target(name: "CPosix"),
    .target(name: "CStart"),
    .target(name: "PipelineCore", dependencies: ["Basics", "CPosix", "Hashing", "StrictJSON"]),
    .target(name: "PipelineCLI", dependencies: ["PipelineCore", "StrictJSON", "CommandLineKit"]),
    .executableTarget(name: "pipeline", dependencies: ["CStart", "PipelineCLI", "PipelineCore"]),
    .target(name: "RecsysCore", dependencies: ["Basics"]),
    .target(name: "ContentSimilarity", dependencies: ["RecsysCore"]),
    .target(name: "Evaluation", dependencies: ["ContentSimilarity", "RecsysCore"]),
    .target(name: "MovieData", dependencies: ["RecsysCore", "StrictJSON"]),
    .target(name: "Factorization", dependencies: ["RecsysCore"]),
    .target(name: "CommandLineKit", dependencies: ["Basics"]),
    .target(name: "ModelBundle", dependencies: ["Basics", "StrictJSON", "Hashing"]),
    .target(name: "RecommendCLI", dependencies: ["Basics", "ModelBundle", "CommandLineKit", "StrictJSON"]),
    .executableTarget(name: "recommend", dependencies: ["RecommendCLI"]),
    .target(
      name: "RecsysStages",
      dependencies: [
        "Basics", "CommandLineKit", "RecsysCore", "MovieData", "Fetch", "Hashing", "StrictJSON", "Factorization",
        "ContentSimilarity", "Evaluation", "ModelBundle",
      ],
      path: "stages"),
    .executableTarget(name: "recsys", dependencies: ["RecsysStages"]),
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
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "ContentSimilarity"]),
    .testTarget(name: "RecsysCoreTests", dependencies: ["RecsysCore"]),
    .testTarget(name: "MovieDataTests", dependencies: ["MovieData", "RecsysCore"], exclude: ["Fixtures"]),
    .testTarget(name: "FactorizationTests", dependencies: ["Factorization", "RecsysCore"], exclude: ["Fixtures"]),
    .target(
      name: "TinyBundleFixture", dependencies: ["ModelBundle", "StrictJSON", "Hashing"],
      path: "Tests/TinyBundleFixture"),
    .testTarget(name: "ModelBundleTests", dependencies: ["ModelBundle", "StrictJSON", "TinyBundleFixture"]),
    .testTarget(name: "RecsysStagesTests", dependencies: ["RecsysStages", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(
      name: "FuzzTests", dependencies: ["TestSupport", "TinyBundleFixture", "RecsysCore", "recsys", "recommend", "pipeline"]),
    .testTarget(name: "CommandLineKitTests", dependencies: ["CommandLineKit"]),
    .testTarget(
      name: "RecommendCLITests",
      dependencies: ["RecommendCLI", "ModelBundle", "StrictJSON", "TinyBundleFixture", "recommend"],
      exclude: ["Fixtures"]),
  ],
  swiftLanguageModes: [.v6]
)
